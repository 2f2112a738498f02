import type { Lang } from '../shared/lang.js';
import { periodWords } from '../shared/periodWords.js';
import { staffErrorWords, staffWords } from '../shared/staffWords.js';
import type { PeriodMessages, StaffShellMessages } from '../shared/staffMessages.js';
import type { DurationWords } from './formatSeconds.js';

/**
 * Every word the supervisors' reports page shows, in both languages. Escalation reasons and
 * agents' names come from the server as they are.
 */
export interface ReportsMessages extends StaffShellMessages, PeriodMessages {
  readonly loading: string;
  readonly noData: string;

  readonly heading: string;
  readonly filters: string;
  readonly channel: string;
  readonly allChannels: string;
  /** Channel ids as people know them; an id not here shows as it is. */
  readonly channels: Readonly<Record<string, string>>;
  /** Under the heading: which days, counted in which zone. */
  readonly periodNote: (from: string, to: string, timeZone: string) => string;

  readonly figures: {
    readonly label: string;
    readonly conversations: string;
    readonly containment: string;
    readonly escalations: string;
    readonly fallbackRate: string;
    readonly queueWait: string;
    readonly firstResponse: string;
    readonly handleTime: string;
    readonly csat: string;
  };
  readonly contained: (contained: number) => string;
  readonly questionsAsked: (questions: number) => string;
  readonly escalationShare: (share: string) => string;
  readonly fallbacksOf: (fallbacks: number, questions: number) => string;
  /** Under a median: the 90th percentile and how many were measured. */
  readonly spread: (p90: string, count: number) => string;
  readonly median: string;
  readonly csatOutOf: string;
  readonly csatCount: (n: number) => string;

  readonly charts: { readonly volume: string; readonly rates: string; readonly csat: string };
  readonly series: { readonly day: string; readonly conversations: string; readonly escalations: string; readonly containment: string; readonly fallbackRate: string; readonly rating: string; readonly ratings: string };
  readonly stars: (n: number) => string;
  /** A chart's summary for screen readers (the tables hold the figures). */
  readonly volumeSummary: (days: number, conversations: number, escalations: number) => string;
  readonly ratesSummary: (containment: string, fallbackRate: string) => string;
  /** How many gave 1 to 5 stars, in that order. */
  readonly csatSummary: (counts: readonly number[]) => string;

  readonly tables: { readonly days: string; readonly reasons: string; readonly agents: string; readonly comments: string };
  readonly commentColumns: { readonly at: string; readonly rating: string; readonly comment: string; readonly agent: string };
  readonly dayColumns: {
    readonly day: string;
    readonly channel: string;
    readonly conversations: string;
    readonly contained: string;
    readonly containment: string;
    readonly escalations: string;
    readonly questions: string;
    readonly fallbacks: string;
    readonly fallbackRate: string;
  };
  readonly reasonColumns: { readonly reason: string; readonly count: string; readonly share: string };
  readonly agentColumns: { readonly name: string; readonly tickets: string; readonly rated: string; readonly csat: string };
  readonly exportCsv: string;
  readonly exportCsvOf: (table: string) => string;

  readonly duration: DurationWords;

  readonly errors: {
    readonly network: string;
    readonly badCredentials: string;
    readonly throttled: (wait: string | undefined) => string;
    readonly csrf: string;
    readonly forbidden: (role: string | undefined) => string;
    readonly badChannel: string;
    readonly badRequest: string;
    readonly notFound: string;
    readonly server: string;
    readonly seconds: (n: number) => string;
    readonly minutes: (n: number) => string;
  };
}

export const messages: Readonly<Record<Lang, ReportsMessages>> = {
  'zh-CN': {
    ...staffWords['zh-CN'],
    appTitle: '客服报表',
    loginHeading: '登录客服报表',
    noData: '这段时间没有数据',

    noAccess: (role) => `这个账号（${role}）不能查看报表。`,
    noAccessNowhere: '请联系管理员开通主管权限。',

    period: periodWords['zh-CN'],

    heading: '报表',
    filters: '筛选',
    channel: '渠道',
    allChannels: '全部渠道',
    channels: { directline: '网页聊天', webchat: '网页聊天', wechat: '微信', console: '控制台', msteams: 'Teams', emulator: '模拟器' },
    periodNote: (from, to, timeZone) => `${from} 至 ${to}，按 ${timeZone} 时区计日`,

    figures: {
      label: '概览',
      conversations: '会话数',
      containment: '自助率',
      escalations: '转人工',
      fallbackRate: '未答率',
      queueWait: '排队等待',
      firstResponse: '首次响应',
      handleTime: '处理时长',
      csat: '满意度',
    },
    contained: (n) => `${n} 个会话没有转人工`,
    questionsAsked: (n) => `共 ${n} 个提问`,
    escalationShare: (share) => `占会话 ${share}`,
    fallbacksOf: (fallbacks, questions) => `${questions} 个提问中 ${fallbacks} 个没答上`,
    spread: (p90, count) => `90% 在 ${p90} 内 · 共 ${count} 次`,
    median: '中位数',
    csatOutOf: '/ 5',
    csatCount: (n) => `${n} 条评价`,

    charts: { volume: '每日会话与转人工', rates: '每日自助率与未答率', csat: '满意度分布' },
    series: { day: '日期', conversations: '会话', escalations: '转人工', containment: '自助率', fallbackRate: '未答率', rating: '评分', ratings: '评价数' },
    stars: (n) => `${n} 星`,
    volumeSummary: (days, conversations, escalations) => `${days} 天共 ${conversations} 个会话，${escalations} 次转人工；每天的数字见下方“每日明细”表。`,
    ratesSummary: (containment, fallbackRate) => `整段时间自助率 ${containment}，未答率 ${fallbackRate}；每天的数字见下方“每日明细”表。`,
    csatSummary: (counts) => `各评分的评价数：${counts.map((n, i) => `${i + 1} 星 ${n}`).join('，')}。`,

    tables: { days: '每日明细', reasons: '转人工原因', agents: '客服', comments: '用户意见（低分后）' },
    commentColumns: { at: '时间', rating: '评分', comment: '意见', agent: '客服' },
    dayColumns: {
      day: '日期',
      channel: '渠道',
      conversations: '会话',
      contained: '未转人工',
      containment: '自助率',
      escalations: '转人工',
      questions: '提问',
      fallbacks: '未答',
      fallbackRate: '未答率',
    },
    reasonColumns: { reason: '原因', count: '次数', share: '占比' },
    agentColumns: { name: '客服', tickets: '接待', rated: '评价数', csat: '满意度' },
    exportCsv: '导出 CSV',
    exportCsvOf: (table) => `导出“${table}”为 CSV`,

    duration: {
      none: '—',
      seconds: (s) => `${s} 秒`,
      minutes: (min, s) => (s > 0 ? `${min} 分 ${s} 秒` : `${min} 分钟`),
      hours: (h, min) => (min > 0 ? `${h} 小时 ${min} 分` : `${h} 小时`),
    },

    errors: {
      ...staffErrorWords['zh-CN'],
      badChannel: '渠道无效。',
      badRequest: '查询条件有误，请检查后重试。',
      notFound: '没有找到。',
    },
  },
  en: {
    ...staffWords['en'],
    appTitle: 'Support reports',
    loginHeading: 'Sign in to the support reports',
    noData: 'Nothing in this period',

    noAccess: (role) => `This account (${role}) cannot see the reports.`,
    noAccessNowhere: 'Ask an administrator for the supervisor role.',

    period: periodWords.en,

    heading: 'Reports',
    filters: 'Filters',
    channel: 'Channel',
    allChannels: 'All channels',
    channels: { directline: 'Web chat', webchat: 'Web chat', wechat: 'WeChat', console: 'Console', msteams: 'Teams', emulator: 'Emulator' },
    periodNote: (from, to, timeZone) => `${from} to ${to}, days counted in ${timeZone}`,

    figures: {
      label: 'Overview',
      conversations: 'Conversations',
      containment: 'Containment',
      escalations: 'Escalations',
      fallbackRate: 'Fallback rate',
      queueWait: 'Queue wait',
      firstResponse: 'First response',
      handleTime: 'Handle time',
      csat: 'CSAT',
    },
    contained: (n) => `${n} ended without a person`,
    questionsAsked: (n) => `${n} question${n === 1 ? '' : 's'} asked`,
    escalationShare: (share) => `${share} of conversations`,
    fallbacksOf: (fallbacks, questions) => `${fallbacks} of ${questions} questions unanswered`,
    spread: (p90, count) => `90% within ${p90} · ${count} measured`,
    median: 'median',
    csatOutOf: '/ 5',
    csatCount: (n) => `${n} rating${n === 1 ? '' : 's'}`,

    charts: { volume: 'Conversations and escalations per day', rates: 'Containment and fallback rate per day', csat: 'CSAT ratings' },
    series: { day: 'Day', conversations: 'Conversations', escalations: 'Escalations', containment: 'Containment', fallbackRate: 'Fallback rate', rating: 'Rating', ratings: 'Ratings' },
    stars: (n) => `${n}★`,
    volumeSummary: (days, conversations, escalations) => `${conversations} conversations and ${escalations} escalations in ${days} days; the daily table below has each day’s figures.`,
    ratesSummary: (containment, fallbackRate) => `Containment ${containment} and fallback rate ${fallbackRate} over the period; the daily table below has each day’s figures.`,
    csatSummary: (counts) => `Ratings given: ${counts.map((n, i) => `${i + 1}★ ${n}`).join(', ')}.`,

    tables: { days: 'Per day', reasons: 'Escalation reasons', agents: 'Agents', comments: 'What users said (after a low rating)' },
    commentColumns: { at: 'When', rating: 'Rating', comment: 'Comment', agent: 'Agent' },
    dayColumns: {
      day: 'Day',
      channel: 'Channel',
      conversations: 'Conversations',
      contained: 'Contained',
      containment: 'Containment',
      escalations: 'Escalations',
      questions: 'Questions',
      fallbacks: 'Fallbacks',
      fallbackRate: 'Fallback rate',
    },
    reasonColumns: { reason: 'Reason', count: 'Count', share: 'Share' },
    agentColumns: { name: 'Agent', tickets: 'Tickets', rated: 'Rated', csat: 'CSAT' },
    exportCsv: 'Export CSV',
    exportCsvOf: (table) => `Export “${table}” as CSV`,

    duration: {
      none: '—',
      seconds: (s) => `${s} s`,
      minutes: (min, s) => (s > 0 ? `${min} min ${s} s` : `${min} min`),
      hours: (h, min) => (min > 0 ? `${h} h ${min} min` : `${h} h`),
    },

    errors: {
      ...staffErrorWords['en'],
      badChannel: 'That is not a channel.',
      badRequest: 'Something in the query is wrong; check it and try again.',
      notFound: 'Not found.',
    },
  },
};
