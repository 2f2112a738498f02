import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkWechatSignature, wechatSignature } from '../../../src/channels/wechat/index.js';
import { pythonSample, verifyUrlSample, voiceSample } from './wechatVectors.js';

describe('wechatSignature', () => {
  it('computes msg_signature over token, timestamp, nonce and Encrypt as the official samples do', () => {
    const { token, timestamp, nonce, encrypt, msgSignature } = pythonSample;
    expect(wechatSignature({ token, timestamp, nonce, encrypt })).toBe(msgSignature);
    expect(wechatSignature({ token: verifyUrlSample.token, timestamp: verifyUrlSample.timestamp, nonce: verifyUrlSample.nonce, encrypt: verifyUrlSample.echoStr })).toBe(verifyUrlSample.msgSignature);
    expect(wechatSignature({ token: voiceSample.token, timestamp: voiceSample.timestamp, nonce: voiceSample.nonce, encrypt: voiceSample.encrypt })).toBe(voiceSample.msgSignature);
  });

  it('computes the URL signature over the sorted token, timestamp and nonce', () => {
    // The documented recipe: sort the three strings, join them, SHA-1, lowercase hex.
    const expected = createHash('sha1').update(['1409735669', '1320562132', 'spamtest'].sort().join('')).digest('hex');
    expect(wechatSignature({ token: 'spamtest', timestamp: '1409735669', nonce: '1320562132' })).toBe(expected);
    expect(expected).toBe('16120ec1b8dbb870f510d87ce6bc2463eae6ca1a');
  });

  it('sorts before hashing, so the order of the inputs does not matter but their values do', () => {
    const a = wechatSignature({ token: 'b', timestamp: 'a', nonce: 'c' });
    expect(wechatSignature({ token: 'c', timestamp: 'b', nonce: 'a' })).toBe(a);
    expect(wechatSignature({ token: 'b', timestamp: 'a', nonce: 'd' })).not.toBe(a);
  });
});

describe('checkWechatSignature', () => {
  const input = { token: pythonSample.token, timestamp: pythonSample.timestamp, nonce: pythonSample.nonce, encrypt: pythonSample.encrypt };

  it('accepts the right signature, in either case', () => {
    expect(checkWechatSignature(pythonSample.msgSignature, input)).toBe(true);
    expect(checkWechatSignature(pythonSample.msgSignature.toUpperCase(), input)).toBe(true);
  });

  it('refuses a wrong, short, long, empty or missing signature without throwing', () => {
    const flipped = `${pythonSample.msgSignature.slice(0, -1)}${pythonSample.msgSignature.endsWith('a') ? 'b' : 'a'}`;
    for (const given of [flipped, pythonSample.msgSignature.slice(1), `${pythonSample.msgSignature}0`, '', '12345', undefined]) {
      expect(checkWechatSignature(given, input)).toBe(false);
    }
  });

  it('refuses a signature made with another token, timestamp, nonce or ciphertext', () => {
    expect(checkWechatSignature(pythonSample.msgSignature, { ...input, token: 'another' })).toBe(false);
    expect(checkWechatSignature(pythonSample.msgSignature, { ...input, timestamp: '1409735670' })).toBe(false);
    expect(checkWechatSignature(pythonSample.msgSignature, { ...input, nonce: '1' })).toBe(false);
    expect(checkWechatSignature(pythonSample.msgSignature, { ...input, encrypt: `${input.encrypt}A` })).toBe(false);
    // The URL signature is not the msg_signature: dropping Encrypt changes what is signed.
    expect(checkWechatSignature(pythonSample.msgSignature, { token: input.token, timestamp: input.timestamp, nonce: input.nonce })).toBe(false);
  });
});
