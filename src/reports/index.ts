// Reports: daily counts and tickets turned into figures. One export line per file.
export { serviceDay } from './serviceDay.js';
export { addDays, dayStart, daysBetween, isDay } from './dayBounds.js';
export { percentiles } from './percentiles.js';
export { createReports, type ArticlePerformance, type DayRow, type FlowPerformance, type Period, type Reports, type ReportsOptions, type Spread, type SupervisorReport } from './createReports.js';
