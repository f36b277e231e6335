// SPDX-License-Identifier: Apache-2.0
// ECharts, only the parts used (line chart on canvas), so the bundle stays small.
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { BlendPoint } from '../data/blending';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

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
