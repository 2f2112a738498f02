import { describe, expect, it } from 'vitest';
import { createTokenService } from '../../src/channels/directline/index.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef');

describe('createTokenService', () => {
  it('issues a token bound to one conversation and one user that checks out until it expires', () => {
    let now = 1_000_000_000_000;
    const tokens = createTokenService({ key, ttlSeconds: 1800, now: () => now });
    const { token, expiresIn } = tokens.issue('conv-1', 'dl_user');
    expect(expiresIn).toBe(1800);
    expect(tokens.check(token)).toEqual({ ok: true, claims: { conversationId: 'conv-1', userId: 'dl_user', exp: now / 1000 + 1800 } });
    now += 1800 * 1000;
    expect(tokens.check(token)).toEqual({ ok: false, code: 'TokenExpired' });
  });

  it('refuses a token signed with another key, or altered, or not a token at all', () => {
    const tokens = createTokenService({ key });
    const other = createTokenService({ key: Buffer.from('another key, another key, 32 by') });
    const { token } = other.issue('conv-1', 'dl_user');
    expect(tokens.check(token)).toEqual({ ok: false, code: 'TokenInvalid' });
    const [payload, signature] = tokens.issue('conv-1', 'dl_user').token.split('.') as [string, string];
    const widened = Buffer.from(JSON.stringify({ c: 'conv-2', u: 'dl_user', e: 9_999_999_999 })).toString('base64url');
    expect(tokens.check(`${widened}.${signature}`)).toEqual({ ok: false, code: 'TokenInvalid' });
    expect(tokens.check(payload)).toEqual({ ok: false, code: 'TokenInvalid' });
    expect(tokens.check('not-a-token')).toEqual({ ok: false, code: 'TokenInvalid' });
  });
});
