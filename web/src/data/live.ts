// The live stream: EventSource on /api/v1/stream (the token as ?access_token=, since
// EventSource cannot send headers). The browser reconnects by itself with Last-Event-ID; when
// the connection is given up (an error closes it), we open a new one with ?after=<last seq>.
import { getToken } from '../api/client';
import { initialLiveState, parseRecord, reduceRecord, type LiveState, type StreamRecord } from './stream';

export type LiveListener = (state: LiveState, record: StreamRecord | null) => void;

export class LiveStream {
  state: LiveState = initialLiveState();
  connected = false;
  private source: EventSource | null = null;
  private listeners = new Set<LiveListener>();
  private retry: ReturnType<typeof setTimeout> | null = null;
  private startedAtEnd = false;
  private opening = false;

  constructor(private filter: Record<string, string> = {}) {}

  get isOpen(): boolean {
    return this.source !== null || this.opening;
  }

  subscribe(l: LiveListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Clears the stale marks once a view has refetched. */
  markFresh(what: 'queues' | 'agents' | 'items'): void {
    if (what === 'items') this.state.stale.items = new Set();
    else this.state.stale[what] = false;
  }

  /**
   * Opens the stream. The first time it starts at the log's current end (the views load their
   * snapshots from the API; replaying the whole day would only delay live records): the last
   * sequence comes from the public /metrics (tandem_live_last_seq).
   */
  open(): void {
    this.close();
    const token = getToken();
    if (!token) return;
    if (this.state.lastSeq === 0 && !this.startedAtEnd) {
      this.startedAtEnd = true;
      this.opening = true;
      void fetch('/metrics')
        .then((r) => (r.ok ? r.text() : ''))
        .then((text) => {
          const last = Number(/^tandem_live_last_seq (\d+)/m.exec(text)?.[1] ?? 0);
          if (last > 0 && this.state.lastSeq === 0) this.state = { ...this.state, lastSeq: last };
        })
        .catch(() => undefined)
        .finally(() => {
          this.opening = false;
          this.open();
        });
      return;
    }
    const q = new URLSearchParams({ ...this.filter, access_token: token });
    if (this.state.lastSeq > 0) q.set('after', String(this.state.lastSeq));
    const es = new EventSource(`/api/v1/stream?${q}`);
    this.source = es;
    es.addEventListener('open', () => {
      this.connected = true;
      this.emit(null);
    });
    es.addEventListener('record', (m) => {
      const r = parseRecord((m as MessageEvent<string>).data);
      if (!r) return;
      const next = reduceRecord(this.state, r);
      if (next === this.state) return; // a replay of a record already seen
      this.state = next;
      this.emit(r);
    });
    es.addEventListener('error', () => {
      this.connected = false;
      this.emit(null);
      if (es.readyState === EventSource.CLOSED) {
        // Given up (e.g. a 401/503): try again in 3 s from the last sequence seen.
        this.retry = setTimeout(() => this.open(), 3000);
      }
    });
  }

  close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.source?.close();
    this.source = null;
    this.connected = false;
  }

  private emit(r: StreamRecord | null): void {
    for (const l of this.listeners) l(this.state, r);
  }
}
