/**
 * Requests every plan starts with, whatever the seed: the shapes a security report found, and
 * one of each shape the fuzz suite promises to send (nesting 30,000 deep, a body over 1 MB, wrong
 * JSON types, bad tokens, odd paths, a card in each field that could echo it). The random part of
 * the plan follows; it may repeat them, but never has to be lucky to include them.
 */
import type { Random } from './createRandom.js';
import { draftJson, draftRequest } from './draftRequest.js';
import { PLACEHOLDERS, type DraftRequest, type RouteGroup } from './FuzzRequest.js';
import { draftUpgrade } from './upgradeBuilders.js';

export interface EssentialRequest {
  readonly group: RouteGroup;
  readonly request: DraftRequest;
}

const ACTIVITIES = `/v3/directline/conversations/${PLACEHOLDERS.conversation(0)}/activities`;
const AUTH: [string, string] = ['Authorization', `Bearer ${PLACEHOLDERS.token(0)}`];
const CARD = '4111111111111111';

export function essentialRequests(random: Random): EssentialRequest[] {
  const upgrade = (group: RouteGroup, target: string, kind: string) => ({ group, request: { ...draftUpgrade(random, target), kind: `report:${kind}` } });
  const activity = (kind: string, value: unknown) => ({ group: 'dl.activities.post' as const, request: draftJson('POST', ACTIVITIES, value, { kind: `essential:${kind}`, headers: [AUTH] }) });
  const message = { type: 'message', from: { id: PLACEHOLDERS.user(0) }, locale: 'zh-CN', text: '刷卡失败' };
  const conversation = (kind: string, token: string) => ({ group: 'dl.conversation' as const, request: draftRequest('GET', `/v3/directline/conversations/${PLACEHOLDERS.conversation(0)}`, { kind: `essential:${kind}`, headers: [['Authorization', `Bearer ${token}`]] }) });
  const odd = (group: RouteGroup, request: DraftRequest, kind: string) => ({ group, request: { ...request, kind: `essential:${kind}` } });
  const expiredLooking = `${Buffer.from(JSON.stringify({ c: 'x', u: 'y', e: 1 })).toString('base64url')}.${random.bytes(32).toString('base64url')}`;
  return [
    upgrade('upgrade.directline', '/v3/directline/conversations/%ZZ/stream', 'directline-%ZZ'),
    upgrade('upgrade.other', '//', '//'),
    upgrade('upgrade.other', '//[::1', '//[::1'),
    upgrade('upgrade.other', '%C0%AF', '%C0%AF'),
    upgrade('upgrade.directline', `/v3/directline/conversations/%C0%AF/stream?t=${PLACEHOLDERS.token(0)}`, 'directline-%C0%AF'),
    {
      group: 'dl.activities.post',
      request: draftRequest('POST', ACTIVITIES, { kind: 'essential:value-nested-30000', headers: [AUTH, ['Content-Type', 'application/json']], body: ['{"type":"message","text":"深","value":', { repeat: '[', times: 30_000 }, { repeat: ']', times: 30_000 }, '}'] }),
    },
    activity('text-array', { ...message, text: ['刷卡', '失败'] }),
    activity('text-number', { ...message, text: 123 }),
    activity('text-object', { ...message, text: { zh: '刷卡' } }),
    activity('locale-number', { ...message, locale: 7 }),
    activity('suggestedActions-malformed', { ...message, suggestedActions: { actions: [null, 1, { type: 5 }] } }),
    {
      group: 'dl.activities.post',
      request: { ...draftRequest('POST', ACTIVITIES, { kind: 'essential:body-over-1mb', headers: [AUTH, ['Content-Type', 'application/json']], body: ['{"type":"message","text":"', { repeat: 'a', times: 1_100_000 }, '"}'] }), mayDrop: true },
    },
    activity('card-in-text', { ...message, text: `我的卡号是 ${CARD}` }),
    activity('card-in-value', { ...message, value: { cardNumber: CARD } }),
    activity('card-in-channelData', { ...message, channelData: { note: CARD } }),
    activity('card-in-from-name', { ...message, from: { id: PLACEHOLDERS.user(0), name: CARD } }),
    activity('card-in-attachment', { ...message, attachments: [{ contentType: 'text/plain', content: `卡号 ${CARD}` }] }),
    odd('botframework', draftJson('POST', '/api/messages', {}), 'empty-object'),
    odd('botframework', draftJson('POST', '/api/messages', []), 'array'),
    odd('botframework', draftJson('POST', '/api/messages', null), 'null'),
    conversation('token-garbage', random.bytes(24).toString('base64url')),
    conversation('token-expired-looking', expiredLooking),
    conversation('token-other-conversation', PLACEHOLDERS.token(1)),
    odd('kb.search', draftRequest('GET', '/api/kb/search?q=刷卡密码错误'), 'raw-utf8-request-line'),
    odd('kb.search', draftRequest('GET', `/api/kb/search?q=${CARD}`), 'card-in-query'),
    odd('unknown', draftRequest('GET', '//'), '//'),
    odd('unknown', draftRequest('GET', '//[::1'), '//[::1'),
    odd('unknown', draftRequest('GET', '/%ZZ'), '%ZZ'),
    odd('unknown', draftRequest('GET', '/%C0%AF'), '%C0%AF'),
    odd('unknown', draftRequest('GET', '/../../etc/passwd'), 'dotdot'),
    odd('unknown', { ...draftRequest('GET', `/${'p'.repeat(20_000)}`), mayDrop: true }, 'path-20000'),
    odd('botframework', { ...draftRequest('POST', '/api/messages', { headers: [['Content-Type', 'application/json']], body: ['{"type":'] }) }, 'bad-json'),
    odd('botframework', { ...draftJson('POST', '/api/messages', {}), contentLength: { value: 'abc' }, mayDrop: true }, 'bad-content-length'),
    odd('kb.status', { ...draftRequest('GET', '/api/kb/status', { headers: [['X-Fuzz', 'h'.repeat(20_000)]] }), mayDrop: true }, 'huge-header'),
    odd('kb.status', draftRequest('GET', '/api/kb/status', { headers: [['Authorization', 'Bearer a'], ['Authorization', 'Bearer b'], ['Host', 'evil.example']] }), 'duplicated-headers'),
    odd('agent.actions', draftJson('POST', '/api/agent/tickets/1/messages', { text: `请核对卡号 ${CARD}` }, { headers: [['Authorization', `Bearer ${PLACEHOLDERS.agentToken}`]] }), 'card-in-agent-message'),
  ];
}
