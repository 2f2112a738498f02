import type { Lang } from './lang.js';
import type { StaffShellMessages } from './staffMessages.js';
import type { StaffErrorWords } from './staffErrorText.js';

/** What every staff page of the shell says alike; each page adds its title, its sign-in heading and why an account may not use it. */
export type StaffWords = Omit<StaffShellMessages, 'appTitle' | 'loginHeading' | 'noAccess' | 'noAccessNowhere'> & { readonly loading: string };

export const staffWords: Readonly<Record<Lang, StaffWords>> = {
  'zh-CN': {
    switchLang: 'Switch to English',
    otherLang: 'EN',
    username: '用户名',
    password: '密码',
    login: '登录',
    loggingIn: '正在登录…',
    logout: '退出登录',
    sessionExpired: '登录已过期，请重新登录。',
    signedInAs: (name) => `当前账号：${name}`,
    loading: '加载中…',
    places: { label: '工作区', conversations: '会话', knowledge: '知识库', reports: '报表' },
    roles: { agent: '客服', supervisor: '主管', editor: '编辑', admin: '管理员' },
    noAccessGoTo: '您可以前往：',
  },
  en: {
    switchLang: '切换到中文',
    otherLang: '中文',
    username: 'Username',
    password: 'Password',
    login: 'Sign in',
    loggingIn: 'Signing in…',
    logout: 'Sign out',
    sessionExpired: 'Your session has ended. Please sign in again.',
    signedInAs: (name) => `Signed in as ${name}`,
    loading: 'Loading…',
    places: { label: 'Workspaces', conversations: 'Conversations', knowledge: 'Knowledge', reports: 'Reports' },
    roles: { agent: 'agent', supervisor: 'supervisor', editor: 'editor', admin: 'admin' },
    noAccessGoTo: 'You can go to:',
  },
};

/** The error words every staff page words alike; each page adds how it says `notFound` and `badRequest`, and its own codes. */
export const staffErrorWords: Readonly<Record<Lang, Omit<StaffErrorWords, 'notFound' | 'badRequest'>>> = {
  'zh-CN': {
    network: '网络错误，请检查网络后重试。',
    badCredentials: '用户名或密码错误。',
    throttled: (wait) => (wait ? `登录尝试过多，请 ${wait}后再试。` : '登录尝试过多，请稍后再试。'),
    csrf: '安全校验失败，请刷新页面。',
    forbidden: (role) => (role ? `这需要「${role}」权限。` : '没有权限。'),
    server: '服务器出错了，请稍后再试。',
    seconds: (n) => `${n} 秒`,
    minutes: (n) => `${n} 分钟`,
  },
  en: {
    network: 'Network error. Check the connection and try again.',
    badCredentials: 'Wrong username or password.',
    throttled: (wait) => (wait ? `Too many sign-in attempts. Try again in ${wait}.` : 'Too many sign-in attempts. Try again later.'),
    csrf: 'The security check failed. Reload the page.',
    forbidden: (role) => (role ? `This needs the ${role} role.` : 'Not allowed.'),
    server: 'The server failed. Try again later.',
    seconds: (n) => `${n} second${n === 1 ? '' : 's'}`,
    minutes: (n) => `${n} minute${n === 1 ? '' : 's'}`,
  },
};
