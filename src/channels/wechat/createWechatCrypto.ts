import { createCipheriv, createDecipheriv, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { WechatError } from './WechatError.js';
import { checkWechatSignature, wechatSignature } from './wechatSignature.js';

/** Which configured key decrypted a message; the reply is sealed with the same one. */
export type WechatKeySlot = 'current' | 'previous';

export interface WechatCryptoOptions {
  /** The Token of the account's server settings (`WECHAT_TOKEN`). */
  readonly token: string;
  /** Our AppID: a message must carry it inside its ciphertext (`WECHAT_APP_ID`). */
  readonly appId: string;
  /** The 43-character EncodingAESKey (`WECHAT_AES_KEY`). */
  readonly aesKey: string;
  /** The key before the last rotation (`WECHAT_AES_KEY_PREVIOUS`), tried when the current fails. */
  readonly previousAesKey?: string;
  /** Source of the 16 random bytes that open each plaintext. Default: `crypto.randomBytes`. */
  readonly randomBytes?: (size: number) => Buffer;
}

/** A message that verified and decrypted, and the key that did it. */
export interface WechatOpened {
  readonly message: string;
  readonly key: WechatKeySlot;
}

/** The four fields of an encrypted passive reply: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`. */
export interface WechatSealed {
  readonly Encrypt: string;
  readonly MsgSignature: string;
  readonly TimeStamp: string;
  readonly Nonce: string;
}

export interface WechatCrypto {
  /**
   * Verifies `msg_signature` over the ciphertext, then decrypts it with the current key, then
   * the previous one.
   * @throws WechatError `WECHAT_BAD_SIGNATURE`, `WECHAT_DECRYPT_FAILED` or `WECHAT_WRONG_APP_ID`.
   */
  open(input: { readonly msgSignature: string | undefined; readonly timestamp: string; readonly nonce: string; readonly encrypt: string }): WechatOpened;
  /**
   * Encrypts a reply with the key that opened the request (`current` by default) and signs it.
   * WeChat's documentation has the reply carry the request's timestamp and nonce back.
   */
  seal(message: string, input: { readonly timestamp: string; readonly nonce: string; readonly key?: WechatKeySlot }): WechatSealed;
  /** Decrypts a ciphertext without a signature check (the signature is `open`'s job). */
  decrypt(encrypt: string): WechatOpened;
  /** Encrypts without signing: base64 of AES-256-CBC(random(16) + length(4) + message + appId). */
  encrypt(message: string, key?: WechatKeySlot): string;
}

// WeChat pads to 32-byte blocks (PKCS#7 with k = 32), not AES's 16.
const PAD_BLOCK = 32;
const RANDOM_LENGTH = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+$|^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$/;

/**
 * Decodes an EncodingAESKey: 43 base64 characters, which with the '=' WeChat leaves off are 32
 * bytes, the AES-256 key.
 * @throws WechatError `WECHAT_BAD_KEY` naming which key (never its value).
 */
export function decodeWechatAesKey(encodingAesKey: string, name = 'EncodingAESKey'): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new WechatError('WECHAT_BAD_KEY', `${name} must be 43 base64 characters (A-Z, a-z, 0-9, +, /), got ${encodingAesKey.length} characters`);
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WechatError('WECHAT_BAD_KEY', `${name} does not decode to 32 bytes`);
  return key;
}

/**
 * WXBizMsgCrypt, written on `node:crypto`: the message encryption of WeChat's safe and compatible
 * modes. AES-256-CBC with the key's first 16 bytes as IV, no automatic padding (WeChat's PKCS#7
 * to 32-byte blocks is done here), and the app id inside the plaintext checked against ours.
 * Holds the current and the previous key so a rotation loses no message.
 * @throws WechatError `WECHAT_BAD_KEY` when a key is malformed.
 */
export function createWechatCrypto({ token, appId, aesKey, previousAesKey, randomBytes = cryptoRandomBytes }: WechatCryptoOptions): WechatCrypto {
  const keys: ReadonlyArray<{ slot: WechatKeySlot; key: Buffer }> = [
    { slot: 'current', key: decodeWechatAesKey(aesKey, 'WECHAT_AES_KEY') },
    ...(previousAesKey ? [{ slot: 'previous' as const, key: decodeWechatAesKey(previousAesKey, 'WECHAT_AES_KEY_PREVIOUS') }] : []),
  ];
  const appIdBytes = Buffer.from(appId, 'utf8');

  function keyFor(slot: WechatKeySlot): Buffer {
    const found = keys.find((k) => k.slot === slot);
    if (!found) throw new WechatError('WECHAT_BAD_KEY', `no ${slot} EncodingAESKey is configured`);
    return found.key;
  }

  function encrypt(message: string, slot: WechatKeySlot = 'current'): string {
    const key = keyFor(slot);
    const body = Buffer.from(message, 'utf8');
    const random = randomBytes(RANDOM_LENGTH);
    if (random.length !== RANDOM_LENGTH) throw new Error(`randomBytes(${RANDOM_LENGTH}) returned ${random.length} bytes`);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, appIdBytes]);
    const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** Decrypts with one key; the outcome says why it failed so `decrypt` can report the best reason. */
  function tryKey(ciphertext: Buffer, key: Buffer): { message: string } | { failure: 'padding' | 'length' | 'appId' } {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) return { failure: 'padding' };
    for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return { failure: 'padding' };
    const content = plain.subarray(RANDOM_LENGTH, plain.length - pad);
    if (content.length < 4) return { failure: 'length' };
    const length = content.readUInt32BE(0);
    if (length > content.length - 4) return { failure: 'length' };
    const fromAppId = content.subarray(4 + length);
    if (!fromAppId.equals(appIdBytes)) return { failure: 'appId' };
    return { message: content.subarray(4, 4 + length).toString('utf8') };
  }

  function decrypt(encryptField: string): WechatOpened {
    if (!BASE64.test(encryptField)) throw new WechatError('WECHAT_DECRYPT_FAILED', 'Encrypt is not base64');
    const ciphertext = Buffer.from(encryptField, 'base64');
    // The smallest plaintext (random, length, an empty message, no app id) pads to one 32-byte block.
    if (ciphertext.length < PAD_BLOCK || ciphertext.length % 16 !== 0) {
      throw new WechatError('WECHAT_DECRYPT_FAILED', `Encrypt is ${ciphertext.length} bytes, not whole AES blocks of a WeChat message`);
    }
    const failures: string[] = [];
    for (const { slot, key } of keys) {
      const outcome = tryKey(ciphertext, key);
      if ('message' in outcome) return { message: outcome.message, key: slot };
      failures.push(`${slot} key: bad ${outcome.failure === 'appId' ? 'app id' : outcome.failure}`);
    }
    // Only a key that decrypts to a well-formed plaintext can see an app id, so "another app"
    // means the message really is for another account, not that the key was wrong.
    if (failures.some((f) => f.endsWith('app id'))) {
      throw new WechatError('WECHAT_WRONG_APP_ID', `the message is for another app id than ${appId}`);
    }
    throw new WechatError('WECHAT_DECRYPT_FAILED', `Encrypt did not decrypt (${failures.join(', ')})`);
  }

  return {
    open({ msgSignature, timestamp, nonce, encrypt: encryptField }) {
      if (!checkWechatSignature(msgSignature, { token, timestamp, nonce, encrypt: encryptField })) {
        throw new WechatError('WECHAT_BAD_SIGNATURE', 'msg_signature does not match the Encrypt field');
      }
      return decrypt(encryptField);
    },
    seal(message, { timestamp, nonce, key = 'current' }) {
      const encrypted = encrypt(message, key);
      return { Encrypt: encrypted, MsgSignature: wechatSignature({ token, timestamp, nonce, encrypt: encrypted }), TimeStamp: timestamp, Nonce: nonce };
    },
    decrypt,
    encrypt,
  };
}
