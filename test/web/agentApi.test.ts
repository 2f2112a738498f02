import { describe, expect, it } from 'vitest';
import { ApiError, isSessionLost } from '../../web/shared/ApiError.js';
import { createAgentApi } from '../../web/agent/createAgentApi.js';
import type { FetchLike } from '../../web/shared/createApiClient.js';
import { errorText, serverText } from '../../web/agent/errorText.js';
import { messages } from '../../web/agent/messages.js';

interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

/** A fetch that records calls and answers from a list, in order. */
function fakeFetch(...answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> } | Error>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected call ${url}`);
    if (answer instanceof Error) throw answer;
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      headers: new Headers(answer.headers),
      json: async () => (answer.body === undefined ? Promise.reject(new SyntaxError('no body')) : answer.body),
    };
  };
  const headers = (i: number) => (calls[i]?.init.headers ?? {}) as Record<string, string>;
  return { fetch, calls, headers };
}
const session = { agent: { id: 'a1', username: 'wang', displayName: '王小明' }, csrfToken: 'csrf-1', expiresAt: '2026-03-02T00:00:00Z' };

describe('createAgentApi', () => {
  it('logs in for a cookie session, then sends the CSRF token on every POST and never on a GET', async () => {
    const f = fakeFetch({ status: 200, body: session }, { status: 200, body: { tickets: [] } }, { status: 200, body: { ticket: { id: 't1' } } });
    const api = createAgentApi({ fetch: f.fetch });
    await api.login('wang', 'secret');
    expect(JSON.parse(String(f.calls[0]!.init.body))).toEqual({ username: 'wang', password: 'secret', kind: 'cookie' });
    expect(f.headers(0)['X-CSRF-Token']).toBeUndefined();
    await api.tickets('mine');
    expect(f.calls[1]!.url).toBe('/api/agent/tickets?state=assigned&mine=1');
    expect(f.headers(1)['X-CSRF-Token']).toBeUndefined();
    await api.accept('t1');
    expect(f.calls[2]!.url).toBe('/api/agent/tickets/t1/accept');
    expect(f.calls[2]!.init.method).toBe('POST');
    expect(f.headers(2)['X-CSRF-Token']).toBe('csrf-1');
    for (const call of f.calls) expect(call.init.credentials).toBe('same-origin');
  });

  it('takes the CSRF token from /me after a reload', async () => {
    const f = fakeFetch({ status: 200, body: { ...session, csrfToken: 'csrf-2' } }, { status: 204 });
    const api = createAgentApi({ fetch: f.fetch });
    await api.me();
    await api.typing(42);
    expect(f.calls[1]!.url).toBe('/api/agent/tickets/42/typing');
    expect(f.headers(1)['X-CSRF-Token']).toBe('csrf-2');
  });

  it('forgets the CSRF token on logout, even when the call fails', async () => {
    const f = fakeFetch({ status: 200, body: session }, new TypeError('Failed to fetch'), { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'no session' } } });
    const api = createAgentApi({ fetch: f.fetch });
    await api.login('wang', 'secret');
    await expect(api.logout()).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    await expect(api.close('t1')).rejects.toSatisfy(isSessionLost);
    expect(f.headers(2)['X-CSRF-Token']).toBeUndefined();
  });

  it('sends message text, transfer targets and KB queries encoded', async () => {
    const f = fakeFetch(
      { status: 201, body: { message: { from: 'agent', text: '您好', timestamp: 't' } } },
      { status: 200, body: { ticket: { id: 't/1' } } },
      { status: 200, body: { query: '密码错误', hits: [{ id: 'pin-wrong', title: '密码错误' }] } },
      { status: 200, body: { id: 'pin wrong', title: 'x', answer: 'y' } },
    );
    const api = createAgentApi({ fetch: f.fetch });
    expect(await api.send('t/1', '您好')).toMatchObject({ text: '您好' });
    expect(f.calls[0]!.url).toBe('/api/agent/tickets/t%2F1/messages');
    expect(JSON.parse(String(f.calls[0]!.init.body))).toEqual({ text: '您好' });
    expect(f.headers(0)['Content-Type']).toBe('application/json');
    await api.transfer('t/1', 'li');
    expect(JSON.parse(String(f.calls[1]!.init.body))).toEqual({ agent: 'li' });
    expect(await api.searchKb('密码错误')).toEqual([{ id: 'pin-wrong', title: '密码错误' }]);
    expect(f.calls[2]!.url).toBe(`/api/kb/search?q=${encodeURIComponent('密码错误')}&limit=5`);
    await api.article('pin wrong');
    expect(f.calls[3]!.url).toBe('/api/kb/articles/pin%20wrong');
  });

  it('turns the server’s error into an ApiError with its status, code and message', async () => {
    const f = fakeFetch(
      { status: 429, body: { error: { code: 'THROTTLED', message: 'too many login attempts' } }, headers: { 'Retry-After': '840' } },
      { status: 409, body: { error: { code: 'TICKET_TAKEN', message: '已被 李雷 接入' } } },
      { status: 502 },
    );
    const api = createAgentApi({ fetch: f.fetch });
    await expect(api.login('wang', 'x')).rejects.toMatchObject({ status: 429, code: 'THROTTLED', message: 'too many login attempts' });
    await expect(api.accept('t1')).rejects.toMatchObject({ status: 409, code: 'TICKET_TAKEN', message: '已被 李雷 接入' });
    await expect(api.agents()).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });
});

describe('serverText', () => {
  it('shows the half of a bilingual message in the console’s language, whichever comes first', () => {
    expect(serverText('用户名或密码错误 / wrong username or password', 'zh-CN')).toBe('用户名或密码错误');
    expect(serverText('用户名或密码错误 / wrong username or password', 'en')).toBe('wrong username or password');
    expect(serverText('ticket 5 was accepted by 王小明 / 已被王小明接入', 'zh-CN')).toBe('已被王小明接入');
    expect(serverText('ticket 5 was accepted by 王小明 / 已被王小明接入', 'en')).toBe('ticket 5 was accepted by 王小明');
    const throttled = '登录尝试过多，请 15 分钟后再试 / too many login attempts: try again in 15 minutes';
    expect(serverText(throttled, 'zh-CN')).toBe('登录尝试过多，请 15 分钟后再试');
    expect(serverText(throttled, 'en')).toBe('too many login attempts: try again in 15 minutes');
  });

  it('shows anything else whole', () => {
    expect(serverText('no ticket 5', 'zh-CN')).toBe('no ticket 5');
    expect(serverText('a / b / 丙', 'zh-CN')).toBe('a / b / 丙');
    expect(serverText('and/or / either', 'en')).toBe('and/or / either');
  });
});

describe('errorText', () => {
  const zh = messages['zh-CN'];
  it('shows the server’s own message', () => {
    expect(errorText(new ApiError(409, 'TICKET_TAKEN', 'ticket 5 was accepted by 李雷 / 已被李雷接入'), zh, 'zh-CN')).toBe('已被李雷接入');
    expect(errorText(new ApiError(429, 'TOO_MANY_ATTEMPTS', 'too many login attempts from this address; wait a minute / 登录尝试过于频繁，请一分钟后再试'), zh, 'zh-CN')).toBe('登录尝试过于频繁，请一分钟后再试');
  });

  it('says the network failed rather than showing the browser’s words', () => {
    expect(errorText(new ApiError(0, 'NETWORK', 'Failed to fetch'), zh, 'zh-CN')).toBe(zh.networkError);
  });
});
