import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../web/shared/createApiClient.js';
import { createWorkspaceApi } from '../../web/workspace/createWorkspaceApi.js';
import { missFixtures } from './workspaceFixtures.js';

/** A fetch that records calls and answers from a list, in order. */
function fakeFetch(...answers: Array<{ status: number; body?: unknown }>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected call ${url}`);
    return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => answer.body };
  };
  const header = (i: number, name: string) => ((calls[i]?.init.headers ?? {}) as Record<string, string>)[name];
  const body = (i: number) => JSON.parse(String(calls[i]!.init.body)) as unknown;
  return { fetch, calls, header, body };
}
const session = { agent: { id: 3, username: 'bian', displayName: '卞编辑', role: 'editor' }, capabilities: ['knowledge'], csrfToken: 'csrf-9' };

describe('createWorkspaceApi', () => {
  it('resumes the session from /me and sends its CSRF token with every POST under /api/agent/workspace', async () => {
    const f = fakeFetch({ status: 200, body: session }, { status: 200, body: { text: '押金怎么退' } }, { status: 200, body: missFixtures.added }, { status: 200, body: { group: missFixtures.ignored } });
    const api = createWorkspaceApi({ fetch: f.fetch });
    expect((await api.me()).capabilities).toEqual(['knowledge']);
    await api.tryQuestion('押金怎么退');
    expect(f.calls[1]!.url).toBe('/api/agent/workspace/try');
    expect(f.body(1)).toEqual({ text: '押金怎么退' });
    expect(f.header(1, 'X-CSRF-Token')).toBe('csrf-9');
    expect(await api.addToArticle(7, 'device-code-a6', ['显示A6'], '3f2a9c1d0b7e4a55')).toEqual(missFixtures.added);
    expect(f.calls[2]!.url).toBe('/api/agent/workspace/misses/7/add');
    expect(f.body(2)).toEqual({ articleId: 'device-code-a6', questions: ['显示A6'], version: '3f2a9c1d0b7e4a55' });
    expect(await api.ignoreMiss(9, '与业务无关')).toEqual(missFixtures.ignored);
    expect(f.calls[3]!.url).toBe('/api/agent/workspace/misses/9/ignore');
    expect(f.header(3, 'X-CSRF-Token')).toBe('csrf-9');
  });

  it('asks for the misses of one status and the articles, with GETs that carry no token', async () => {
    const f = fakeFetch({ status: 200, body: { groups: missFixtures.open } }, { status: 200, body: { version: 'v', articles: [], flows: [] } });
    const api = createWorkspaceApi({ fetch: f.fetch });
    expect(await api.misses('resolved')).toEqual(missFixtures.open);
    expect(f.calls[0]!.url).toBe('/api/agent/workspace/misses?status=resolved');
    expect(f.calls[0]!.init.method).toBe('GET');
    await api.articles();
    expect(f.calls[1]!.url).toBe('/api/agent/workspace/articles');
    for (const i of [0, 1]) expect(f.header(i, 'X-CSRF-Token')).toBeUndefined();
  });

  it('rejects with the server’s code and params, so the page can word them', async () => {
    const f = fakeFetch({ status: 409, body: { error: { code: 'CONFLICT', message: '…', params: { file: 'knowledge/pin/pin-wrong.yaml' } } } }, { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no route for GET /api/agent/workspace/misses' } } });
    const api = createWorkspaceApi({ fetch: f.fetch });
    await expect(api.addToArticle(7, 'pin-wrong', ['x'])).rejects.toMatchObject({ status: 409, code: 'CONFLICT', params: { file: 'knowledge/pin/pin-wrong.yaml' } });
    await expect(api.misses('open')).rejects.toMatchObject({ status: 404 });
  });
});
