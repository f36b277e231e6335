// SPDX-License-Identifier: Apache-2.0
// My work (agent role): my state with buttons to change it, my offered work with accept/reject,
// my assigned work with its item. Refetches when my stream (forced to me) has a record.
import { LitElement, html } from 'lit';
import { ApiError, get, post, seg } from '../api/client';
import type { Agent, WorkRef } from '../api/types';
import { offerId } from '../data/stream';
import { whenWords } from '../data/format';
import { live } from '../live-instance';
import { getAgentId } from '../session';

const STATES = ['available', 'not_ready', 'break', 'lunch', 'meeting', 'training'] as const;

export class MyWorkView extends LitElement {
  static properties = { agent: { state: true }, message: { state: true }, busy: { state: true } };
  declare agent: Agent | null;
  declare message: string;
  declare busy: boolean;
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    super();
    this.agent = null;
    this.message = '';
    this.busy = false;
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), 5000);
    this.unsubscribe = live.subscribe((_s, r) => {
      if (r) void this.refresh();
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    const id = getAgentId();
    if (!id) {
      this.message = 'No agent id: log in again with your agent id.';
      return;
    }
    try {
      this.agent = await get<Agent>(`/agents/${seg(id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        this.message = `You may not see agent ${id} (403).`;
        this.stop(); // asking again will not change the answer
      } else {
        this.message = String(e);
      }
    }
  }

  private async act(path: string, body: unknown, done: string): Promise<void> {
    this.busy = true;
    try {
      await post(path, body);
      this.message = done;
    } catch (e) {
      this.message = e instanceof ApiError ? (e.status === 409 ? `Refused: ${e.message}` : `${e.status}: ${e.message}`) : String(e);
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  private work(w: WorkRef, offered: boolean) {
    const a = this.agent!;
    const id = offerId(a.id, w.kind, w.id);
    const item = w.kind === 'task' ? w.id.split('/')[0] : w.id;
    return html`<tr data-work=${w.id}>
      <td>${w.kind}</td>
      <td><a href="#/tracker?q=${encodeURIComponent(item)}">${w.id}</a></td>
      <td>
        ${offered
          ? html`<button ?disabled=${this.busy} @click=${() => this.act(`/offers/${seg(id)}/accept`, {}, `Accepted ${w.id}.`)}>Accept</button>
              <button class="secondary" ?disabled=${this.busy} @click=${() => this.act(`/offers/${seg(id)}/reject`, {}, `Rejected ${w.id}.`)}>Reject</button>`
          : 'assigned to me'}
      </td>
    </tr>`;
  }

  render() {
    const a = this.agent;
    const now = live.state.now ?? Date.now();
    return html`${this.message ? html`<div class="notice" role="status">${this.message}</div>` : ''}
      ${a
        ? html`<div class="row">
            <section class="card me">
              <h3>${a.name} <span class="channel">${a.id} · team ${a.team}</span></h3>
              <div class="big state">${a.logged_in ? (a.state ?? '').replace('_', ' ') : 'logged out'}</div>
              ${a.logged_in
                ? html`<dl class="kv">
                    <dt>Mode</dt><dd>${a.mode === 'back_office' ? 'back office' : 'phones'}</dd>
                    <dt>Activity</dt><dd>${a.activity ?? '–'}${a.activity_until ? ` until ${whenWords(a.activity_until, now)}` : ''}</dd>
                    <dt>Load</dt><dd>${Math.round((a.load ?? 0) * 100)} %</dd>
                  </dl>
                  <p>${STATES.map(
                    (s) => html`<button class=${a.state === s ? '' : 'secondary'} ?disabled=${this.busy || a.state === s} @click=${() => this.act(`/agents/${seg(a.id)}/state`, { state: s }, `State set to ${s}.`)}>${s.replace('_', ' ')}</button> `,
                  )}</p>`
                : html`<p class="muted">You are not logged in to the platform (your telephony or desktop logs you in).</p>`}
            </section>
            <section class="card">
              <h3>My work</h3>
              <table class="work">
                <tr><th>kind</th><th>id</th><th></th></tr>
                ${(a.offered ?? []).map((w) => this.work(w, true))} ${(a.assigned ?? []).map((w) => this.work(w, false))}
              </table>
              ${(a.offered ?? []).length + (a.assigned ?? []).length === 0 ? html`<p class="muted">Nothing offered or assigned right now.</p>` : ''}
            </section>
          </div>`
        : ''}`;
  }
}
customElements.define('tandem-mywork', MyWorkView);
