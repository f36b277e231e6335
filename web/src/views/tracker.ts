// SPDX-License-Identifier: Apache-2.0
// Item tracker: find an item by its id or a customer's items and journey; the item's place,
// current step, tasks and who holds them, the ETA in plain words, why it waits, its history.
import { LitElement, html } from 'lit';
import { ApiError, get, seg } from '../api/client';
import type { Item, ItemPage, Journey } from '../api/types';
import { duration, etaWords, stageWords, whenWords } from '../data/format';
import { live } from '../live-instance';

export class TrackerView extends LitElement {
  static properties = { initial: {}, item: { state: true }, items: { state: true }, journey: { state: true }, message: { state: true } };
  declare initial: string;
  declare item: Item | null;
  declare items: Item[];
  declare journey: Journey | null;
  declare message: string;
  private term = '';
  private unsubscribe: (() => void) | null = null;

  constructor() {
    super();
    this.initial = '';
    this.item = null;
    this.items = [];
    this.journey = null;
    this.message = '';
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this.initial) void this.search(this.initial);
    // Refetch the shown item when a stream record names it.
    this.unsubscribe = live.subscribe((s) => {
      if (this.item && s.stale.items.has(this.item.id)) {
        live.markFresh('items');
        void this.load(this.item.id);
      }
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  /** A customer id (their items and journey), else an item or contact id. */
  async search(term: string): Promise<void> {
    this.term = term.trim();
    if (!this.term) return;
    history.replaceState(null, '', `#/tracker?q=${encodeURIComponent(this.term)}`);
    this.message = 'Searching…';
    this.item = null;
    this.items = [];
    this.journey = null;
    try {
      // A customer's items first (an empty list, not a 404, when the term is not a customer).
      const page = await get<ItemPage>(`/items?customer=${seg(this.term)}&limit=100`);
      if (page.items.length) {
        this.items = page.items;
        this.journey = await get<Journey>(`/customers/${seg(this.term)}/journey`).catch(() => null);
        this.message = '';
        if (this.items.length === 1) await this.load(this.items[0].id);
        return;
      }
      if (!(await this.load(this.term))) this.message = `No item or customer "${this.term}".`;
    } catch (e) {
      this.message = e instanceof ApiError && e.status === 403 ? 'Your role may not look up items (403).' : String(e instanceof Error ? e.message : e);
    }
  }

  private async load(id: string): Promise<boolean> {
    try {
      this.item = await get<Item>(`/items/${seg(id)}`);
      this.message = '';
      if (this.item.customer && this.journey?.customer !== this.item.customer) {
        this.journey = await get<Journey>(`/customers/${seg(this.item.customer)}/journey`).catch(() => null);
      }
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return false;
      throw e;
    }
  }

  private itemPanel(it: Item) {
    const now = live.state.now ?? Date.now();
    const stage = it.stage ?? 0;
    const count = it.stage_count ?? 0;
    return html`<section class="card item" data-item=${it.id}>
      <h3>${it.kind === 'contact' ? 'Contact' : 'Work item'} ${it.id} <span class="channel">${it.process ?? it.queue ?? ''}</span></h3>
      ${it.kind === 'work_item'
        ? html`<div class="eta" data-testid="eta">${it.place === 'done' ? 'done' : etaWords(it.eta ?? null, now)}</div>
            ${it.eta ? html`<div class="muted">${it.eta.basis}</div>` : ''}
            <div class="steps" aria-label=${stageWords(stage, count)}>
              ${Array.from({ length: count }, (_, i) => html`<span class=${i + 1 < stage ? 'done' : i + 1 === stage ? 'current' : ''}>step ${i + 1}${i + 1 === stage ? ' (now)' : ''}</span>`)}
            </div>
            <dl class="kv">
              <dt>Place</dt><dd class="place">${it.place} · ${stageWords(stage, count)}</dd>
              <dt>Customer</dt><dd>${it.customer || '–'}</dd>
              <dt>Received</dt><dd>${it.received ? whenWords(it.received, now) : '–'}</dd>
              <dt>Due</dt><dd>${it.due ? whenWords(it.due, now) : '–'}${it.overdue ? html` <strong class="sl-missed">✕ overdue</strong>` : ''}</dd>
              <dt>Priority</dt><dd>${it.priority ?? '–'}</dd>
            </dl>`
        : html`<dl class="kv">
            <dt>Place</dt><dd class="place">${it.place}</dd>
            <dt>Queue</dt><dd>${it.queue}</dd>
            <dt>Agent</dt><dd>${it.agent ?? 'nobody yet'}</dd>
          </dl>`}
      ${it.explain ? html`<div class="notice why"><strong>Why it is waiting:</strong> ${it.explain.text}</div>` : ''}
      ${it.tasks?.length
        ? html`<h3 style="margin-top:.8rem">Tasks</h3>
            <table class="tasks">
              <tr><th>task</th><th>step</th><th>queue</th><th>place</th><th>held by</th><th>worked</th></tr>
              ${it.tasks.map((t) => html`<tr><td>${t.id}</td><td>${t.step}</td><td>${t.queue}</td><td>${t.place}</td><td>${t.agent ?? 'nobody yet'}</td><td>${duration(t.progress_seconds)}</td></tr>`)}
            </table>`
        : ''}
      ${it.history?.length
        ? html`<h3 style="margin-top:.8rem">History</h3>
            <table class="history">
              ${it.history.map((h) => html`<tr><td>${whenWords(h.time, now)}</td><td>${h.kind.replace(/_/g, ' ')}</td><td>${h.task ?? ''}</td><td>${h.agent ?? ''}</td></tr>`)}
            </table>`
        : ''}
    </section>`;
  }

  private journeyPanel(j: Journey) {
    const now = live.state.now ?? Date.now();
    const steps = [...j.steps].sort((a, b) => a.time.localeCompare(b.time));
    return html`<section class="card journey">
      <h3>Journey of customer ${j.customer} <span class="channel">${steps.length} ${steps.length === 1 ? 'step' : 'steps'}</span></h3>
      <table>
        <tr><th>when</th><th>what</th><th>ref</th><th>detail</th></tr>
        ${steps.map(
          (s) => html`<tr><td>${whenWords(s.time, now)}</td><td>${s.kind.replace(/_/g, ' ')}</td><td><a href="#/tracker?q=${encodeURIComponent(s.ref)}" @click=${(e: Event) => { e.preventDefault(); void this.search(s.ref); }}>${s.ref}</a></td><td>${s.detail}</td></tr>`,
        )}
      </table>
    </section>`;
  }

  render() {
    return html`<form
        class="search"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          void this.search(((e.target as HTMLFormElement).elements.namedItem('q') as HTMLInputElement).value);
        }}
      >
        <input name="q" size="40" placeholder="item id (m-1) or customer id (cust-42)" .value=${this.term || this.initial} aria-label="item or customer" />
        <button type="submit">Find</button>
      </form>
      ${this.message ? html`<div class="notice" role="status">${this.message}</div>` : ''}
      ${this.items.length > 1
        ? html`<section class="card"><h3>Items of ${this.term}</h3>
            <table>${this.items.map((i) => html`<tr><td><a href="#" @click=${(e: Event) => { e.preventDefault(); void this.load(i.id); }}>${i.id}</a></td><td>${i.process}</td><td>${i.place}</td><td>${stageWords(i.stage ?? 0, i.stage_count ?? 0)}</td></tr>`)}</table>
          </section>`
        : ''}
      <div class="row">${this.item ? this.itemPanel(this.item) : ''} ${this.journey ? this.journeyPanel(this.journey) : ''}</div>`;
  }
}
customElements.define('tandem-tracker', TrackerView);
