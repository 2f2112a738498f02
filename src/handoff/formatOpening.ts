/**
 * When people are back, as a person writes it: 今天（12月2日，周三）上午 9:00, 明天（12月3日，周四）
 * 下午 1:30, 12月5日（周六）上午 9:00; in English: today (Wed 2 Dec) at 9:00. Days are counted in
 * the service's time zone, from `now`.
 */
export function formatOpening(at: Date, now: Date, timeZone: string, locale: 'zh-CN' | 'en'): string {
  const parts = (d: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    ) as Record<string, string>;
  const o = parts(at);
  const n = parts(now);
  const dayNumber = (p: Record<string, string>) => Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / 86_400_000;
  const daysAhead = dayNumber(o) - dayNumber(n);
  const hour = Number(o.hour);
  const minute = o.minute!;
  const weekday = o.weekday!;
  if (locale === 'en') {
    const when = `${weekday} ${o.day} ${new Intl.DateTimeFormat('en-GB', { timeZone, month: 'short' }).format(at)}`;
    const time = `${hour}:${minute}`;
    return daysAhead === 0 ? `today (${when}) at ${time}` : daysAhead === 1 ? `tomorrow (${when}) at ${time}` : `${when} at ${time}`;
  }
  const zhWeekday = { Sun: '周日', Mon: '周一', Tue: '周二', Wed: '周三', Thu: '周四', Fri: '周五', Sat: '周六' }[weekday] ?? weekday;
  const halfDay = hour < 12 ? '上午' : hour < 18 ? '下午' : '晚上';
  const clock = `${halfDay} ${hour > 12 ? hour - 12 : hour}:${minute}`;
  const date = `${o.month}月${o.day}日`;
  if (daysAhead === 0) return `今天（${date}，${zhWeekday}）${clock}`;
  if (daysAhead === 1) return `明天（${date}，${zhWeekday}）${clock}`;
  return `${date}（${zhWeekday}）${clock}`;
}
