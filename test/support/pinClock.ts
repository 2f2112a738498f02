/**
 * Setup file: with `KEFU_TEST_BEIJING_TIME=HH:MM`, every test file runs with `Date` pinned to that
 * wall-clock time in Beijing today (then running at normal speed). CI runs the bot and handoff
 * suites at 03:00 and at 15:00 this way, which proves that no test depends on the hour it runs at.
 * Only `Date` is faked: timers, `performance.now()` and the event loop are real.
 */
import { vi } from 'vitest';

const pinned = process.env.KEFU_TEST_BEIJING_TIME;
if (pinned) {
  const match = /^(\d{2}):(\d{2})$/.exec(pinned);
  if (!match) throw new Error(`KEFU_TEST_BEIJING_TIME must be HH:MM, got "${pinned}"`);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }); // YYYY-MM-DD
  const now = Date.parse(`${today}T${match[1]}:${match[2]}:00+08:00`);
  vi.useFakeTimers({ toFake: ['Date'], now, shouldAdvanceTime: true });
}
