/** The widget's own words; what the bot says comes from the server in the user's language. */
export interface UiMessages {
  /** Default panel title (data-title overrides it). */
  readonly title: string;
  readonly open: string;
  /** The chat button's label while the panel is closed and something new came in. */
  readonly openUnread: string;
  readonly close: string;
  readonly log: string;
  readonly input: string;
  readonly placeholder: string;
  readonly send: string;
  readonly quickReplies: string;
  readonly typing: string;
  readonly connecting: string;
  readonly offline: string;
  readonly failed: string;
  readonly retry: string;
  readonly unsupported: string;
  /** Said before each message for screen readers. */
  readonly saidByUser: string;
  readonly saidByBot: string;
  /** Said before each message a support agent wrote; {name} is the agent's display name. */
  readonly saidByAgent: string;
  /** Shown above an agent's messages when the sender changes; {name} as above. */
  readonly agentLabel: string;
  /** The photo button: take one with the camera or pick one (a photo of the terminal's screen). */
  readonly photo: string;
  /** An image's alternative text. */
  readonly image: string;
  readonly imageFailed: string;
  readonly imageTooLarge: string;
  readonly notAnImage: string;
}

export type Lang = 'zh-CN' | 'en';

export const messages: Readonly<Record<Lang, UiMessages>> = {
  'zh-CN': {
    title: '在线客服',
    open: '打开在线客服',
    openUnread: '打开在线客服（有新消息）',
    close: '关闭在线客服',
    log: '对话记录',
    input: '输入您的问题',
    placeholder: '请输入您的问题，Enter 发送',
    send: '发送',
    quickReplies: '快捷回复',
    typing: '客服正在输入…',
    connecting: '正在连接…',
    offline: '网络已断开，正在重新连接…',
    failed: '发送失败',
    retry: '重新发送',
    unsupported: '[暂不支持显示此类消息]',
    saidByUser: '我：',
    saidByBot: '客服：',
    saidByAgent: '人工客服{name}：',
    agentLabel: '人工客服 · {name}',
    photo: '发送图片（拍照或从相册选择）',
    image: '图片',
    imageFailed: '[图片加载失败]',
    imageTooLarge: '图片不能超过 5 MB，请换一张或截取屏幕的一部分',
    notAnImage: '只能发送图片（PNG、JPEG、GIF 或 WebP）',
  },
  en: {
    title: 'Customer support',
    open: 'Open customer support chat',
    openUnread: 'Open customer support chat (new messages)',
    close: 'Close customer support chat',
    log: 'Conversation',
    input: 'Type your question',
    placeholder: 'Type your question, Enter to send',
    send: 'Send',
    quickReplies: 'Quick replies',
    typing: 'Support is typing…',
    connecting: 'Connecting…',
    offline: 'Connection lost, reconnecting…',
    failed: 'Not sent',
    retry: 'Send again',
    unsupported: '[This kind of message cannot be shown here]',
    saidByUser: 'Me: ',
    saidByBot: 'Support: ',
    saidByAgent: 'Agent {name}: ',
    agentLabel: 'Agent · {name}',
    photo: 'Send a picture (take a photo or choose one)',
    image: 'Picture',
    imageFailed: '[The picture could not be loaded]',
    imageTooLarge: 'A picture may be at most 5 MB: choose another or crop it',
    notAnImage: 'Only pictures can be sent (PNG, JPEG, GIF or WebP)',
  },
};
