import type { Lang } from './lang.js';
import type { PeriodMessages } from './staffMessages.js';

/** The period picker's words, one set for every page that has it (the reports, the workspace's 表现). */
export const periodWords: Readonly<Record<Lang, PeriodMessages['period']>> = {
  'zh-CN': {
    label: '时间段',
    from: '开始日期',
    to: '结束日期',
    until: '至',
    quick: { last7: '近7天', last30: '近30天', thisMonth: '本月' },
    fromAfterTo: '开始日期不能晚于结束日期。',
    tooLong: (days) => `一次最多查看 ${days} 天。`,
    badFrom: '开始日期无效，或晚于结束日期。',
    badTo: '结束日期无效，或时间段太长（最多 366 天）。',
  },
  en: {
    label: 'Period',
    from: 'From',
    to: 'To',
    until: 'to',
    quick: { last7: 'Last 7 days', last30: 'Last 30 days', thisMonth: 'This month' },
    fromAfterTo: 'The first day must not be after the last.',
    tooLong: (days) => `At most ${days} days at once.`,
    badFrom: 'The first day is not a day, or is after the last.',
    badTo: 'The last day is not a day, or the period is too long (366 days at most).',
  },
};
