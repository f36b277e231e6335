// SPDX-License-Identifier: Apache-2.0
// The What-if view's data: a simulation job's progress and its result as rows per policy
// (POST /api/v1/simulations, docs/api.md "Planning").
import type { JobProgress, PolicyResult, SimulationJob, SimulationResult } from '../api/types';

/** A job's progress as a share in [0, 1]; null while the total is not known. */
export function progressShare(p: JobProgress | undefined): number | null {
  if (!p || p.total <= 0) return null;
  return Math.min(1, Math.max(0, p.done / p.total));
}

/** Whether a job has reached its final status (no more polling). */
export function finished(job: Pick<SimulationJob, 'status'>): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
}

export interface ScopeRow {
  scope: string;
  kind: 'front office' | 'back office';
  /** One value per policy, in the result's order; null where the KPI is undefined. */
  values: (number | null)[];
  /** The SLA's target share for this scope, when the result checks one. */
  target: number | null;
  /** Per policy: whether the SLA was met (null: not checked). */
  met: (boolean | null)[];
}

function mean(p: PolicyResult, scope: string, kpi: string): number | null {
  return p.kpis[scope]?.[kpi]?.mean ?? null;
}

/**
 * Rows of the comparison table: the service level of each front-office queue (a scope with
 * `service_level`), then the share completed within the SLA of each back-office scope, in the
 * order the first policy lists them.
 */
export function scopeRows(result: SimulationResult): ScopeRow[] {
  const first = result.policies[0];
  if (!first) return [];
  const rows: ScopeRow[] = [];
  for (const [kind, kpi] of [
    ['front office', 'service_level'],
    ['back office', 'completed_within_sla'],
  ] as const) {
    for (const scope of Object.keys(first.kpis)) {
      if (!(kpi in first.kpis[scope])) continue;
      const check = first.sla.find((c) => c.scope === scope && c.kpi === kpi);
      rows.push({
        scope,
        kind,
        values: result.policies.map((p) => mean(p, scope, kpi)),
        target: check ? check.target : null,
        met: result.policies.map((p) => p.sla.find((c) => c.scope === scope && c.kpi === kpi)?.met ?? null),
      });
    }
  }
  return rows;
}

/** Abandonment per front-office queue and policy. */
export function abandonment(result: SimulationResult, queue: string): (number | null)[] {
  return result.policies.map((p) => mean(p, queue, 'abandon_rate'));
}
