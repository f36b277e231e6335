import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../api/types';
import { abandonment, finished, progressShare, scopeRows } from './whatif';

const est = (mean: number | null) => ({ mean, low: mean, high: mean });

const result: SimulationResult = {
  scenario: 'Minimal',
  days: 5,
  replications: 2,
  seed: 7,
  staff_scale: 1,
  shrinkage: 0,
  interrupted: false,
  warnings: [],
  policies: [
    {
      policy: 'blended',
      replications: 2,
      interrupted: false,
      staff_hours: est(240.2),
      cost: est(2404.4),
      occupancy: est(0.7),
      kpis: {
        calls: { offered: est(1266), service_level: est(0.788), abandon_rate: est(0.01) },
        forms: { completed_within_sla: est(0.97) },
        workforce: { staff_hours: est(240.2) },
      },
      sla: [{ scope: 'calls', sla: 'fast', kpi: 'service_level', target: 0.8, at_most: false, met: false, mean: 0.788, low: 0.78, high: 0.79 }],
    },
    {
      policy: 'siloed',
      replications: 2,
      interrupted: false,
      staff_hours: est(240.2),
      cost: est(2404.4),
      occupancy: est(0.6),
      kpis: {
        calls: { offered: est(1266), service_level: est(0.85), abandon_rate: est(null) },
        forms: { completed_within_sla: est(0.9) },
      },
      sla: [{ scope: 'calls', sla: 'fast', kpi: 'service_level', target: 0.8, at_most: false, met: true, mean: 0.85, low: 0.84, high: 0.86 }],
    },
  ],
};

describe('progressShare', () => {
  it('is the share done, null while the total is unknown', () => {
    expect(progressShare({ done: 1, total: 4, label: 'blended' })).toBe(0.25);
    expect(progressShare({ done: 0, total: 0, label: '' })).toBeNull();
    expect(progressShare({ done: 9, total: 4, label: '' })).toBe(1);
    expect(progressShare(undefined)).toBeNull();
  });
});

describe('finished', () => {
  it('is true for the final statuses only', () => {
    expect(finished({ status: 'queued' })).toBe(false);
    expect(finished({ status: 'running' })).toBe(false);
    expect(finished({ status: 'done' })).toBe(true);
    expect(finished({ status: 'failed' })).toBe(true);
    expect(finished({ status: 'cancelled' })).toBe(true);
  });
});

describe('scopeRows', () => {
  it('lists front-office service levels then back-office completion, one value per policy', () => {
    const rows = scopeRows(result);
    expect(rows.map((r) => [r.scope, r.kind])).toEqual([
      ['calls', 'front office'],
      ['forms', 'back office'],
    ]);
    expect(rows[0].values).toEqual([0.788, 0.85]);
    expect(rows[0].target).toBe(0.8);
    expect(rows[0].met).toEqual([false, true]);
    expect(rows[1].values).toEqual([0.97, 0.9]);
    expect(rows[1].target).toBeNull();
    expect(rows[1].met).toEqual([null, null]);
  });
  it('is empty without policies', () => {
    expect(scopeRows({ ...result, policies: [] })).toEqual([]);
  });
  it('gives abandonment per policy, null where undefined', () => {
    expect(abandonment(result, 'calls')).toEqual([0.01, null]);
  });
});
