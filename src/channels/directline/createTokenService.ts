import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  readonly conversationId: string;
  readonly userId: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

export type TokenCheck = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly code: 'TokenExpired' | 'TokenInvalid' };

export interface TokenService {
  readonly ttlSeconds: number;
  issue(conversationId: string, userId: string): { token: string; expiresIn: number };
  check(token: string): TokenCheck;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * Direct Line tokens: the conversation and user they are bound to, and their expiry, signed
 * with HMAC-SHA256. Stateless, so they survive restarts as long as the key does.
 */
export function createTokenService({ key, ttlSeconds = 1800, now = () => Date.now() }: { key: Buffer; ttlSeconds?: number; now?: () => number }): TokenService {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    ttlSeconds,
    issue(conversationId, userId) {
      const payload = b64(JSON.stringify({ c: conversationId, u: userId, e: Math.floor(now() / 1000) + ttlSeconds }));
      return { token: `${payload}.${b64(sign(payload))}`, expiresIn: ttlSeconds };
    },
    check(token) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return { ok: false, code: 'TokenInvalid' };
      const expected = sign(payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'TokenInvalid' };
      let claims: { c?: unknown; u?: unknown; e?: unknown };
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
      } catch {
        return { ok: false, code: 'TokenInvalid' };
      }
      if (typeof claims.c !== 'string' || typeof claims.u !== 'string' || typeof claims.e !== 'number') return { ok: false, code: 'TokenInvalid' };
      if (claims.e * 1000 <= now()) return { ok: false, code: 'TokenExpired' };
      return { ok: true, claims: { conversationId: claims.c, userId: claims.u, exp: claims.e } };
    },
  };
}
