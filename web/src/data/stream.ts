// Reduction of the server's stream records (GET /api/v1/stream, `event: record`) into what the
// views show: the last sequence (to resume), the simulated "now", a short feed, and which
// snapshots (queues, agents, items) a record makes stale so the views refetch them at once.

export interface StreamEvent {
  type: string;
  time: string;
  [field: string]: unknown;
}

export interface StreamRecord {
  seq: number;
  status: 'applied' | 'rejected' | string;
  reason?: string;
  event: StreamEvent;
  actions: StreamEvent[];
}

export interface FeedLine {
  seq: number;
  time: string;
  text: string;
  rejected: boolean;
}

export interface NewItem {
  id: string;
  time: string;
  what: string;
  customer: string;
}

export interface LiveState {
  lastSeq: number;
  /** Latest event time seen (ms since the epoch): the site's clock, simulated or not. */
  now: number | null;
  feed: FeedLine[];
  /** The work items created most recently (newest first). */
  newItems: NewItem[];
  /** Counters since the page opened. */
  applied: number;
  rejected: number;
  /** Snapshots a record touched: the view refetches and clears them. */
  stale: { queues: boolean; agents: boolean; items: Set<string> };
}

export const FEED_LENGTH = 30;
export const NEW_ITEMS_LENGTH = 10;

export function initialLiveState(): LiveState {
  return { lastSeq: 0, now: null, feed: [], newItems: [], applied: 0, rejected: 0, stale: { queues: false, agents: false, items: new Set() } };
}

/** Parses one `data:` payload; null when it is not a record (bad JSON or missing fields). */
export function parseRecord(data: string): StreamRecord | null {
  try {
    const r = JSON.parse(data) as StreamRecord;
    if (typeof r.seq !== 'number' || typeof r.event !== 'object' || r.event === null) return null;
    if (!Array.isArray(r.actions)) r.actions = [];
    return r;
  } catch {
    return null;
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The item a fact names (a task id "m-1/underwrite" belongs to item "m-1"). */
export function itemsOf(e: StreamEvent): string[] {
  const out: string[] = [];
  if (str(e.item)) out.push(str(e.item));
  if (str(e.contact)) out.push(str(e.contact));
  if (str(e.task)) out.push(str(e.task).split('/')[0]);
  const work = e.work as { kind?: string; id?: string } | undefined;
  if (work && typeof work.id === 'string') out.push(work.kind === 'task' ? work.id.split('/')[0] : work.id);
  return out;
}

/** One line of plain text for the feed. */
export function describe(e: StreamEvent): string {
  const who = str(e.agent);
  const work = e.work as { kind?: string; id?: string } | undefined;
  const bits = [e.type.replace(/_/g, ' ')];
  const what = str(e.item) || str(e.contact) || str(e.task) || (work?.id ?? '');
  if (what) bits.push(what);
  if (who) bits.push(`agent ${who}`);
  if (str(e.queue)) bits.push(`queue ${str(e.queue)}`);
  if (str(e.state)) bits.push(`→ ${str(e.state)}`);
  return bits.join(' · ');
}

const AGENT_TYPES = /agent|offer|assign|step|task|contact_ended|release|recall/;
const QUEUE_TYPES = /contact|work_item|task|step|offer|assign|abandon|enqueue|route/;

/** Folds a record into the state (returns a new state; the old one is not changed). */
export function reduceRecord(s: LiveState, r: StreamRecord): LiveState {
  if (r.seq <= s.lastSeq) return s; // a replay after a reconnect: already seen
  const t = Date.parse(r.event.time);
  const rejected = r.status === 'rejected';
  const line: FeedLine = {
    seq: r.seq,
    time: r.event.time,
    text: describe(r.event) + (rejected ? ` — rejected: ${r.reason ?? ''}` : ''),
    rejected,
  };
  const items = new Set(s.stale.items);
  let queues = s.stale.queues;
  let agentsStale = s.stale.agents;
  if (!rejected) {
    for (const e of [r.event, ...r.actions]) {
      for (const id of itemsOf(e)) items.add(id);
      if (QUEUE_TYPES.test(e.type)) queues = true;
      if (AGENT_TYPES.test(e.type)) agentsStale = true;
    }
  }
  const created = !rejected && r.event.type === 'work_item_created' && str(r.event.item);
  const newItems = created
    ? [{ id: str(r.event.item), time: r.event.time, what: str(r.event.process) || str(r.event.work_type), customer: str(r.event.customer) }, ...s.newItems].slice(0, NEW_ITEMS_LENGTH)
    : s.newItems;
  return {
    lastSeq: r.seq,
    now: Number.isNaN(t) ? s.now : Math.max(s.now ?? t, t),
    feed: [line, ...s.feed].slice(0, FEED_LENGTH),
    newItems,
    applied: s.applied + (rejected ? 0 : 1),
    rejected: s.rejected + (rejected ? 1 : 0),
    stale: { queues, agents: agentsStale, items },
  };
}

/** The offers an `offer_work` action makes to `agent`, as offer ids `<agent>~<kind>~<work id>`. */
export function offerIdsFor(r: StreamRecord, agent: string): string[] {
  return r.actions
    .filter((a) => a.type === 'offer_work' && a.agent === agent)
    .map((a) => {
      const w = a.work as { kind: string; id: string };
      return offerId(agent, w.kind, w.id);
    });
}

export function offerId(agent: string, kind: string, workId: string): string {
  return `${agent}~${kind}~${workId}`;
}
