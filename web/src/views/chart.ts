// SPDX-License-Identifier: Apache-2.0
// ECharts, only the parts used (line and bar charts on canvas), so the bundle stays small.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { BlendPoint } from '../data/blending';
import type { ScopeRow } from '../data/whatif';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function blendChart(el: HTMLElement) {
  const chart = echarts.init(el);
  return {
    update(points: BlendPoint[], tz: string) {
      const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0, left: 60 },
        grid: { left: 50, right: 20, top: 36, bottom: 30 },
        xAxis: { type: 'time', splitNumber: 6, axisLabel: { hideOverlap: true, formatter: (v: number) => fmt.format(new Date(v)) } },
        yAxis: { type: 'value', name: 'agents', minInterval: 1 },
        series: [
          { name: 'phone agents', type: 'line', showSymbol: false, step: 'end', color: '#0072b2', lineStyle: { width: 3 }, data: points.map((p) => [p.t, p.phoneAgents]) },
          { name: 'phone need', type: 'line', showSymbol: false, color: '#e69f00', lineStyle: { width: 3, type: 'dashed' }, data: points.map((p) => [p.t, Math.round(p.phoneNeed * 10) / 10]) },
          { name: 'back-office agents', type: 'line', showSymbol: false, step: 'end', color: '#cc79a7', lineStyle: { width: 2, type: 'dotted' }, data: points.map((p) => [p.t, p.backOfficeAgents]) },
        ],
      });
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}

// Okabe-Ito, one colour per policy; the values are also in the table next to the chart.
const POLICY_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

/** The What-if comparison: a bar per policy for each scope's service level (or completion). */
export function whatifChart(el: HTMLElement) {
  const chart = echarts.init(el);
  return {
    update(policies: string[], rows: ScopeRow[]) {
      chart.setOption(
        {
          animation: false,
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} %` },
          legend: { top: 0, right: 20 },
          grid: { left: 50, right: 20, top: 36, bottom: 30 },
          xAxis: { type: 'category', data: rows.map((r) => r.scope) },
          yAxis: { type: 'value', name: '% in SLA', min: 0, max: 100 },
          series: policies.map((p, i) => ({
            name: p,
            type: 'bar',
            color: POLICY_COLOURS[i % POLICY_COLOURS.length],
            data: rows.map((r) => (r.values[i] == null ? null : Math.round(r.values[i]! * 1000) / 10)),
          })),
        },
        true,
      );
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
