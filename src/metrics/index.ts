export { createMetrics, type Metrics, type MetricSources } from './createMetrics.js';
