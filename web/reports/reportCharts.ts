import uPlot from 'uplot';
import type { ChartOptions } from './createChart.js';
import { dayLabel, type DailySeries } from './chartData.js';
import type { ReportsMessages } from './messages.js';

/** The page's colours (base.css's accent; the orange, green and red of its badges). */
const BLUE = '#1677ff';
const ORANGE = '#fa8c16';
const GREEN = '#389e0d';
const RED = '#cf1322';
const AMBER = '#faad14';
const GRID = '#f0f1f3';
const AXIS = '#86909c';
const FONT = '12px -apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", sans-serif';

/** Steps for axes of counts: whole numbers only. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000];
/** Steps for an axis of days (a point per day): a tick every day, two, a week, … */
const DAY_STEPS = [1, 2, 3, 7, 14, 28, 56, 91, 182];

const axis = (more: uPlot.Axis): uPlot.Axis => ({ stroke: AXIS, font: FONT, grid: { stroke: GRID, width: 1 }, ticks: { show: false }, ...more });
/** From zero to a little above the largest count, never below 1 (an empty chart still has an axis). */
const fromZero = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, Math.max(1, Math.ceil(max * 1.08))];
const count = (_u: uPlot, v: number | null) => (v === null ? '—' : String(v));

/** The x axis and legend of a chart of days, points at 0..n-1. */
function daysAxis(series: DailySeries, m: ReportsMessages): { x: uPlot.Series; axis: uPlot.Axis; scale: uPlot.Scale } {
  const n = series.days.length;
  return {
    x: { label: m.series.day, value: (_u, v) => (v === null ? '—' : (series.days[Math.round(v)] ?? '')) },
    axis: axis({ incrs: DAY_STEPS, space: 44, size: 30, gap: 6, grid: { show: false }, values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? dayLabel(series.days[i] ?? '') : '')) }),
    scale: { time: false, range: [-0.5, n - 0.5] },
  };
}

const noDrag: uPlot.Cursor = { drag: { x: false, y: false } };

/** 每日会话与转人工: conversations as bars (left axis), escalations as a line (right axis, its own scale). */
export function volumeChart(series: DailySeries, m: ReportsMessages): { options: ChartOptions; data: uPlot.AlignedData } {
  const days = daysAxis(series, m);
  const few = series.days.length <= 45;
  return {
    options: {
      cursor: noDrag,
      scales: { x: days.scale, y: { range: fromZero }, esc: { range: fromZero } },
      series: [
        days.x,
        { label: m.series.conversations, scale: 'y', stroke: BLUE, fill: 'rgba(22, 119, 255, 0.28)', width: 1, paths: uPlot.paths.bars!({ size: [0.7, 36] }), points: { show: false }, value: count },
        { label: m.series.escalations, scale: 'esc', stroke: ORANGE, width: 2, points: { show: few, size: 5, fill: ORANGE }, value: count },
      ],
      axes: [days.axis, axis({ scale: 'y', incrs: COUNT_STEPS, size: 44, stroke: BLUE }), axis({ scale: 'esc', side: 1, incrs: COUNT_STEPS, size: 36, stroke: '#d46b08', grid: { show: false } })],
    },
    data: [series.days.map((_, i) => i), [...series.conversations], [...series.escalations]],
  };
}

/** 每日自助率与未答率: two lines in percent, a gap on a day without a whole to divide by. */
export function ratesChart(series: DailySeries, m: ReportsMessages): { options: ChartOptions; data: uPlot.AlignedData } {
  const days = daysAxis(series, m);
  const few = series.days.length <= 45;
  const percent = (_u: uPlot, v: number | null) => (v === null ? '—' : `${v}%`);
  return {
    options: {
      cursor: noDrag,
      scales: { x: days.scale, y: { range: [0, 100] } },
      series: [
        days.x,
        { label: m.series.containment, stroke: GREEN, width: 2, points: { show: few, size: 5, fill: GREEN }, value: percent },
        { label: m.series.fallbackRate, stroke: RED, width: 2, dash: [6, 4], points: { show: few, size: 5, fill: RED }, value: percent },
      ],
      axes: [days.axis, axis({ incrs: [10, 20, 25, 50], size: 44, values: (_u, splits) => splits.map((v) => `${v}%`) })],
    },
    data: [series.days.map((_, i) => i), [...series.containment], [...series.fallbackRate]],
  };
}

/** 满意度分布: how many gave 1 to 5 stars, as bars. */
export function csatChart(bars: { readonly ratings: readonly number[]; readonly counts: readonly number[] }, m: ReportsMessages): { options: ChartOptions; data: uPlot.AlignedData } {
  return {
    options: {
      cursor: noDrag,
      scales: { x: { time: false, range: [0.4, 5.6] }, y: { range: fromZero } },
      series: [
        { label: m.series.rating, value: (_u, v) => (v === null ? '—' : m.stars(Math.round(v))) },
        { label: m.series.ratings, stroke: AMBER, fill: 'rgba(250, 173, 20, 0.55)', width: 1, paths: uPlot.paths.bars!({ size: [0.6, 64] }), points: { show: false }, value: count },
      ],
      axes: [axis({ splits: () => [...bars.ratings], size: 30, gap: 6, grid: { show: false }, values: (_u, splits) => splits.map((v) => m.stars(v)) }), axis({ incrs: COUNT_STEPS, size: 44 })],
    },
    data: [[...bars.ratings], [...bars.counts]],
  };
}
