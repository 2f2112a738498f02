import { describe, expect, it } from 'vitest';
import { buildEncryptedReply, buildImageReply, buildTextReply, buildWechatXml, createWechatCrypto, parseWechatXml } from '../../../src/channels/wechat/index.js';
import { javaSample } from './wechatVectors.js';

const address = { toUser: 'o_user', fromUser: 'gh_account', createTime: 1_700_000_000 };

describe('buildTextReply', () => {
  it('writes the passive text reply of the documentation', () => {
    expect(buildTextReply({ ...address, content: '你好' })).toBe(
      '<xml><ToUserName><![CDATA[o_user]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>',
    );
  });

  it('keeps content that contains "]]>" inside its CDATA, so the XML still parses to the same text', () => {
    for (const content of [']]>', 'a]]>b]]>c', ']]]]>', '<xml><Content>x</Content></xml>', '&amp; &lt;', ']]><MsgType>image</MsgType><![CDATA[']) {
      const reply = buildTextReply({ ...address, content });
      expect(parseWechatXml(reply)).toEqual({ ToUserName: 'o_user', FromUserName: 'gh_account', CreateTime: '1700000000', MsgType: 'text', Content: content });
    }
  });

  it('drops characters XML cannot carry, keeping tabs, newlines and emoji', () => {
    const reply = buildTextReply({ ...address, content: 'a\u0000b\u0007c\td\ne😀\uD800f' });
    expect(parseWechatXml(reply).Content).toBe('abc\td\ne😀f');
  });
});

describe('buildImageReply', () => {
  it('writes the passive image reply with its MediaId nested in <Image>', () => {
    const reply = buildImageReply({ ...address, mediaId: 'MEDIA_1' });
    expect(reply).toContain('<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[MEDIA_1]]></MediaId></Image>');
    expect(parseWechatXml(reply)).toMatchObject({ MsgType: 'image', Image: { MediaId: 'MEDIA_1' } });
  });
});

describe('buildEncryptedReply', () => {
  it('writes the safe-mode envelope that the crypto opens again', () => {
    const crypto = createWechatCrypto({ token: javaSample.token, appId: javaSample.appId, aesKey: javaSample.encodingAesKey });
    const inner = buildTextReply({ ...address, content: '收到' });
    const reply = buildEncryptedReply(crypto.seal(inner, { timestamp: javaSample.timestamp, nonce: javaSample.nonce }));
    expect(reply).toMatch(/^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><MsgSignature><!\[CDATA\[[0-9a-f]{40}\]\]><\/MsgSignature><TimeStamp>1409304348<\/TimeStamp><Nonce><!\[CDATA\[xxxxxx\]\]><\/Nonce><\/xml>$/);
    const fields = parseWechatXml(reply) as Record<string, string>;
    const opened = crypto.open({ msgSignature: fields.MsgSignature, timestamp: fields.TimeStamp!, nonce: fields.Nonce!, encrypt: fields.Encrypt! });
    expect(opened.message).toBe(inner);
  });

  it('refuses a timestamp that is not digits', () => {
    expect(() => buildEncryptedReply({ Encrypt: 'x', MsgSignature: 'y', TimeStamp: '1</TimeStamp>', Nonce: 'n' })).toThrow(/TimeStamp/);
  });
});

describe('buildWechatXml', () => {
  it('refuses an element name that is not one, and a number that is not whole', () => {
    expect(() => buildWechatXml({ 'a b': 'x' })).toThrow(/not an XML element name/);
    expect(() => buildWechatXml({ '<evil>': 'x' })).toThrow(/not an XML element name/);
    expect(() => buildWechatXml({ CreateTime: 1.5 })).toThrow(/whole number/);
  });
});
