import { describe, expect, it } from 'vitest';
import { createReportsApi } from '../../web/reports/createReportsApi.js';
import { errorText } from '../../web/reports/errorText.js';
import { messages } from '../../web/reports/messages.js';
import { ApiError } from '../../web/shared/ApiError.js';
import type { FetchLike } from '../../web/shared/createApiClient.js';
import { createWorkspaceApi } from '../../web/workspace/createWorkspaceApi.js';
import { report } from './reportsFixtures.js';

/** A fetch that records calls and answers from a list, in order. */
function fakeFetch(...answers: Array<{ status: number; body?: unknown }>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected call ${url}`);
    return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => answer.body };
  };
  return { fetch, calls };
}
const october = { from: '2026-10-01', to: '2026-10-31' };

describe('createReportsApi', () => {
  it('asks for the server’s default period without one, and for the days and channel given', async () => {
    const f = fakeFetch({ status: 200, body: report }, { status: 200, body: report });
    const api = createReportsApi({ fetch: f.fetch });
    expect(await api.report()).toEqual(report);
    await api.report({ ...october, channel: 'wechat' });
    expect(f.calls.map((c) => [c.init.method, c.url])).toEqual([
      ['GET', '/api/agent/reports'],
      ['GET', '/api/agent/reports?from=2026-10-01&to=2026-10-31&channel=wechat'],
    ]);
  });

  it('links each table’s CSV with the same period, under the page’s base', () => {
    const api = createReportsApi({ fetch: fakeFetch().fetch, base: '/kefu' });
    expect(api.csvHref('days', october)).toBe('/kefu/api/agent/reports/days.csv?from=2026-10-01&to=2026-10-31');
    expect(api.csvHref('agents', { ...october, channel: 'wechat' })).toBe('/kefu/api/agent/reports/agents.csv?from=2026-10-01&to=2026-10-31&channel=wechat');
  });

  it('rejects with the server’s code and params, so the page can word them', async () => {
    const f = fakeFetch({ status: 400, body: { error: { code: 'BAD_QUERY', message: '…', params: { field: 'from' } } } });
    await expect(createReportsApi({ fetch: f.fetch }).report(october)).rejects.toMatchObject({ status: 400, code: 'BAD_QUERY', params: { field: 'from' } });
  });
});

describe('the workspace’s performance calls', () => {
  it('asks for a period’s figures and links their CSV', async () => {
    const body = { period: october, articles: [], flows: [] };
    const f = fakeFetch({ status: 200, body });
    const api = createWorkspaceApi({ fetch: f.fetch });
    expect(await api.performance(october)).toEqual(body);
    expect(f.calls[0]!.url).toBe('/api/agent/workspace/performance?from=2026-10-01&to=2026-10-31');
    expect(api.performanceCsvHref('flows', october)).toBe('/api/agent/workspace/performance/flows.csv?from=2026-10-01&to=2026-10-31');
  });
});

describe('the reports page’s errorText', () => {
  const zh = messages['zh-CN'];

  it('words a refused period by the day it names, and a refused channel', () => {
    expect(errorText(new ApiError(400, 'BAD_QUERY', 'from must not be after to', { field: 'from' }), zh)).toBe('开始日期无效，或晚于结束日期。');
    expect(errorText(new ApiError(400, 'BAD_QUERY', 'at most 366 days', { field: 'to' }), zh)).toBe('结束日期无效，或时间段太长（最多 366 天）。');
    expect(errorText(new ApiError(400, 'BAD_QUERY', '…', { field: 'channel' }), zh)).toBe('渠道无效。');
    expect(errorText(new ApiError(400, 'BAD_QUERY', '…'), messages.en)).toBe('Something in the query is wrong; check it and try again.');
  });

  it('names the role a refusal asks for, and never shows a server’s 5xx text', () => {
    expect(errorText(new ApiError(403, 'FORBIDDEN', '…', { role: 'supervisor', capability: 'reports' }), zh)).toBe('这需要「主管」权限。');
    expect(errorText(new ApiError(502, 'HTTP_502', 'HTTP 502'), zh)).toBe('服务器出错了，请稍后再试。');
    expect(errorText(new ApiError(0, 'NETWORK', 'Failed to fetch'), zh)).toBe('网络错误，请检查网络后重试。');
    expect(errorText(new ApiError(401, 'UNAUTHENTICATED', '…'), zh)).toBe('登录已过期，请重新登录。');
  });
});
