// SPDX-License-Identifier: Apache-2.0
// What-if: run a simulation of the served scenario (POST /api/v1/simulations) with other
// policies, staff or shrinkage, follow its progress, and compare the policies' service levels,
// abandonment, back-office completion, staff hours and cost (docs/api.md "Planning").
import { LitElement, html } from 'lit';
import { ApiError, get, post } from '../api/client';
import type { JobAccepted, SimulationJob, SimulationRequest } from '../api/types';
import { percent } from '../data/format';
import { abandonment, finished, progressShare, scopeRows } from '../data/whatif';
import { whatifChart } from './chart';

const POLL_MS = 1000;

function number(n: number | null | undefined, digits = 1): string {
  return n == null || !Number.isFinite(n) ? '–' : n.toLocaleString('en-GB', { maximumFractionDigits: digits });
}

export class WhatIfView extends LitElement {
  static properties = { job: { state: true }, error: { state: true }, busy: { state: true } };
  declare job: SimulationJob | null;
  declare error: string;
  declare busy: boolean;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chart: ReturnType<typeof whatifChart> | null = null;
  private onResize = () => this.chart?.resize();

  constructor() {
    super();
    this.job = null;
    this.error = '';
    this.busy = false;
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('resize', this.onResize);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
    this.chart?.dispose();
    this.chart = null;
    window.removeEventListener('resize', this.onResize);
  }

  private async start(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = e.target as HTMLFormElement;
    const value = (name: string) => (f.elements.namedItem(name) as HTMLInputElement).value.trim();
    const body: SimulationRequest = {
      days: Number(value('days')),
      replications: Number(value('replications')),
      seed: Number(value('seed')),
      staff_scale: Number(value('staff_scale')),
      shrinkage: Number(value('shrinkage')) / 100,
    };
    const policies = value('policies')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p);
    if (policies.length) body.policies = policies;
    this.busy = true;
    this.error = '';
    this.job = null;
    if (this.timer) clearTimeout(this.timer);
    try {
      const accepted = await post<JobAccepted>('/simulations', body);
      await this.poll(accepted.id);
    } catch (err) {
      this.busy = false;
      this.error = err instanceof ApiError ? `${err.status}: ${err.message}` : String(err);
    }
  }

  private async poll(id: string): Promise<void> {
    try {
      this.job = await get<SimulationJob>(`/simulations/${encodeURIComponent(id)}`);
    } catch (err) {
      this.busy = false;
      this.error = err instanceof ApiError ? `${err.status}: ${err.message}` : String(err);
      return;
    }
    if (finished(this.job)) {
      this.busy = false;
      return;
    }
    this.timer = setTimeout(() => void this.poll(id), POLL_MS);
  }

  updated(): void {
    const el = this.querySelector<HTMLElement>('.whatif-chart');
    const result = this.job?.status === 'done' ? this.job.result : undefined;
    if (!el || !result) return;
    if (!this.chart) this.chart = whatifChart(el);
    this.chart.update(
      result.policies.map((p) => p.policy),
      scopeRows(result),
    );
  }

  private progress() {
    const job = this.job;
    if (!job) return '';
    const share = progressShare(job.progress);
    return html`<div class="job" data-status=${job.status}>
      <div><strong>${job.id}</strong>: ${job.status}${job.progress.label ? html` · ${job.progress.label}` : ''}
        ${job.progress.total > 0 ? html`<span class="muted">(${job.progress.done} of ${job.progress.total})</span>` : ''}</div>
      <progress max="1" .value=${share ?? 0} aria-label="simulation progress"></progress>
      ${job.error ? html`<div class="notice error" role="alert">${job.error.code}: ${job.error.message}</div>` : ''}
    </div>`;
  }

  private resultView() {
    const result = this.job?.status === 'done' ? this.job.result : undefined;
    if (!result) return '';
    const rows = scopeRows(result);
    const names = result.policies.map((p) => p.policy);
    const mark = (met: boolean | null) => (met == null ? '' : met ? ' ● met' : ' ✕ missed');
    return html`<section class="card whatif-result">
      <h3>${result.scenario}: ${result.days} day(s), ${result.replications} replication(s), seed ${result.seed}, staff × ${result.staff_scale}, shrinkage ${percent(result.shrinkage)}</h3>
      <div class="whatif-chart" style="height:260px"></div>
      <table class="whatif-table">
        <thead><tr><th>scope</th><th>target</th>${names.map((n) => html`<th>${n}</th>`)}</tr></thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr data-scope=${r.scope}>
              <td>${r.scope} <span class="muted">${r.kind === 'front office' ? 'service level' : 'completed in SLA'}</span></td>
              <td>${r.target == null ? '–' : percent(r.target)}</td>
              ${r.values.map((v, i) => html`<td>${percent(v)}${mark(r.met[i])}</td>`)}
            </tr>`,
          )}
          ${rows
            .filter((r) => r.kind === 'front office')
            .map(
              (r) => html`<tr><td>${r.scope} <span class="muted">abandoned</span></td><td></td>
                ${abandonment(result, r.scope).map((v) => html`<td>${percent(v)}</td>`)}</tr>`,
            )}
          <tr class="staff-hours"><td>staff hours</td><td></td>${result.policies.map((p) => html`<td>${number(p.staff_hours.mean)} h</td>`)}</tr>
          <tr class="cost"><td>cost</td><td></td>${result.policies.map((p) => html`<td>${number(p.cost.mean, 0)}</td>`)}</tr>
        </tbody>
      </table>
      ${result.warnings.length ? html`<p class="muted">${result.warnings.length} warning(s): ${result.warnings[0]}</p>` : ''}
    </section>`;
  }

  render() {
    return html`<h2>What-if</h2>
      <p class="muted">Simulate the served scenario with other policies, staff or shrinkage. The live operation is not changed.</p>
      <form class="card whatif-form" @submit=${this.start}>
        <label>Days <input name="days" type="number" min="1" max="28" value="1" required /></label>
        <label>Replications <input name="replications" type="number" min="1" max="20" value="2" required /></label>
        <label>Seed <input name="seed" type="number" min="0" value="1" required /></label>
        <label>Policies <input name="policies" placeholder="blended, siloed (empty: the scenario's first)" /></label>
        <label>Staff × <input name="staff_scale" type="number" step="0.05" min="0.05" max="2" value="1" required /></label>
        <label>Shrinkage % <input name="shrinkage" type="number" step="1" min="0" max="100" value="0" required /></label>
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Running…' : 'Run simulation'}</button>
      </form>
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : ''} ${this.progress()} ${this.resultView()}`;
  }
}
customElements.define('tandem-whatif', WhatIfView);
