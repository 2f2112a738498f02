import type { SupervisorReport } from '../../web/reports/SupervisorReport.js';

/** A small report as the server sends it: two days of November on two channels, one day without anything. */
export const report: SupervisorReport = {
  period: { from: '2026-11-01', to: '2026-11-03' },
  timeZone: 'Asia/Shanghai',
  days: [
    { day: '2026-11-01', channel: 'directline', conversations: 40, contained: 36, containment: 0.9, escalations: 4, questions: 50, fallbacks: 5, fallbackRate: 0.1 },
    { day: '2026-11-01', channel: 'wechat', conversations: 10, contained: 9, containment: 0.9, escalations: 1, questions: 10, fallbacks: 3, fallbackRate: 0.3 },
    { day: '2026-11-03', channel: 'wechat', conversations: 3, contained: 3, containment: 1, escalations: 0, questions: 0, fallbacks: 0, fallbackRate: null },
  ],
  totals: { conversations: 53, contained: 48, containment: 0.906, escalations: 5, questions: 60, fallbacks: 8, fallbackRate: 0.133 },
  escalationsByReason: [
    { reason: '用户要求转人工', count: 3 },
    { reason: '疑似诈骗', count: 2 },
  ],
  queueWait: { p50: 125, p90: 3725, count: 5 },
  firstResponse: { p50: 30, p90: 45, count: 5 },
  handleTime: { p50: null, p90: null, count: 0 },
  agents: [
    { agentId: 1, name: '王小明', tickets: 3, rated: 2, csat: 4.5 },
    { agentId: 2, name: '主管老周', tickets: 2, rated: 0, csat: null },
  ],
  csat: { average: 4.5, count: 2, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 } },
};
