import { describe, expect, it } from 'vitest';
import { FEED_LENGTH, NEW_ITEMS_LENGTH, describe as describeEvent, initialLiveState, itemsOf, offerIdsFor, parseRecord, reduceRecord, type StreamRecord } from './stream';
import { agentCounts, appendPoint, blendPoint, MAX_POINTS } from './blending';

const rec = (seq: number, event: object, actions: object[] = [], status = 'applied', reason?: string): StreamRecord =>
  ({ seq, status, reason, event, actions }) as StreamRecord;

describe('parseRecord', () => {
  it('reads the server record shape and refuses anything else', () => {
    const r = parseRecord('{"seq":7,"status":"applied","event":{"type":"clock_tick","time":"2026-11-02T09:00:00Z"},"actions":[]}');
    expect(r?.seq).toBe(7);
    expect(r?.event.type).toBe('clock_tick');
    expect(parseRecord('{"seq":"7"}')).toBeNull();
    expect(parseRecord('not json')).toBeNull();
    expect(parseRecord('{"seq":1,"status":"applied","event":{"type":"x","time":"t"}}')?.actions).toEqual([]);
  });
});

describe('reduceRecord', () => {
  it('keeps the last sequence, the site clock, the feed and what went stale', () => {
    let s = initialLiveState();
    s = reduceRecord(s, rec(1, { type: 'work_item_created', time: '2026-11-02T09:00:00Z', item: 'm-9', process: 'mortgage-application' }));
    expect(s.lastSeq).toBe(1);
    expect(s.now).toBe(Date.parse('2026-11-02T09:00:00Z'));
    expect(s.stale.queues).toBe(true);
    expect([...s.stale.items]).toEqual(['m-9']);
    expect(s.feed[0].text).toBe('work item created · m-9');
    s = reduceRecord(s, rec(2, { type: 'agent_state_changed', time: '2026-11-02T08:59:00Z', agent: 'a7', state: 'break' }));
    expect(s.now).toBe(Date.parse('2026-11-02T09:00:00Z')); // the clock never goes back
    expect(s.stale.agents).toBe(true);
    expect(s.feed.map((f) => f.seq)).toEqual([2, 1]);
    expect(s.applied).toBe(2);
  });
  it('ignores a replayed record after a reconnect', () => {
    const s1 = reduceRecord(initialLiveState(), rec(5, { type: 'clock_tick', time: '2026-11-02T09:00:00Z' }));
    expect(reduceRecord(s1, rec(5, { type: 'clock_tick', time: '2026-11-02T09:00:00Z' }))).toBe(s1);
    expect(reduceRecord(s1, rec(3, { type: 'clock_tick', time: '2026-11-02T09:00:00Z' }))).toBe(s1);
  });
  it('counts a rejection with its reason and marks nothing stale', () => {
    const s = reduceRecord(initialLiveState(), rec(1, { type: 'step_done', time: '2026-11-02T09:00:00Z', task: 'm-1/qc' }, [], 'rejected', 'unknown task'));
    expect(s.rejected).toBe(1);
    expect(s.feed[0].rejected).toBe(true);
    expect(s.feed[0].text).toContain('rejected: unknown task');
    expect(s.stale.items.size).toBe(0);
  });
  it('lists the newest work items created, bounded', () => {
    let s = initialLiveState();
    for (let i = 1; i <= NEW_ITEMS_LENGTH + 2; i++) {
      s = reduceRecord(s, rec(2 * i, { type: 'work_item_created', time: '2026-11-02T09:00:00Z', item: `m-${i}`, work_type: 'email', customer: 'cust-1' }));
      s = reduceRecord(s, rec(2 * i + 1, { type: 'step_done', time: '2026-11-02T09:00:00Z', task: `m-${i}/qc` }));
    }
    expect(s.newItems).toHaveLength(NEW_ITEMS_LENGTH);
    expect(s.newItems[0]).toEqual({ id: `m-${NEW_ITEMS_LENGTH + 2}`, time: '2026-11-02T09:00:00Z', what: 'email', customer: 'cust-1' });
    s = reduceRecord(s, rec(100, { type: 'work_item_created', time: '2026-11-02T09:00:00Z', item: 'm-x' }, [], 'rejected', 'duplicate id'));
    expect(s.newItems[0].id).toBe(`m-${NEW_ITEMS_LENGTH + 2}`);
  });
  it('keeps a bounded feed', () => {
    let s = initialLiveState();
    for (let i = 1; i <= FEED_LENGTH + 10; i++) s = reduceRecord(s, rec(i, { type: 'clock_tick', time: '2026-11-02T09:00:00Z' }));
    expect(s.feed.length).toBe(FEED_LENGTH);
    expect(s.feed[0].seq).toBe(FEED_LENGTH + 10);
  });
  it('finds the items of tasks and work refs, and offer ids for one agent', () => {
    expect(itemsOf({ type: 'step_done', time: '', task: 'm-1/underwriting' })).toEqual(['m-1']);
    expect(itemsOf({ type: 'offer_work', time: '', work: { kind: 'task', id: 'm-2/qc' } })).toEqual(['m-2']);
    expect(itemsOf({ type: 'offer_work', time: '', work: { kind: 'contact', id: 'c-19' } })).toEqual(['c-19']);
    const r = rec(3, { type: 'contact_arrived', time: '', contact: 'c-19', queue: 'voice-general' }, [
      { type: 'offer_work', time: '', agent: 'a7', work: { kind: 'contact', id: 'c-19' } },
      { type: 'offer_work', time: '', agent: 'a8', work: { kind: 'task', id: 'm-1/underwriting~qc' } },
    ]);
    expect(offerIdsFor(r, 'a7')).toEqual(['a7~contact~c-19']);
    expect(offerIdsFor(r, 'a8')).toEqual(['a8~task~m-1/underwriting~qc']);
    expect(describeEvent(r.event)).toBe('contact arrived · c-19 · queue voice-general');
  });
});

describe('blending series', () => {
  const queues = [
    { real_time: true, phone_need: 4.5, phone_agents: 5 },
    { real_time: true, phone_need: 2, phone_agents: 3 },
    { real_time: false },
  ];
  const agents = [
    { logged_in: true, mode: 'phones', state: 'available' },
    { logged_in: true, mode: 'phones', state: 'break' },
    { logged_in: true, mode: 'back_office', state: 'available' },
    { logged_in: false },
  ];
  it('counts agents by mode and state', () => {
    expect(agentCounts(agents)).toEqual({ byMode: { phones: 2, back_office: 1 }, byState: { available: 2, break: 1 }, loggedOut: 1 });
  });
  it('sums the phone need over real-time queues', () => {
    expect(blendPoint(10, queues, agents)).toEqual({ t: 10, phoneNeed: 6.5, phoneAgents: 2, backOfficeAgents: 1 });
    expect(blendPoint(10, queues, null)).toEqual({ t: 10, phoneNeed: 6.5, phoneAgents: 5, backOfficeAgents: 0 });
  });
  it('replaces a point at the same time and stays bounded', () => {
    let s = appendPoint([], { t: 1, phoneNeed: 1, phoneAgents: 1, backOfficeAgents: 0 });
    s = appendPoint(s, { t: 1, phoneNeed: 2, phoneAgents: 1, backOfficeAgents: 0 });
    expect(s).toHaveLength(1);
    expect(s[0].phoneNeed).toBe(2);
    for (let i = 2; i < MAX_POINTS + 50; i++) s = appendPoint(s, { t: i, phoneNeed: 0, phoneAgents: 0, backOfficeAgents: 0 });
    expect(s).toHaveLength(MAX_POINTS);
    expect(s[s.length - 1].t).toBe(MAX_POINTS + 49);
  });
});
