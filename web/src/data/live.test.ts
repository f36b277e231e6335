import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveStream } from './live';

// A stand-in for the browser's EventSource: records the URLs opened, lets the test fire events.
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  listeners: Record<string, ((e: unknown) => void)[]> = {};
  constructor(public url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: unknown) => void) {
    (this.listeners[type] ??= []).push(fn);
  }
  fire(type: string, e: unknown = {}) {
    for (const fn of this.listeners[type] ?? []) fn(e);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

const record = (seq: number) => ({
  data: JSON.stringify({ seq, status: 'applied', event: { type: 'clock_tick', time: '2026-11-02T09:00:00Z' }, actions: [] }),
});

describe('LiveStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.opened = [];
    const store = new Map<string, string>([['tandem.token', 'tdm_0123456789abcdef_secret']]);
    vi.stubGlobal('sessionStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) });
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.stubGlobal('fetch', async () => ({ ok: true, text: async () => '# TYPE tandem_live_last_seq gauge\ntandem_live_last_seq 41\n' }));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('starts at the log end, sends the token as access_token and resumes after the last record', async () => {
    const live = new LiveStream();
    const seen: number[] = [];
    live.subscribe((_s, r) => r && seen.push(r.seq));
    live.open();
    expect(live.isOpen).toBe(true);
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const first = new URL(FakeEventSource.opened[0].url, 'http://x');
    expect(first.pathname).toBe('/api/v1/stream');
    expect(first.searchParams.get('access_token')).toBe('tdm_0123456789abcdef_secret');
    expect(first.searchParams.get('after')).toBe('41');
    FakeEventSource.opened[0].fire('open');
    expect(live.connected).toBe(true);
    FakeEventSource.opened[0].fire('record', record(42));
    FakeEventSource.opened[0].fire('record', record(43));
    FakeEventSource.opened[0].fire('record', { data: 'not json' });
    expect(seen).toEqual([42, 43]);
    // The browser gave up on the connection: a new one after 3 s, from seq 43.
    FakeEventSource.opened[0].readyState = FakeEventSource.CLOSED;
    FakeEventSource.opened[0].fire('error');
    expect(live.connected).toBe(false);
    vi.advanceTimersByTime(3000);
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(new URL(FakeEventSource.opened[1].url, 'http://x').searchParams.get('after')).toBe('43');
    // A replay of 43 is dropped; 44 goes through.
    FakeEventSource.opened[1].fire('record', record(43));
    FakeEventSource.opened[1].fire('record', record(44));
    expect(seen).toEqual([42, 43, 44]);
    live.close();
    expect(FakeEventSource.opened[1].readyState).toBe(FakeEventSource.CLOSED);
  });

  it('leaves a transient error to the browser (it reconnects with Last-Event-ID)', async () => {
    const live = new LiveStream();
    live.open();
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    FakeEventSource.opened[0].readyState = FakeEventSource.CONNECTING;
    FakeEventSource.opened[0].fire('error');
    vi.advanceTimersByTime(10_000);
    expect(FakeEventSource.opened).toHaveLength(1);
  });
});
