// SPDX-License-Identifier: Apache-2.0
// Operations now: a card per real-time queue, the back-office strip, agents by state and mode,
// and the blending panel. Polls /queues and /agents every few seconds and refetches at once
// when a stream record touches them.
import { LitElement, html } from 'lit';
import { ApiError, get } from '../api/client';
import type { Agent, AgentList, Queue, QueueList } from '../api/types';
import { agentCounts, appendPoint, blendPoint, type BlendPoint } from '../data/blending';
import { agents as agentsText, duration, percent, perHour, slStatus, slText, siteTimeZone, whenWords } from '../data/format';
import { live } from '../live-instance';
import { blendChart } from './chart';

const POLL_MS = 3000;

export class OpsView extends LitElement {
  static properties = { queues: { state: true }, agents: { state: true }, agentsError: { state: true }, error: { state: true } };
  declare queues: Queue[];
  declare agents: Agent[] | null;
  declare agentsError: string;
  declare error: string;
  private series: BlendPoint[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private frame = 0;
  private forbidden = false;
  private chart: ReturnType<typeof blendChart> | null = null;
  private unsubscribe: (() => void) | null = null;
  private onResize = () => this.chart?.resize();

  constructor() {
    super();
    this.queues = [];
    this.agents = null;
    this.agentsError = '';
    this.error = '';
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.unsubscribe = live.subscribe((s) => {
      // The feed and the new items come from the stream itself: show them at once (one frame).
      if (!this.frame) {
        this.frame = requestAnimationFrame(() => {
          this.frame = 0;
          this.requestUpdate();
        });
      }
      if ((s.stale.queues || s.stale.agents) && !this.pending && !this.forbidden) {
        this.pending = setTimeout(() => {
          this.pending = null;
          void this.refresh();
        }, 150);
      }
    });
    window.addEventListener('resize', this.onResize);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.unsubscribe?.();
    this.chart?.dispose();
    this.chart = null;
    window.removeEventListener('resize', this.onResize);
  }

  private async refresh(): Promise<void> {
    live.markFresh('queues');
    live.markFresh('agents');
    try {
      const q = await get<QueueList>('/queues');
      this.queues = q.queues;
      this.error = '';
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        this.error = 'Your role may not see the queues or the other agents (403): Operations is for supervisors, planners and admins.';
        this.forbidden = true;
        if (this.timer) clearInterval(this.timer); // asking again will not change the answer
        this.timer = null;
      } else {
        this.error = `Queues: ${String(e instanceof Error ? e.message : e)}`;
      }
      return;
    }
    try {
      this.agents = (await get<AgentList>('/agents')).agents;
      this.agentsError = '';
    } catch (e) {
      this.agents = null;
      this.agentsError = e instanceof ApiError && e.status === 403 ? 'Your role may not see the other agents (403).' : String(e);
    }
    const t = live.state.now ?? Date.now();
    this.series = appendPoint(this.series, blendPoint(t, this.queues, this.agents));
    await this.updateComplete;
    const el = this.querySelector<HTMLElement>('#blend-chart');
    if (el) {
      this.chart ??= blendChart(el);
      this.chart.update(this.series, siteTimeZone());
    }
  }

  private queueCard(q: Queue) {
    const target = q.service_level_target ?? 0.8;
    const today = q.today;
    const recent = q.last_15_minutes;
    const sl = (share: number | null | undefined) => html`<span class="sl-${slStatus(share, target)}">${slText(share, target)}</span>`;
    return html`<section class="card queue" data-queue=${q.id}>
      <h3>${q.name} <span class="channel">${q.channel}</span></h3>
      <div><span class="big waiting">${q.waiting}</span> waiting · longest ${duration(q.longest_wait_seconds)}</div>
      <dl class="kv">
        <dt>SL today</dt><dd>${sl(today?.service_level)} <span class="muted">target ${percent(target)} in ${duration(q.answer_target_seconds)}</span></dd>
        <dt>SL last 15 min</dt><dd>${sl(recent?.service_level)} <span class="muted">${recent?.answered ?? 0} answered</span></dd>
        <dt>Abandoned</dt><dd>${percent(today?.abandon_rate)} <span class="muted">(${today?.abandoned ?? 0} of ${today?.arrived ?? 0} offered)</span></dd>
        <dt>Arrivals</dt><dd>${perHour(q.arrivals_per_hour)}</dd>
        <dt>Phone need</dt><dd>${agentsText(q.phone_need)} vs ${agentsText(q.phone_agents)} on the phones</dd>
      </dl>
    </section>`;
  }

  private agentsPanel() {
    if (!this.agents) return html`<div class="notice" role="status">${this.agentsError || 'Loading agents…'}</div>`;
    const { byMode, byState, loggedOut } = agentCounts(this.agents);
    const max = Math.max(1, loggedOut, ...Object.values(byState), ...Object.values(byMode));
    const bar = (label: string, n: number, cls = '') =>
      html`<div class="bar"><span>${label}</span><div class="fill ${cls}" style="width:${(100 * n) / max}%"></div><span>${n}</span></div>`;
    return html`<div class="bars agents-by-state">
        <strong>By state</strong>
        ${Object.entries(byState).sort().map(([s, n]) => bar(s.replace('_', ' '), n))}
        ${bar('logged out', loggedOut)}
      </div>
      <div class="bars agents-by-mode" style="margin-top:.6rem">
        <strong>By mode</strong>
        ${bar('phones', byMode['phones'] ?? 0, 'mode-phones')} ${bar('back office', byMode['back_office'] ?? 0, 'mode-back_office')}
      </div>`;
  }

  render() {
    const rt = this.queues.filter((q) => q.real_time);
    const bo = this.queues.filter((q) => !q.real_time);
    const now = live.state.now;
    if (this.forbidden) {
      return html`<div class="notice error" role="alert">${this.error}</div>
        <p><a href="#/mywork">Open My work</a> · <a href="#/tracker">Find an item</a></p>`;
    }
    return html`
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''}
      <h2>Queues <span class="muted" style="font-size:.9rem">${now ? `site time ${whenWords(new Date(now).toISOString(), now)}` : ''}</span></h2>
      <div class="grid queues">${rt.map((q) => this.queueCard(q))}</div>
      <h2>Back office — waiting</h2>
      <div class="strip backoffice">
        ${bo.map(
          (q) => html`<div class="cell" data-queue=${q.id}>
            <div class="muted">${q.name}</div>
            <div class="n">${q.waiting}</div>
            <div class="muted">oldest ${duration(q.longest_wait_seconds)}</div>
          </div>`,
        )}
      </div>
      <div class="row">
        <section class="card">
          <h3>Blending — phone agents vs phone need</h3>
          <div id="blend-chart" class="chart"></div>
        </section>
        <section class="card">
          <h3>Agents</h3>
          ${this.agentsPanel()}
        </section>
        <section class="card">
          <h3>New work items <span class="channel">from the stream</span></h3>
          <table class="new-items">
            ${live.state.newItems.map(
              (i) => html`<tr><td><a href="#/tracker?q=${encodeURIComponent(i.id)}">${i.id}</a></td><td>${i.what}</td><td>${i.customer}</td><td>${now ? whenWords(i.time, now) : ''}</td></tr>`,
            )}
          </table>
          ${live.state.newItems.length ? '' : html`<p class="muted">None since this page opened.</p>`}
        </section>
        <section class="card">
          <h3>Live feed <span class="channel">${live.state.applied} events</span></h3>
          <ul class="feed">${live.state.feed.slice(0, 15).map((f) => html`<li class=${f.rejected ? 'sl-missed' : ''}>#${f.seq} ${f.text}</li>`)}</ul>
        </section>
      </div>`;
  }
}
customElements.define('tandem-ops', OpsView);
