import { createHash, timingSafeEqual } from 'node:crypto';

/** What WeChat signs: the token, the request's timestamp and nonce, and in safe mode the ciphertext. */
export interface WechatSignatureInput {
  readonly token: string;
  readonly timestamp: string;
  readonly nonce: string;
  /** The `Encrypt` field: given, this computes `msg_signature`; absent, the URL's `signature`. */
  readonly encrypt?: string;
}

/**
 * WeChat's signature: the lowercase hex SHA-1 of the parts sorted (as strings, by code unit) and
 * joined without a separator. Without `encrypt` it is the URL's `signature` (also the GET
 * verification's); with it, `msg_signature` of an encrypted message or reply.
 */
export function wechatSignature({ token, timestamp, nonce, encrypt }: WechatSignatureInput): string {
  const parts = encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
  return createHash('sha1').update(parts.sort().join(''), 'utf8').digest('hex');
}

/**
 * Whether `given` is the signature of `input`, compared in constant time so a forger learns
 * nothing from how long a refusal takes. A missing or mis-sized signature is simply false.
 */
export function checkWechatSignature(given: string | undefined, input: WechatSignatureInput): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(wechatSignature(input), 'latin1');
  const actual = Buffer.from(given.toLowerCase(), 'latin1');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
