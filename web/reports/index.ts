/**
 * The kefu supervisors' reports, served at /reports/: conversations, containment, escalations,
 * waits and CSAT for a period, as figures, charts (uPlot) and tables with their CSV. Plain DOM,
 * same-origin calls to /api/agent/reports with the console's sign-in.
 */
import { mountReports } from './mountReports.js';

if (document.body) mountReports(window);
else document.addEventListener('DOMContentLoaded', () => mountReports(window), { once: true });
