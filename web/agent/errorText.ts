import { ApiError } from '../shared/ApiError.js';
import type { Lang } from '../shared/lang.js';
import type { AgentMessages } from './messages.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const cjkShare = (text: string) => (text.match(CJK)?.length ?? 0) / Math.max(1, text.replace(/\s/g, '').length);

/**
 * The server writes its errors in both languages, "用户名或密码错误 / wrong username or password"
 * or "ticket 5 was accepted by 王小明 / 已被王小明接入" (either order). The console shows the half in
 * its own language: the one more Chinese for zh-CN, the other for English. Anything else is shown whole.
 */
export function serverText(message: string, lang: Lang): string {
  const halves = message.split(' / ');
  if (halves.length !== 2) return message;
  const [a, b] = halves as [string, string];
  if (!a.trim() || !b.trim() || cjkShare(a) === cjkShare(b)) return message;
  const chinese = cjkShare(a) > cjkShare(b) ? a : b;
  const english = chinese === a ? b : a;
  return (lang === 'en' ? english : chinese).trim();
}

/**
 * What to tell the agent when a call fails: the server's own message (it names the problem and,
 * for a lock or too many attempts, how long to wait), or a plain line for a network failure.
 */
export function errorText(error: unknown, m: AgentMessages, lang: Lang): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.status === 0) return m.networkError;
  return serverText(error.message, lang);
}
