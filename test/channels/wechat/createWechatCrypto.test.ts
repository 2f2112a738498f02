import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWechatCrypto, decodeWechatAesKey, parseWechatXml, WechatError, wechatSignature } from '../../../src/channels/wechat/index.js';
import { javaSample, pythonSample, verifyUrlSample, voiceSample } from './wechatVectors.js';

const fixedRandom = (bytes: string) => (size: number) => Buffer.from(bytes.padEnd(size, '0').slice(0, size), 'latin1');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WechatError);
    return (error as WechatError).code;
  }
  return undefined;
}

/** Encrypts `plain` as WeChat would, but with full control of the bytes (for malformed plaintexts). */
function rawEncrypt(encodingAesKey: string, plain: Buffer): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

describe('createWechatCrypto', () => {
  describe('against the official samples', () => {
    const crypto = createWechatCrypto({ token: javaSample.token, appId: javaSample.appId, aesKey: javaSample.encodingAesKey, randomBytes: fixedRandom(javaSample.randomStr) });

    it('encrypts byte for byte as the Java sample (testAesEncrypt, testAesEncrypt2)', () => {
      expect(crypto.encrypt(javaSample.replyMsg)).toBe(javaSample.afterAesEncrypt);
      expect(crypto.encrypt(javaSample.replyMsg2)).toBe(javaSample.afterAesEncrypt2);
    });

    it('decrypts the Java sample ciphertexts back to the messages', () => {
      expect(crypto.decrypt(javaSample.afterAesEncrypt)).toEqual({ message: javaSample.replyMsg, key: 'current' });
      expect(crypto.decrypt(javaSample.afterAesEncrypt2).message).toBe(javaSample.replyMsg2);
    });

    it('opens the Python sample message: signature verified, app id checked, text inside', () => {
      const python = createWechatCrypto({ token: pythonSample.token, appId: pythonSample.appId, aesKey: pythonSample.encodingAesKey });
      const envelope = parseWechatXml(pythonSample.fromXml);
      const opened = python.open({ msgSignature: pythonSample.msgSignature, timestamp: pythonSample.timestamp, nonce: pythonSample.nonce, encrypt: envelope.Encrypt as string });
      expect(opened.key).toBe('current');
      expect(parseWechatXml(opened.message)).toEqual({
        ToUserName: 'gh_10f6c3c3ac5a',
        FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
        CreateTime: '1409735668',
        MsgType: 'text',
        Content: 'abcdteT',
        MsgId: '6054768590064713728',
      });
    });

    it('opens the Java samples of a URL check and of a voice message (padding of 31 bytes)', () => {
      const url = createWechatCrypto({ token: verifyUrlSample.token, appId: verifyUrlSample.appId, aesKey: verifyUrlSample.encodingAesKey });
      expect(url.open({ msgSignature: verifyUrlSample.msgSignature, timestamp: verifyUrlSample.timestamp, nonce: verifyUrlSample.nonce, encrypt: verifyUrlSample.echoStr }).message).toBe('1616140317555161061');
      const voice = createWechatCrypto({ token: voiceSample.token, appId: voiceSample.appId, aesKey: voiceSample.encodingAesKey });
      const message = voice.open({ msgSignature: voiceSample.msgSignature, timestamp: voiceSample.timestamp, nonce: voiceSample.nonce, encrypt: voiceSample.encrypt }).message;
      expect(parseWechatXml(message)).toMatchObject({ MsgType: 'voice', Format: 'amr', MsgId: '6260001703928528896', Recognition: '' });
    });

    it('refuses the Java sample with the signature "12345" (testValidateSignatureError)', () => {
      const sealed = crypto.seal(javaSample.replyMsg, { timestamp: javaSample.timestamp, nonce: javaSample.nonce });
      expect(codeOf(() => crypto.open({ msgSignature: '12345', timestamp: javaSample.timestamp, nonce: javaSample.nonce, encrypt: sealed.Encrypt }))).toBe('WECHAT_BAD_SIGNATURE');
    });

    it('refuses the key "abcde" (testIllegalAesKey)', () => {
      expect(codeOf(() => createWechatCrypto({ token: 't', appId: 'a', aesKey: 'abcde' }))).toBe('WECHAT_BAD_KEY');
    });
  });

  describe('seal and open', () => {
    const crypto = createWechatCrypto({ token: javaSample.token, appId: javaSample.appId, aesKey: javaSample.encodingAesKey });

    it('round-trips messages of every length across the 32-byte padding boundary, Chinese included', () => {
      for (let length = 0; length <= 70; length++) {
        const message = '中'.repeat(length % 3) + 'x'.repeat(length);
        const sealed = crypto.seal(message, { timestamp: '1700000000', nonce: 'n0nce' });
        expect(Buffer.from(sealed.Encrypt, 'base64').length % 32).toBe(0);
        expect(crypto.open({ msgSignature: sealed.MsgSignature, timestamp: sealed.TimeStamp, nonce: sealed.Nonce, encrypt: sealed.Encrypt })).toEqual({ message, key: 'current' });
      }
    });

    it('signs the reply over its own ciphertext with the timestamp and nonce given', () => {
      const sealed = crypto.seal('<xml/>', { timestamp: javaSample.timestamp, nonce: javaSample.nonce });
      expect(sealed).toMatchObject({ TimeStamp: javaSample.timestamp, Nonce: javaSample.nonce });
      expect(sealed.MsgSignature).toBe(wechatSignature({ token: javaSample.token, timestamp: javaSample.timestamp, nonce: javaSample.nonce, encrypt: sealed.Encrypt }));
    });

    it('uses fresh random bytes for each message by default', () => {
      expect(crypto.encrypt('same')).not.toBe(crypto.encrypt('same'));
    });
  });

  describe('refusals', () => {
    const crypto = createWechatCrypto({ token: javaSample.token, appId: javaSample.appId, aesKey: javaSample.encodingAesKey });
    const open = (encrypt: string) => () => crypto.open({ msgSignature: wechatSignature({ token: javaSample.token, timestamp: '1', nonce: '2', encrypt }), timestamp: '1', nonce: '2', encrypt });

    it('refuses a tampered ciphertext whose signature no longer matches', () => {
      const sealed = crypto.seal('hello', { timestamp: '1', nonce: '2' });
      const bytes = Buffer.from(sealed.Encrypt, 'base64');
      bytes[20] = (bytes[20] ?? 0) ^ 1;
      expect(codeOf(() => crypto.open({ msgSignature: sealed.MsgSignature, timestamp: '1', nonce: '2', encrypt: bytes.toString('base64') }))).toBe('WECHAT_BAD_SIGNATURE');
    });

    it('refuses a message sealed for another app id, even when its signature is right', () => {
      const other = createWechatCrypto({ token: javaSample.token, appId: 'wx0000000000000000', aesKey: javaSample.encodingAesKey });
      expect(codeOf(open(other.encrypt('for someone else')))).toBe('WECHAT_WRONG_APP_ID');
    });

    it('refuses bad padding: a pad byte out of 1..32, or pad bytes that disagree', () => {
      const body = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 0, 2]), Buffer.from('hi'), Buffer.from(javaSample.appId)]); // 40 bytes
      const padded = (pad: Buffer) => rawEncrypt(javaSample.encodingAesKey, Buffer.concat([body, pad]));
      expect(crypto.decrypt(padded(Buffer.alloc(24, 24))).message).toBe('hi');
      expect(codeOf(open(padded(Buffer.alloc(24, 0))))).toBe('WECHAT_DECRYPT_FAILED');
      expect(codeOf(open(padded(Buffer.concat([Buffer.alloc(23, 0), Buffer.from([33])]))))).toBe('WECHAT_DECRYPT_FAILED');
      expect(codeOf(open(padded(Buffer.concat([Buffer.alloc(23, 7), Buffer.from([24])]))))).toBe('WECHAT_DECRYPT_FAILED');
    });

    it('refuses a length field longer than what follows it', () => {
      const body = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 1, 0]), Buffer.from('hi'), Buffer.from(javaSample.appId)]);
      expect(codeOf(open(rawEncrypt(javaSample.encodingAesKey, Buffer.concat([body, Buffer.alloc(24, 24)]))))).toBe('WECHAT_DECRYPT_FAILED');
    });

    it('refuses ciphertext that is not base64 or not whole blocks', () => {
      expect(codeOf(open('not base64!'))).toBe('WECHAT_DECRYPT_FAILED');
      expect(codeOf(open(Buffer.alloc(20).toString('base64')))).toBe('WECHAT_DECRYPT_FAILED');
      expect(codeOf(open(Buffer.alloc(16).toString('base64')))).toBe('WECHAT_DECRYPT_FAILED');
    });
  });

  describe('key rotation', () => {
    const oldKey = javaSample.encodingAesKey;
    const newKey = voiceSample.encodingAesKey;
    const before = createWechatCrypto({ token: 'tok', appId: javaSample.appId, aesKey: oldKey });
    const after = createWechatCrypto({ token: 'tok', appId: javaSample.appId, aesKey: newKey, previousAesKey: oldKey });

    it('opens a message sealed with the previous key and says so, to seal the reply with it', () => {
      const late = before.seal('sent before the rotation', { timestamp: '1', nonce: '2' });
      const opened = after.open({ msgSignature: late.MsgSignature, timestamp: '1', nonce: '2', encrypt: late.Encrypt });
      expect(opened).toEqual({ message: 'sent before the rotation', key: 'previous' });
      const reply = after.seal('reply', { timestamp: '1', nonce: '2', key: opened.key });
      expect(before.decrypt(reply.Encrypt).message).toBe('reply');
    });

    it('opens a message sealed with the current key as current', () => {
      const fresh = createWechatCrypto({ token: 'tok', appId: javaSample.appId, aesKey: newKey }).encrypt('new');
      expect(after.decrypt(fresh)).toEqual({ message: 'new', key: 'current' });
    });

    it('refuses a message that neither key opens', () => {
      const stranger = createWechatCrypto({ token: 'tok', appId: javaSample.appId, aesKey: verifyUrlSample.encodingAesKey }).encrypt('x');
      expect(codeOf(() => after.decrypt(stranger))).toBe('WECHAT_DECRYPT_FAILED');
    });

    it('refuses to seal with a previous key that is not configured', () => {
      expect(codeOf(() => before.seal('x', { timestamp: '1', nonce: '2', key: 'previous' }))).toBe('WECHAT_BAD_KEY');
    });
  });
});

describe('decodeWechatAesKey', () => {
  it('decodes 43 characters plus "=" into the 32-byte key', () => {
    expect(decodeWechatAesKey(javaSample.encodingAesKey)).toHaveLength(32);
  });

  it('refuses a key of another length or alphabet, naming the setting but never the value', () => {
    for (const bad of ['', 'abcde', `${javaSample.encodingAesKey}A`, javaSample.encodingAesKey.slice(0, 42), `${javaSample.encodingAesKey.slice(0, 42)}-`]) {
      let error: unknown;
      try {
        decodeWechatAesKey(bad, 'WECHAT_AES_KEY');
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'WECHAT_BAD_KEY', message: expect.stringContaining('WECHAT_AES_KEY') });
      if (bad.length > 5) expect((error as Error).message).not.toContain(bad);
    }
  });
});
