import type { Lang } from '../shared/lang.js';
import type { Presence } from './transferTargets.js';
import type { StaffShellMessages } from '../shared/staffMessages.js';
import { staffWords } from '../shared/staffWords.js';

/** Every word the agent console shows, in both languages; what users and the bot said comes from the server. */
export interface AgentMessages extends StaffShellMessages {
  /** The document title while a new conversation waits and the window is not focused. */
  readonly newTicketTitle: string;
  readonly networkError: string;

  readonly connecting: string;
  readonly connected: string;
  /** The top bar's 在线/离开 toggle. */
  readonly myStatus: string;
  readonly statusOnline: string;
  readonly statusAway: string;
  readonly nowAway: string;
  readonly nowOnline: string;
  readonly reconnecting: (duration: string) => string;

  readonly queue: string;
  readonly tabWaiting: string;
  readonly tabMine: string;
  readonly tabAssigned: string;
  readonly tabClosed: string;
  readonly waitingCount: (n: number) => string;
  readonly noTickets: string;
  readonly loading: string;
  readonly urgent: string;
  readonly waitingFor: (duration: string) => string;
  readonly talkingFor: (duration: string) => string;
  readonly endedAt: (time: string) => string;
  readonly handledBy: (name: string) => string;
  readonly noPreview: string;
  readonly tabSearch: string;
  readonly searchForm: string;
  readonly searchText: string;
  readonly searchTextHint: string;
  readonly searchUser: string;
  readonly searchUserHint: string;
  readonly searchTag: string;
  readonly searchFrom: string;
  readonly searchTo: string;
  readonly searchScope: string;
  readonly searchProblems: Readonly<Record<'SEARCH_EMPTY' | 'SEARCH_BAD_DAY' | 'SEARCH_DAYS_REVERSED', string>>;
  readonly searchFound: (n: number) => string;
  readonly searchNothing: string;

  readonly pickTicket: string;
  readonly back: string;
  readonly visitor: (id: string) => string;
  readonly wechatUser: string;
  readonly webVisitor: string;
  readonly visitorPage: string;
  readonly firstMessage: string;
  readonly startedAt: (time: string) => string;
  readonly tags: string;
  readonly addTag: string;
  readonly addTagHint: string;
  readonly removeTag: (tag: string) => string;
  readonly tagProblems: { readonly TAG_TOO_LONG: (max: number) => string; readonly TOO_MANY_TAGS: (max: number) => string };
  readonly accept: string;
  readonly transferTo: string;
  readonly transfer: string;
  readonly noOtherAgents: string;
  /** An agent in the transfer list. */
  readonly agentOption: (name: string, presence: Presence) => string;
  readonly transferred: (name: string) => string;
  readonly release: string;
  readonly confirmRelease: string;
  readonly close: string;
  readonly confirmClose: string;
  readonly rating: (stars: number) => string;
  /** WeChat's limits: {remaining} messages may still go, for {hours} more hours. */
  readonly limitsOpen: (remaining: number, hours: number) => string;
  readonly limitsLast: (hours: number) => string;
  readonly limitsSpent: string;
  readonly limitsClosed: string;
  readonly awaitingRating: string;

  readonly transcript: string;
  readonly fromUser: string;
  readonly fromBot: string;
  readonly fromAgent: string;
  readonly userTyping: string;
  readonly reply: string;
  readonly replyPlaceholder: string;
  readonly send: string;
  readonly canned: string;
  readonly cannedSearch: string;
  readonly cannedPlaceholder: string;
  readonly cannedNone: string;
  readonly cannedHint: string;
  readonly closePanel: string;
  /** The button that sends an image to the user. */
  readonly sendImage: string;
  /** An image's alternative text in the transcript. */
  readonly image: string;
  readonly imageTooLarge: string;
  readonly notYours: string;
  readonly newMessage: (text: string) => string;
  readonly newTicket: (reason: string) => string;
  readonly transferredToYou: (reason: string) => string;

  readonly context: string;
  readonly reason: string;
  readonly priority: string;
  readonly priorities: Readonly<Record<'normal' | 'high', string>>;
  readonly channel: string;
  readonly channels: Readonly<Record<string, string>>;
  readonly user: string;
  readonly locale: string;
  readonly createdAt: string;
  readonly afterHours: string;
  readonly yes: string;
  readonly terminalSerial: string;
  readonly merchantNumber: string;
  readonly responseCode: string;
  readonly flow: string;
  readonly collected: string;
  readonly articlesShown: string;
  readonly none: string;
  readonly state: string;
  readonly states: Readonly<Record<'waiting' | 'assigned' | 'closed' | 'cancelled' | 'expired', string>>;
  readonly outcomes: Readonly<Record<string, string>>;
  readonly agent: string;

  readonly notes: string;
  readonly notesPrivate: string;
  readonly noteInput: string;
  readonly notePlaceholder: string;
  readonly addNote: string;
  readonly noNotes: string;

  readonly kb: string;
  readonly kbQuery: string;
  readonly kbPlaceholder: string;
  readonly search: string;
  readonly kbNoHits: string;
  readonly insert: string;
  readonly insertNeedsTicket: string;

  readonly duration: {
    readonly seconds: (n: number) => string;
    readonly underMinute: string;
    readonly minutes: (n: number) => string;
    readonly hours: (h: number, min: number) => string;
    readonly days: (d: number, h: number) => string;
  };
}

export const messages: Readonly<Record<Lang, AgentMessages>> = {
  'zh-CN': {
    ...staffWords['zh-CN'],
    appTitle: '客服工作台',
    newTicketTitle: '【新会话】',

    loginHeading: '客服登录',
    networkError: '网络错误，请检查网络后重试。',
    signedInAs: (name) => `当前客服：${name}`,

    noAccess: (role) => `这个账号（${role}）不能接待会话。`,
    noAccessNowhere: '请联系管理员开通权限。',

    connecting: '正在连接…',
    connected: '已连接',
    myStatus: '我的状态',
    statusOnline: '在线',
    statusAway: '离开',
    nowAway: '已设为离开，新会话不再算您在岗',
    nowOnline: '已恢复在线',
    reconnecting: (d) => `连接已断开，${d}后重连`,

    queue: '会话队列',
    tabWaiting: '等待中',
    tabMine: '我的',
    tabAssigned: '全部进行中',
    tabClosed: '已结束',
    waitingCount: (n) => `${n} 个等待中`,
    noTickets: '暂无会话',
    urgent: '紧急',
    waitingFor: (d) => `等待 ${d}`,
    talkingFor: (d) => `已接入 ${d}`,
    endedAt: (t) => `结束于 ${t}`,
    handledBy: (name) => `接待：${name}`,
    noPreview: '（无消息）',
    tabSearch: '查找',
    searchForm: '查找过去的会话',
    searchText: '对话内容',
    searchTextHint: '例如：押金',
    searchUser: '用户',
    searchUserHint: '昵称或用户编号',
    searchTag: '标签',
    searchFrom: '开始日期',
    searchTo: '结束日期',
    searchScope: '查找您接待过的会话（主管可查全部）',
    searchProblems: { SEARCH_EMPTY: '请至少填写一个条件', SEARCH_BAD_DAY: '日期格式不对', SEARCH_DAYS_REVERSED: '开始日期不能晚于结束日期' },
    searchFound: (n) => `找到 ${n} 个会话`,
    searchNothing: '没有找到符合条件的会话',

    pickTicket: '从左侧选择一个会话',
    back: '返回队列',
    visitor: (id) => `访客 ${id}`,
    wechatUser: '微信用户',
    webVisitor: '网页访客',
    visitorPage: '所在页面',
    firstMessage: '第一句话',
    startedAt: (t) => `发起于 ${t}`,
    tags: '标签',
    addTag: '添加标签',
    addTagHint: '添加标签，回车确认',
    removeTag: (tag) => `删除标签 ${tag}`,
    tagProblems: { TAG_TOO_LONG: (max) => `标签最多 ${max} 个字`, TOO_MANY_TAGS: (max) => `最多 ${max} 个标签` },
    accept: '接入',
    transferTo: '转接给',
    transfer: '转接',
    noOtherAgents: '没有其他客服',
    agentOption: (name, presence) => `${name}（${{ online: '在线', away: '离开', offline: '离线' }[presence]}）`,
    transferred: (name) => `已转接给 ${name}`,
    release: '交还机器人',
    confirmRelease: '把这个会话交还给机器人吗？',
    close: '结束会话',
    confirmClose: '确定结束这个会话吗？结束后会请用户评分。',
    rating: (n) => `用户评分：${n}/5`,
    limitsOpen: (n, h) => `微信：还可以发 ${n} 条，${h} 小时内有效`,
    limitsLast: (h) => `微信：只能再发 1 条（${h} 小时内），之后要等用户回复才能再发`,
    limitsSpent: '微信：条数已用完，用户再发消息后才能回复',
    limitsClosed: '微信：用户超过 48 小时没有发消息，暂时无法回复',
    awaitingRating: '等待用户评分',

    transcript: '对话记录',
    fromUser: '用户',
    fromBot: '机器人',
    fromAgent: '客服',
    userTyping: '用户正在输入…',
    reply: '回复用户',
    replyPlaceholder: '输入回复，Enter 发送，Shift+Enter 换行，输入 / 选常用回复',
    send: '发送',
    canned: '常用回复',
    cannedSearch: '搜索常用回复',
    cannedPlaceholder: '输入关键词筛选',
    cannedNone: '没有匹配的常用回复',
    cannedHint: '↑↓ 选择，Enter 插入，Esc 关闭',
    closePanel: '关闭',
    sendImage: '发送图片',
    image: '图片',
    imageTooLarge: '图片不能超过 5 MB',
    notYours: '接入后才能回复。',
    newMessage: (text) => `用户说：${text}`,
    newTicket: (reason) => `新会话：${reason}`,
    transferredToYou: (reason) => `有会话转接给你：${reason}`,

    context: '会话信息',
    reason: '转人工原因',
    priority: '优先级',
    priorities: { normal: '普通', high: '紧急' },
    channel: '渠道',
    channels: { directline: '网页聊天', webchat: '网页聊天', wechat: '微信', console: '控制台', msteams: 'Teams', emulator: '模拟器' },
    user: '用户',
    locale: '语言',
    createdAt: '发起时间',
    afterHours: '非服务时间',
    yes: '是',
    terminalSerial: '终端序列号',
    merchantNumber: '商户号',
    responseCode: '返回码',
    flow: '排查流程',
    collected: '已收集信息',
    articlesShown: '已推送文章',
    none: '—',
    state: '状态',
    states: { waiting: '等待中', assigned: '进行中', closed: '已结束', cancelled: '用户已取消', expired: '已过期' },
    outcomes: { resolved: '已解决', released: '已交还机器人', cancelled: '用户取消排队', ended_by_user: '用户结束', expired: '排队超时' },
    agent: '客服',

    notes: '内部备注',
    notesPrivate: '仅客服可见，不会发给用户',
    noteInput: '新备注',
    notePlaceholder: '给同事留个备注，例如：已让用户重启机器',
    addNote: '添加备注',
    noNotes: '暂无备注',

    kb: '知识库',
    kbQuery: '搜索知识库',
    kbPlaceholder: '例如：密码错误',
    search: '搜索',
    kbNoHits: '没有找到相关文章',
    insert: '插入',
    insertNeedsTicket: '接入会话后可以插入到回复中',

    duration: {
      seconds: (n) => `${n} 秒`,
      underMinute: '不到 1 分钟',
      minutes: (n) => `${n} 分钟`,
      hours: (h, min) => (min ? `${h} 小时 ${min} 分钟` : `${h} 小时`),
      days: (d, h) => (h ? `${d} 天 ${h} 小时` : `${d} 天`),
    },
  },
  en: {
    ...staffWords.en,
    appTitle: 'Agent console',
    newTicketTitle: '[New chat] ',

    loginHeading: 'Agent sign-in',
    networkError: 'Network error. Check the connection and try again.',
    signedInAs: (name) => `Signed in as ${name}`,

    noAccess: (role) => `This account (${role}) cannot take conversations.`,
    noAccessNowhere: 'Ask an administrator for access.',

    connecting: 'Connecting…',
    connected: 'Connected',
    myStatus: 'My status',
    statusOnline: 'Online',
    statusAway: 'Away',
    nowAway: 'You are away: the queue no longer counts on you',
    nowOnline: 'You are online again',
    reconnecting: (d) => `Disconnected, retrying in ${d}`,

    queue: 'Queue',
    tabWaiting: 'Waiting',
    tabMine: 'Mine',
    tabAssigned: 'All active',
    tabClosed: 'Closed',
    waitingCount: (n) => `${n} waiting`,
    noTickets: 'No conversations',
    urgent: 'Urgent',
    waitingFor: (d) => `Waiting ${d}`,
    talkingFor: (d) => `Active ${d}`,
    endedAt: (t) => `Ended ${t}`,
    handledBy: (name) => `Agent: ${name}`,
    noPreview: '(no messages)',
    tabSearch: 'Search',
    searchForm: 'Search past conversations',
    searchText: 'Said in the chat',
    searchTextHint: 'e.g. 押金',
    searchUser: 'User',
    searchUserHint: 'Nickname or user id',
    searchTag: 'Tag',
    searchFrom: 'From',
    searchTo: 'To',
    searchScope: 'Conversations you handled (supervisors: everyone’s)',
    searchProblems: { SEARCH_EMPTY: 'Fill in at least one field', SEARCH_BAD_DAY: 'That is not a date', SEARCH_DAYS_REVERSED: 'The first day must not be after the last' },
    searchFound: (n) => (n === 1 ? '1 conversation found' : `${n} conversations found`),
    searchNothing: 'No conversations match',

    pickTicket: 'Pick a conversation on the left',
    back: 'Back to queue',
    visitor: (id) => `Visitor ${id}`,
    wechatUser: 'WeChat user',
    webVisitor: 'Web visitor',
    visitorPage: 'On the page',
    firstMessage: 'First message',
    startedAt: (t) => `Started ${t}`,
    tags: 'Tags',
    addTag: 'Add a tag',
    addTagHint: 'Add a tag, press Enter',
    removeTag: (tag) => `Remove tag ${tag}`,
    tagProblems: { TAG_TOO_LONG: (max) => `A tag may be at most ${max} characters`, TOO_MANY_TAGS: (max) => `At most ${max} tags` },
    accept: 'Accept',
    transferTo: 'Transfer to',
    transfer: 'Transfer',
    noOtherAgents: 'No other agents',
    agentOption: (name, presence) => `${name} (${presence})`,
    transferred: (name) => `Transferred to ${name}`,
    release: 'Hand back to bot',
    confirmRelease: 'Hand this conversation back to the bot?',
    close: 'Close conversation',
    confirmClose: 'Close this conversation? The user will be asked for a rating.',
    rating: (n) => `User rating: ${n}/5`,
    limitsOpen: (n, h) => `WeChat: ${n} more messages can go, for ${h} more hours`,
    limitsLast: (h) => `WeChat: only 1 more message (within ${h} h), then wait for the user to write`,
    limitsSpent: 'WeChat: no messages left until the user writes again',
    limitsClosed: 'WeChat: the user has not written for 48 hours; you cannot reply until they do',
    awaitingRating: 'Waiting for the user’s rating',

    transcript: 'Conversation',
    fromUser: 'User',
    fromBot: 'Bot',
    fromAgent: 'Agent',
    userTyping: 'User is typing…',
    reply: 'Reply to the user',
    replyPlaceholder: 'Type a reply, Enter to send, Shift+Enter for a new line, / for canned replies',
    send: 'Send',
    canned: 'Canned replies',
    cannedSearch: 'Search canned replies',
    cannedPlaceholder: 'Type to filter',
    cannedNone: 'No matching replies',
    cannedHint: '↑↓ to choose, Enter inserts, Esc closes',
    closePanel: 'Close',
    sendImage: 'Send a picture',
    image: 'Picture',
    imageTooLarge: 'A picture may be at most 5 MB',
    notYours: 'Accept the conversation to reply.',
    newMessage: (text) => `User said: ${text}`,
    newTicket: (reason) => `New conversation: ${reason}`,
    transferredToYou: (reason) => `A conversation was transferred to you: ${reason}`,

    context: 'Details',
    reason: 'Handoff reason',
    priority: 'Priority',
    priorities: { normal: 'Normal', high: 'Urgent' },
    channel: 'Channel',
    channels: { directline: 'Web chat', webchat: 'Web chat', wechat: 'WeChat', console: 'Console', msteams: 'Teams', emulator: 'Emulator' },
    user: 'User',
    locale: 'Language',
    createdAt: 'Started',
    afterHours: 'Outside service hours',
    yes: 'Yes',
    terminalSerial: 'Terminal serial',
    merchantNumber: 'Merchant number',
    responseCode: 'Response code',
    flow: 'Guided flow',
    collected: 'Collected',
    articlesShown: 'Articles shown',
    none: '—',
    state: 'State',
    states: { waiting: 'Waiting', assigned: 'Active', closed: 'Closed', cancelled: 'Cancelled by user', expired: 'Expired' },
    outcomes: { resolved: 'Resolved', released: 'Handed back to bot', cancelled: 'Cancelled by user', ended_by_user: 'Ended by user', expired: 'Timed out in queue' },
    agent: 'Agent',

    notes: 'Private notes',
    notesPrivate: 'Only agents see this; never sent to the user',
    noteInput: 'New note',
    notePlaceholder: 'A note for colleagues, e.g. asked the user to restart the terminal',
    addNote: 'Add note',
    noNotes: 'No notes yet',

    kb: 'Knowledge base',
    kbQuery: 'Search the knowledge base',
    kbPlaceholder: 'e.g. 密码错误',
    search: 'Search',
    kbNoHits: 'No articles found',
    insert: 'Insert',
    insertNeedsTicket: 'Accept a conversation to insert into the reply',

    duration: {
      seconds: (n) => `${n} s`,
      underMinute: 'under 1 min',
      minutes: (n) => `${n} min`,
      hours: (h, min) => (min ? `${h} h ${min} min` : `${h} h`),
      days: (d, h) => (h ? `${d} d ${h} h` : `${d} d`),
    },
  },
};
