import type { Lang } from '../shared/lang.js';
import { periodWords } from '../shared/periodWords.js';
import { staffErrorWords, staffWords } from '../shared/staffWords.js';
import type { PeriodMessages, StaffShellMessages } from '../shared/staffMessages.js';
import type { MissKind, MissStatus } from './MissGroup.js';
import type { Section } from './sections.js';

/**
 * Every word the editors' workspace shows, in both languages. What merchants asked, article
 * titles and the bot's own replies come from the server as they are.
 */
export interface WorkspaceMessages extends StaffShellMessages, PeriodMessages {
  readonly loading: string;
  readonly cancel: string;

  readonly sections: { readonly label: string } & Readonly<Record<Section, string>>;

  // Try a question.
  readonly tryHeading: string;
  readonly tryLabel: string;
  readonly tryPlaceholder: string;
  readonly tryHint: string;
  readonly trySubmit: string;
  readonly trying: string;
  readonly decisionLabel: string;
  readonly decideAnswer: (title: string) => string;
  readonly decideDidYouMean: (titles: readonly string[]) => string;
  readonly decideFlow: (title: string) => string;
  readonly decideHandOver: (reason: string | undefined) => string;
  readonly decideOfferPerson: string;
  readonly decideSmallTalk: (reply: string | undefined) => string;
  readonly decideCommand: (command: string | undefined) => string;
  readonly decideNoAnswer: (offerPerson: boolean) => string;
  readonly decideNothing: string;
  /** The commands a message may be (the step the bot takes for it). */
  readonly commands: Readonly<Record<string, string>>;
  readonly recognizedAs: (what: string) => string;
  /** How the bot recognised the message (recognition.kind). */
  readonly recognitions: Readonly<Record<string, string>>;
  readonly readAs: string;
  readonly normalizedAs: (text: string) => string;
  readonly rulesHeading: string;
  readonly noRules: string;
  readonly ruleKinds: Readonly<Record<string, string>>;
  readonly wordsHeading: string;
  readonly noWords: string;
  readonly unknownWord: string;
  readonly ignoredWord: string;
  readonly searchedAs: (terms: string) => string;
  readonly hitsHeading: string;
  readonly noHits: string;
  readonly columns: { readonly rank: string; readonly title: string; readonly id: string; readonly score: string; readonly coverage: string; readonly similarity: string };
  readonly bestHit: string;
  readonly margin: (share: string) => string;
  readonly marginNone: string;
  readonly ambiguous: string;

  // The misses inbox.
  readonly missesHeading: string;
  readonly missesIntro: string;
  readonly missStatuses: Readonly<Record<MissStatus, string>>;
  readonly noData: string;
  readonly timesAsked: (n: number) => string;
  readonly missKinds: Readonly<Record<MissKind, string>>;
  readonly lastSeen: (time: string) => string;
  readonly examples: (n: number) => string;
  readonly addToArticle: string;
  readonly ignore: string;
  readonly pickArticle: string;
  readonly suggested: string;
  readonly otherArticle: string;
  readonly chooseArticle: string;
  readonly articlesUnavailable: string;
  readonly questionsLabel: string;
  readonly questionsHint: string;
  readonly add: string;
  readonly adding: string;
  readonly needArticle: string;
  readonly needQuestions: string;
  readonly ignoreReason: string;
  readonly ignoreReasonPlaceholder: string;
  readonly confirmIgnore: string;
  readonly ignoring: string;
  readonly needReason: string;
  readonly addedTo: (file: string) => string;
  readonly alreadyThere: (file: string) => string;
  readonly answersNow: string;
  readonly notAnsweredYet: string;
  readonly filesToCommit: string;
  readonly committed: (commit: string) => string;
  readonly resolvedAdded: (article: string, by: string, at: string) => string;
  readonly resolvedIgnored: (reason: string, by: string, at: string) => string;

  // Articles.
  readonly articlesHeading: string;
  readonly filterLabel: string;
  readonly filterPlaceholder: string;
  readonly articleColumns: { readonly id: string; readonly title: string; readonly category: string; readonly questions: string; readonly updated: string };
  readonly articlesCount: (shown: number, total: number) => string;
  readonly noArticles: string;
  readonly flowsHeading: (n: number) => string;
  readonly refresh: string;

  // Performance.
  readonly performanceHeading: string;
  readonly performanceIntro: string;
  readonly performancePeriod: (from: string, to: string) => string;
  readonly noFigures: string;
  readonly articleFigures: string;
  readonly flowFigures: string;
  readonly performanceColumns: {
    readonly article: string;
    readonly shown: string;
    readonly picked: string;
    readonly helpful: string;
    readonly unhelpful: string;
    readonly helpfulRate: string;
    readonly handoversAfter: string;
    readonly trouble: string;
  };
  readonly flowColumns: { readonly flow: string; readonly started: string; readonly completed: string; readonly completionRate: string; readonly handovers: string; readonly left: string };
  readonly stepColumns: { readonly step: string; readonly reached: string; readonly left: string; readonly leftShare: string };
  readonly whereLeft: (title: string) => string;
  readonly whereLeftIntro: string;
  /** The toggle for the articles nothing happened to in the period. */
  readonly showQuiet: (n: number) => string;
  readonly noneShown: string;
  readonly exportCsv: string;
  readonly exportCsvOf: (table: string) => string;

  /** Errors, worded here from the server's code and params (the server's text only for codes unknown here). */
  readonly errors: {
    readonly network: string;
    readonly badCredentials: string;
    readonly throttled: (wait: string | undefined) => string;
    readonly csrf: string;
    readonly forbidden: (role: string | undefined) => string;
    readonly conflict: (file: string | undefined) => string;
    readonly invalidArticle: (file: string | undefined, line: number | undefined, field: string | undefined) => string;
    readonly gitFailed: (file: string | undefined) => string;
    readonly notFound: string;
    readonly badRequest: string;
    readonly tooLarge: string;
    readonly server: string;
    readonly seconds: (n: number) => string;
    readonly minutes: (n: number) => string;
  };
}

const quoted = (titles: readonly string[]) => titles.map((t) => `「${t}」`).join('');
const quotedEn = (titles: readonly string[]) => titles.map((t) => `“${t}”`).join(', ');

export const messages: Readonly<Record<Lang, WorkspaceMessages>> = {
  'zh-CN': {
    ...staffWords['zh-CN'],
    appTitle: '知识库工作台',
    loginHeading: '登录知识库工作台',
    cancel: '取消',

    noAccess: (role) => `这个账号（${role}）不能使用知识库工作台。`,
    noAccessNowhere: '请联系管理员开通编辑权限。',

    period: periodWords['zh-CN'],

    sections: { label: '栏目', try: '试一试', misses: '未解决的问题', articles: '文章', performance: '表现' },

    tryHeading: '试一试：机器人会怎么回答？',
    tryLabel: '商户的问题',
    tryPlaceholder: '例如：押金怎么退、mima cuole、显示55',
    tryHint: 'Enter 试一试，Shift+Enter 换行。按新会话的第一句话来判断。',
    trySubmit: '试一试',
    trying: '正在分析…',
    decisionLabel: '机器人会',
    decideAnswer: (title) => `直接回答「${title}」`,
    decideDidYouMean: (titles) => `问“您是想问”：${quoted(titles)}`,
    decideFlow: (title) => `开始排查「${title}」`,
    decideHandOver: (reason) => (reason ? `转人工（${reason}）` : '转人工'),
    decideOfferPerson: '先道歉，再提供转人工',
    decideSmallTalk: (reply) => (reply ? `寒暄，回复「${reply}」` : '寒暄'),
    decideCommand: (command) => (command ? `执行指令：${command}` : '执行指令'),
    decideNoAnswer: (offerPerson) => (offerPerson ? '还没学会，并提供转人工' : '还没学会（没有有把握的答案，给出常见主题）'),
    decideNothing: '不回复',
    commands: { menu: '回到菜单', cancelled: '取消', feedback: '记录评价', repeatStep: '重复上一步' },
    recognizedAs: (what) => `识别为：${what}`,
    recognitions: {
      question: '知识库问题',
      flowTrigger: '排查流程的触发词',
      articleTitle: '文章标题',
      smallTalk: '寒暄',
      command: '指令',
      trigger: '转人工的关键词（投诉、诈骗、情绪）',
      feedback: '评价',
      rating: '评分',
      empty: '空消息',
      tooLong: '消息太长',
    },
    readAs: '读作',
    normalizedAs: (text) => `规范化：${text}`,
    rulesHeading: '改写规则',
    noRules: '没有触发改写规则',
    ruleKinds: { pinyin: '拼音', synonym: '同义词', homophone: '同音字' },
    wordsHeading: '分词与权重',
    noWords: '没有可搜索的词',
    unknownWord: '未收录',
    ignoredWord: '太常见，已忽略',
    searchedAs: (terms) => `搜索：${terms}`,
    hitsHeading: '候选文章',
    noHits: '没有找到候选文章',
    columns: { rank: '排名', title: '标题', id: 'ID', score: '得分', coverage: '覆盖', similarity: '相似' },
    bestHit: '最佳',
    margin: (share) => `差距：第二名的得分是第一名的 ${share}（越接近 100% 越难区分）`,
    marginNone: '只有一个候选，没有差距可比',
    ambiguous: '前几名太接近，难以区分',

    missesHeading: '未解决的问题',
    missesIntro: '机器人没答上、商户没选推荐、点了差评或要求转人工的问题，按出现次数排列。',
    missStatuses: { open: '待处理', resolved: '已解决', ignored: '已忽略' },
    noData: '暂无数据',
    timesAsked: (n) => `出现 ${n} 次`,
    missKinds: { noAnswer: '没答上', unpicked: '没选推荐', thumbsDown: '差评', askedPerson: '要人工' },
    lastSeen: (time) => `最近：${time}`,
    examples: (n) => `原话（${n}）`,
    addToArticle: '加到文章',
    ignore: '忽略',
    pickArticle: '加到哪篇文章',
    suggested: '搜索推荐',
    otherArticle: '其他文章',
    chooseArticle: '选择文章…',
    articlesUnavailable: '文章列表暂时无法加载',
    questionsLabel: '要加入的问法',
    questionsHint: '每行一个，可以修改。',
    add: '加入',
    adding: '正在加入…',
    needArticle: '请选择一篇文章。',
    needQuestions: '请至少填写一个问法。',
    ignoreReason: '忽略的原因',
    ignoreReasonPlaceholder: '例如：与业务无关',
    confirmIgnore: '确认忽略',
    ignoring: '正在忽略…',
    needReason: '请填写原因。',
    addedTo: (file) => `已加入 ${file}`,
    alreadyThere: (file) => `${file} 里已经有这些问法，没有改动。`,
    answersNow: '机器人现在能回答这个问题了。',
    notAnsweredYet: '机器人还不能直接回答这个问题，可能需要再调整文章。',
    filesToCommit: '需要提交的文件：',
    committed: (commit) => `已提交：${commit}`,
    resolvedAdded: (article, by, at) => `已加入「${article}」 · ${by} · ${at}`,
    resolvedIgnored: (reason, by, at) => `已忽略：${reason} · ${by} · ${at}`,

    articlesHeading: '文章',
    filterLabel: '筛选文章',
    filterPlaceholder: '输入标题、ID 或分类',
    articleColumns: { id: 'ID', title: '标题', category: '分类', questions: '问法', updated: '更新' },
    articlesCount: (shown, total) => (shown === total ? `共 ${total} 篇` : `${shown} / ${total} 篇`),
    noArticles: '没有符合的文章',
    flowsHeading: (n) => `排查流程（${n}）`,
    refresh: '刷新',

    performanceHeading: '表现',
    performanceIntro: '文章和排查流程在这段时间的表现，问题最多的排在前面。点表头可以换一种排序。',
    performancePeriod: (from, to) => `${from} 至 ${to}`,
    noFigures: '这段时间没有数据',
    articleFigures: '文章',
    flowFigures: '排查流程',
    performanceColumns: {
      article: '文章',
      shown: '展示',
      picked: '被选中',
      helpful: '有帮助',
      unhelpful: '没帮助',
      helpfulRate: '有帮助率',
      handoversAfter: '随后转人工',
      trouble: '问题率',
    },
    flowColumns: { flow: '排查流程', started: '开始', completed: '完成', completionRate: '完成率', handovers: '转人工', left: '中途离开' },
    stepColumns: { step: '步骤', reached: '到达', left: '离开', leftShare: '离开率' },
    whereLeft: (title) => `「${title}」在哪一步离开`,
    whereLeftIntro: '每一步有多少人到达、多少人在这一步离开。',
    showQuiet: (n) => `也显示没有数据的文章（${n} 篇）`,
    noneShown: '这段时间没有文章被展示。',
    exportCsv: '导出 CSV',
    exportCsvOf: (table) => `导出“${table}”为 CSV`,

    errors: {
      ...staffErrorWords['zh-CN'],
      conflict: (file) => `${file ?? '文章文件'} 刚被别人改过，没有保存。请刷新后再试。`,
      invalidArticle: (file, line, field) => `加入后 ${file ?? '文章'}${line ? ` 第 ${line} 行` : ''}${field ? `（${field}）` : ''}不符合格式，没有保存。`,
      gitFailed: (file) => `已保存到 ${file ?? '文章文件'}，但提交到 git 失败，请手动提交。`,
      notFound: '没有找到，可能已被处理或删除。',
      badRequest: '提交的内容有误，请检查后重试。',
      tooLarge: '内容太长。',
    },
  },
  en: {
    ...staffWords['en'],
    appTitle: 'Knowledge workspace',
    loginHeading: 'Sign in to the knowledge workspace',
    cancel: 'Cancel',

    noAccess: (role) => `This account (${role}) cannot use the knowledge workspace.`,
    noAccessNowhere: 'Ask an administrator for the editor role.',

    period: periodWords.en,

    sections: { label: 'Sections', try: 'Try a question', misses: 'Unanswered', articles: 'Articles', performance: 'Performance' },

    tryHeading: 'Try a question: what would the bot do?',
    tryLabel: 'A merchant’s question',
    tryPlaceholder: 'e.g. 押金怎么退, mima cuole, 显示55',
    tryHint: 'Enter to try, Shift+Enter for a new line. Taken as the first message of a new conversation.',
    trySubmit: 'Try',
    trying: 'Working…',
    decisionLabel: 'The bot would',
    decideAnswer: (title) => `Answer with “${title}”`,
    decideDidYouMean: (titles) => `Ask “did you mean”: ${quotedEn(titles)}`,
    decideFlow: (title) => `Start the walkthrough “${title}”`,
    decideHandOver: (reason) => (reason ? `Hand over to a person (${reason})` : 'Hand over to a person'),
    decideOfferPerson: 'Apologise and offer a person',
    decideSmallTalk: (reply) => (reply ? `Make small talk: “${reply}”` : 'Make small talk'),
    decideCommand: (command) => (command ? `Run a command: ${command}` : 'Run a command'),
    decideNoAnswer: (offerPerson) => (offerPerson ? 'Say it has no answer yet, and offer a person' : 'Say it has no answer yet (nothing it is sure of; shows the main topics)'),
    decideNothing: 'Say nothing',
    commands: { menu: 'back to the menu', cancelled: 'cancel', feedback: 'record feedback', repeatStep: 'repeat the step' },
    recognizedAs: (what) => `Recognised as: ${what}`,
    recognitions: {
      question: 'a question for the knowledge base',
      flowTrigger: 'a walkthrough’s trigger phrase',
      articleTitle: 'an article’s title',
      smallTalk: 'small talk',
      command: 'a command',
      trigger: 'a hand-over phrase (complaint, fraud, anger)',
      feedback: 'feedback',
      rating: 'a rating',
      empty: 'an empty message',
      tooLong: 'a message too long',
    },
    readAs: 'Read as',
    normalizedAs: (text) => `Normalised: ${text}`,
    rulesHeading: 'Rules that fired',
    noRules: 'No rule fired',
    ruleKinds: { pinyin: 'Pinyin', synonym: 'Synonym', homophone: 'Homophone' },
    wordsHeading: 'Words and weights',
    noWords: 'No searchable words',
    unknownWord: 'unknown',
    ignoredWord: 'ignored (too common)',
    searchedAs: (terms) => `Searched as: ${terms}`,
    hitsHeading: 'Candidates',
    noHits: 'No candidate articles',
    columns: { rank: '#', title: 'Title', id: 'ID', score: 'Score', coverage: 'Coverage', similarity: 'Similarity' },
    bestHit: 'best',
    margin: (share) => `Margin: the runner-up scores ${share} of the first (the closer to 100%, the harder to tell apart)`,
    marginNone: 'One candidate: no margin to compare',
    ambiguous: 'The top candidates are too close to tell apart',

    missesHeading: 'Unanswered questions',
    missesIntro: 'Questions the bot did not answer, whose suggestions nobody picked, that got a thumbs down or a request for a person; the most asked first.',
    missStatuses: { open: 'Open', resolved: 'Resolved', ignored: 'Ignored' },
    noData: 'No data',
    timesAsked: (n) => `asked ${n} time${n === 1 ? '' : 's'}`,
    missKinds: { noAnswer: 'No answer', unpicked: 'None picked', thumbsDown: 'Thumbs down', askedPerson: 'Asked for a person' },
    lastSeen: (time) => `Last seen ${time}`,
    examples: (n) => `As asked (${n})`,
    addToArticle: 'Add to an article',
    ignore: 'Ignore',
    pickArticle: 'Which article',
    suggested: 'Suggested by search',
    otherArticle: 'Another article',
    chooseArticle: 'Choose an article…',
    articlesUnavailable: 'The article list could not be loaded',
    questionsLabel: 'Questions to add',
    questionsHint: 'One a line; edit as you like.',
    add: 'Add',
    adding: 'Adding…',
    needArticle: 'Choose an article.',
    needQuestions: 'Write at least one question.',
    ignoreReason: 'Why ignore it',
    ignoreReasonPlaceholder: 'e.g. not about our service',
    confirmIgnore: 'Ignore it',
    ignoring: 'Ignoring…',
    needReason: 'Give a reason.',
    addedTo: (file) => `Added to ${file}`,
    alreadyThere: (file) => `${file} has these questions already; nothing changed.`,
    answersNow: 'The bot answers it now.',
    notAnsweredYet: 'The bot does not answer it yet; the article may need more work.',
    filesToCommit: 'Files to commit:',
    committed: (commit) => `Committed: ${commit}`,
    resolvedAdded: (article, by, at) => `Added to “${article}” · ${by} · ${at}`,
    resolvedIgnored: (reason, by, at) => `Ignored: ${reason} · ${by} · ${at}`,

    articlesHeading: 'Articles',
    filterLabel: 'Filter articles',
    filterPlaceholder: 'Title, id or category',
    articleColumns: { id: 'ID', title: 'Title', category: 'Category', questions: 'Questions', updated: 'Updated' },
    articlesCount: (shown, total) => (shown === total ? `${total} articles` : `${shown} of ${total} articles`),
    noArticles: 'No matching articles',
    flowsHeading: (n) => `Walkthroughs (${n})`,
    refresh: 'Refresh',

    performanceHeading: 'Performance',
    performanceIntro: 'How the articles and walkthroughs did in the period, the most troubled first. Click a header to sort another way.',
    performancePeriod: (from, to) => `${from} to ${to}`,
    noFigures: 'Nothing in this period',
    articleFigures: 'Articles',
    flowFigures: 'Walkthroughs',
    performanceColumns: {
      article: 'Article',
      shown: 'Shown',
      picked: 'Picked',
      helpful: 'Helpful',
      unhelpful: 'Unhelpful',
      helpfulRate: 'Helpful rate',
      handoversAfter: 'Hand-overs after',
      trouble: 'Trouble',
    },
    flowColumns: { flow: 'Walkthrough', started: 'Started', completed: 'Completed', completionRate: 'Completion', handovers: 'Hand-overs', left: 'Left midway' },
    stepColumns: { step: 'Step', reached: 'Reached', left: 'Left', leftShare: 'Left there' },
    whereLeft: (title) => `Where people leave “${title}”`,
    whereLeftIntro: 'How many reached each step, and how many left at it.',
    showQuiet: (n) => `Show the articles with no figures too (${n})`,
    noneShown: 'No article was shown in this period.',
    exportCsv: 'Export CSV',
    exportCsvOf: (table) => `Export “${table}” as CSV`,

    errors: {
      ...staffErrorWords['en'],
      conflict: (file) => `${file ?? 'The article file'} was just changed by someone else; nothing was saved. Reload and try again.`,
      invalidArticle: (file, line, field) => `With this added, ${file ?? 'the article'}${line ? ` line ${line}` : ''}${field ? ` (${field})` : ''} would not be valid; nothing was saved.`,
      gitFailed: (file) => `Saved to ${file ?? 'the article file'}, but the git commit failed; commit it by hand.`,
      notFound: 'Not found: it may have been handled or deleted.',
      badRequest: 'Something in the request is wrong; check it and try again.',
      tooLarge: 'That is too long.',
    },
  },
};
