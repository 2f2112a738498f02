import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/shared/ApiError.js';
import { errorText } from '../../web/workspace/errorText.js';
import { messages } from '../../web/workspace/messages.js';

const zh = messages['zh-CN'];
const en = messages.en;

describe('errorText (workspace)', () => {
  it('words a refusal from its role param, not from the server’s sentence', () => {
    const forbidden = new ApiError(403, 'FORBIDDEN', '需要编辑（editor）权限 / this needs the editor role', { role: 'editor', capability: 'knowledge' });
    expect(errorText(forbidden, zh)).toBe('这需要「编辑」权限。');
    expect(errorText(forbidden, en)).toBe('This needs the editor role.');
    expect(errorText(new ApiError(403, 'FORBIDDEN', 'x', { role: 'owner' }), zh)).toBe('这需要「owner」权限。');
    expect(errorText(new ApiError(403, 'FORBIDDEN', 'x'), zh)).toBe('没有权限。');
  });

  it('names the file that changed on disk, and the file, line and field an article would break', () => {
    expect(errorText(new ApiError(409, 'CONFLICT', 'x', { file: 'knowledge/pin/pin-wrong.yaml' }), zh)).toBe('knowledge/pin/pin-wrong.yaml 刚被别人改过，没有保存。请刷新后再试。');
    const invalid = new ApiError(400, 'INVALID_ARTICLE', 'x', { file: 'knowledge/pin/pin-wrong.yaml', line: 7, field: 'questions' });
    expect(errorText(invalid, zh)).toBe('加入后 knowledge/pin/pin-wrong.yaml 第 7 行（questions）不符合格式，没有保存。');
    expect(errorText(invalid, en)).toBe('With this added, knowledge/pin/pin-wrong.yaml line 7 (questions) would not be valid; nothing was saved.');
    expect(errorText(new ApiError(400, 'INVALID_ARTICLE', 'x', { file: 'a.yaml' }), zh)).toBe('加入后 a.yaml不符合格式，没有保存。');
  });

  it('says the questions were saved when only the git commit failed', () => {
    expect(errorText(new ApiError(500, 'GIT_FAILED', '已保存，但提交到 git 失败：… / saved, but the git commit failed', { file: 'knowledge/pin/pin-wrong.yaml' }), zh)).toBe('已保存到 knowledge/pin/pin-wrong.yaml，但提交到 git 失败，请手动提交。');
  });

  it('says how long to wait after too many sign-ins', () => {
    expect(errorText(new ApiError(429, 'THROTTLED', 'x', { retryAfterSeconds: 840 }), zh)).toBe('登录尝试过多，请 14 分钟后再试。');
    expect(errorText(new ApiError(429, 'THROTTLED', 'x', { retryAfterSeconds: 30 }), en)).toBe('Too many sign-in attempts. Try again in 30 seconds.');
    expect(errorText(new ApiError(429, 'TOO_MANY_ATTEMPTS', 'x'), zh)).toBe('登录尝试过多，请 1 分钟后再试。');
  });

  it('words the session, network and server failures', () => {
    expect(errorText(new ApiError(0, 'NETWORK', 'Failed to fetch'), zh)).toBe(zh.errors.network);
    expect(errorText(new ApiError(401, 'BAD_CREDENTIALS', '用户名或密码错误 / wrong username or password'), en)).toBe('Wrong username or password.');
    expect(errorText(new ApiError(401, 'UNAUTHENTICATED', 'x'), zh)).toBe(zh.sessionExpired);
    expect(errorText(new ApiError(500, 'INTERNAL', 'internal error / 服务器内部错误'), zh)).toBe(zh.errors.server);
    expect(errorText(new ApiError(502, 'HTTP_502', 'HTTP 502'), zh)).toBe(zh.errors.server);
    expect(errorText(new ApiError(404, 'HTTP_404', 'HTTP 404'), zh)).toBe(zh.errors.notFound);
  });

  it('shows the server’s message whole only for a code it does not know', () => {
    expect(errorText(new ApiError(409, 'SOMETHING_NEW', '新情况 / something new'), zh)).toBe('新情况 / something new');
    expect(errorText(new Error('boom'), zh)).toBe('boom');
  });
});
