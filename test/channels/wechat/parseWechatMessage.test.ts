import { describe, expect, it } from 'vitest';
import { createWechatCrypto, parseWechatMessage, parseWechatXml, WechatError, type WechatInboundMessage } from '../../../src/channels/wechat/index.js';
import { pythonSample, voiceSample } from './wechatVectors.js';

const envelope = '<ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1700000000</CreateTime>';
const xml = (fields: string) => `<xml>${envelope}${fields}</xml>`;
const common = { toUserName: 'gh_account', fromUserName: 'o_user', createTime: 1_700_000_000 };

function refusal(run: () => unknown): WechatError {
  try {
    run();
  } catch (error) {
    if (error instanceof WechatError) return error;
    throw new Error(`expected a WechatError, got ${String(error)}`);
  }
  throw new Error('expected a refusal');
}

describe('parseWechatMessage', () => {
  const cases: Array<[string, string, WechatInboundMessage]> = [
    ['text', '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[打印机不出纸]]></Content><MsgId>1234567890123456</MsgId>', { ...common, kind: 'text', msgId: '1234567890123456', content: '打印机不出纸' }],
    [
      'a menu-message tap (text with bizmsgmenuid)',
      '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[满意]]></Content><MsgId>1234567890123456</MsgId><bizmsgmenuid>101</bizmsgmenuid>',
      { ...common, kind: 'text', msgId: '1234567890123456', content: '满意', bizMsgMenuId: '101' },
    ],
    [
      'image',
      '<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[media_id]]></MediaId><MsgId>1234567890123456</MsgId>',
      { ...common, kind: 'image', msgId: '1234567890123456', picUrl: 'http://mmbiz.qpic.cn/x', mediaId: 'media_id' },
    ],
    [
      'voice with Recognition',
      '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[刷卡失败]]></Recognition><MsgId>1234567890123456</MsgId>',
      { ...common, kind: 'voice', msgId: '1234567890123456', mediaId: 'media_id', format: 'amr', recognition: '刷卡失败' },
    ],
    [
      'voice without Recognition',
      '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[speex]]></Format><MsgId>1</MsgId>',
      { ...common, kind: 'voice', msgId: '1', mediaId: 'media_id', format: 'speex' },
    ],
    [
      'location',
      '<MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label><MsgId>1234567890123456</MsgId>',
      { ...common, kind: 'location', msgId: '1234567890123456', latitude: 23.134521, longitude: 113.358803, scale: 20, label: '位置信息' },
    ],
    [
      'link',
      '<MsgType><![CDATA[link]]></MsgType><Title><![CDATA[公众平台官网链接]]></Title><Description><![CDATA[公众平台官网链接]]></Description><Url><![CDATA[https://mp.weixin.qq.com/]]></Url><MsgId>1234567890123456</MsgId>',
      { ...common, kind: 'link', msgId: '1234567890123456', title: '公众平台官网链接', description: '公众平台官网链接', url: 'https://mp.weixin.qq.com/' },
    ],
    ['subscribe', '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>', { ...common, kind: 'event', event: 'subscribe' }],
    [
      'subscribe by scanning a code',
      '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>',
      { ...common, kind: 'event', event: 'subscribe', eventKey: 'qrscene_123123', ticket: 'TICKET' },
    ],
    ['unsubscribe', '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event><EventKey><![CDATA[]]></EventKey>', { ...common, kind: 'event', event: 'unsubscribe' }],
    [
      'SCAN',
      '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[SCENE_VALUE]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>',
      { ...common, kind: 'event', event: 'SCAN', eventKey: 'SCENE_VALUE', ticket: 'TICKET' },
    ],
    ['CLICK', '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_PRINTER]]></EventKey>', { ...common, kind: 'event', event: 'CLICK', eventKey: 'MENU_PRINTER' }],
    [
      'an event kefu does not know (VIEW), kept as other',
      '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[https://www.qq.com/]]></EventKey>',
      { ...common, kind: 'event', event: 'other', name: 'VIEW', eventKey: 'https://www.qq.com/' },
    ],
    ['a message type kefu does not handle (video)', '<MsgType><![CDATA[video]]></MsgType><MediaId><![CDATA[m]]></MediaId><ThumbMediaId><![CDATA[t]]></ThumbMediaId><MsgId>42</MsgId>', { ...common, kind: 'unsupported', msgType: 'video', msgId: '42' }],
  ];

  it.each(cases)('reads %s', (_name, fields, expected) => {
    expect(parseWechatMessage(xml(fields))).toEqual(expected);
  });

  it('keeps a 64-bit MsgId exact, as a string', () => {
    const message = parseWechatMessage(xml('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content><MsgId>6054768590064713728</MsgId>'));
    expect(message).toMatchObject({ msgId: '6054768590064713728' });
  });

  it('reads the official samples: the Python text message and the Java voice message', () => {
    const python = createWechatCrypto({ token: pythonSample.token, appId: pythonSample.appId, aesKey: pythonSample.encodingAesKey });
    expect(parseWechatMessage(python.decrypt(pythonSample.encrypt).message)).toEqual({
      toUserName: 'gh_10f6c3c3ac5a',
      fromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      createTime: 1409735668,
      kind: 'text',
      msgId: '6054768590064713728',
      content: 'abcdteT',
    });
    const voice = createWechatCrypto({ token: voiceSample.token, appId: voiceSample.appId, aesKey: voiceSample.encodingAesKey });
    const message = parseWechatMessage(voice.decrypt(voiceSample.encrypt).message);
    // <Recognition><![CDATA[]]></Recognition>: recognition is on but heard nothing.
    expect(message).toEqual({
      toUserName: 'gh_bdb901c81d88',
      fromUserName: 'odvFYxDXzEKzMc6RYIkGkd0vVULM',
      createTime: 1457520226,
      kind: 'voice',
      msgId: '6260001703928528896',
      mediaId: 'TScXy5rZdwlUGj85eDIA5kkooyWgdCp783evZAEdBlXO7sskWO1ckZ7HEGwZlCmN',
      format: 'amr',
    });
  });

  it('keeps a text exactly as sent: spaces, markup-like text and "&amp;" inside CDATA', () => {
    const message = parseWechatMessage(xml('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[  <b>a&amp;b</b> ]]></Content><MsgId>1</MsgId>'));
    expect(message).toMatchObject({ content: '  <b>a&amp;b</b> ' });
  });

  it('decodes the predefined entities outside CDATA', () => {
    expect(parseWechatMessage(xml('<MsgType>text</MsgType><Content>a &lt; b &amp;&amp; c &#20320;</Content><MsgId>1</MsgId>'))).toMatchObject({ content: 'a < b && c 你' });
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['a text without Content', '<MsgType><![CDATA[text]]></MsgType><MsgId>1</MsgId>', /text message: Content is missing/],
    ['a text without MsgId', '<MsgType><![CDATA[text]]></MsgType><Content>x</Content>', /MsgId is missing/],
    ['a MsgId that is not a number', '<MsgType>text</MsgType><Content>x</Content><MsgId>abc</MsgId>', /MsgId must be a whole number/],
    ['an image without MediaId', '<MsgType>image</MsgType><PicUrl>u</PicUrl><MsgId>1</MsgId>', /MediaId is missing/],
    ['a location with a latitude that is not a number', '<MsgType>location</MsgType><Location_X>north</Location_X><Location_Y>1</Location_Y><Scale>1</Scale><MsgId>1</MsgId>', /Location_X must be a number/],
    ['a CLICK without EventKey', '<MsgType>event</MsgType><Event>CLICK</Event>', /CLICK event: EventKey is missing/],
    ['an event without Event', '<MsgType>event</MsgType>', /Event is missing/],
    ['a Content given twice', '<MsgType>text</MsgType><Content>a</Content><Content>b</Content><MsgId>1</MsgId>', /Content/],
  ];

  it.each(malformed)('refuses %s with a reason', (_name, fields, reason) => {
    const error = refusal(() => parseWechatMessage(xml(fields)));
    expect(error.code).toBe('WECHAT_BAD_MESSAGE');
    expect(error.message).toMatch(reason);
  });

  it('throws nothing but a WechatError, whatever prefix of a message it is given', () => {
    const body = xml('<MsgType><![CDATA[location]]></MsgType><Location_X>23.1</Location_X><Location_Y>113.3</Location_Y><Scale>20</Scale><Label><![CDATA[a]]]]><![CDATA[>b]]></Label><MsgId>1</MsgId>');
    for (let end = 0; end <= body.length; end++) {
      try {
        parseWechatMessage(body.slice(0, end));
      } catch (error) {
        expect(error).toBeInstanceOf(WechatError);
      }
    }
    expect(parseWechatMessage(body)).toMatchObject({ kind: 'location', label: 'a]]>b' });
  });

  it('refuses a message without its envelope', () => {
    const error = refusal(() => parseWechatMessage('<xml><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>'));
    expect(error).toMatchObject({ code: 'WECHAT_BAD_MESSAGE', message: expect.stringMatching(/ToUserName is missing.*FromUserName is missing.*CreateTime is missing/) });
  });
});

describe('parseWechatXml', () => {
  it('refuses a DOCTYPE or an entity declaration before parsing (XML bomb)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml>${envelope}<MsgType>text</MsgType><Content>&lol2;</Content><MsgId>1</MsgId></xml>`;
    expect(refusal(() => parseWechatXml(bomb)).code).toBe('WECHAT_FORBIDDEN_XML');
    expect(refusal(() => parseWechatXml('<!doctype xml SYSTEM "file:///etc/passwd"><xml/>')).code).toBe('WECHAT_FORBIDDEN_XML');
    expect(refusal(() => parseWechatMessage(Buffer.from(bomb))).code).toBe('WECHAT_FORBIDDEN_XML');
  });

  it('never resolves an undeclared entity', () => {
    expect(refusal(() => parseWechatXml(`<xml>${envelope}<Content>&xxe;</Content></xml>`))).toMatchObject({ code: 'WECHAT_BAD_XML', message: expect.stringContaining('&xxe;') });
  });

  it('refuses a body over 64 KB, counting bytes, and accepts one at the limit', () => {
    const filler = (bytes: number) => `<xml>${envelope}<Content><![CDATA[${'x'.repeat(bytes - envelope.length - 42)}]]></Content></xml>`;
    expect(Buffer.byteLength(filler(64 * 1024))).toBe(64 * 1024);
    expect(parseWechatXml(filler(64 * 1024)).ToUserName).toBe('gh_account');
    expect(refusal(() => parseWechatXml(filler(64 * 1024 + 1))).code).toBe('WECHAT_TOO_LARGE');
    expect(refusal(() => parseWechatXml(`<xml><Content><![CDATA[${'中'.repeat(22_000)}]]></Content></xml>`)).code).toBe('WECHAT_TOO_LARGE');
    expect(refusal(() => parseWechatXml('<xml/>', { maxBytes: 3 })).code).toBe('WECHAT_TOO_LARGE');
  });

  const broken: Array<[string, string]> = [
    ['an empty body', ''],
    ['plain text', 'hello'],
    ['JSON', '{"MsgType":"text"}'],
    ['an unclosed element', '<xml><MsgType>text</xml>'],
    ['another root', '<message><MsgType>text</MsgType></message>'],
    ['two roots', '<xml></xml><xml></xml>'],
    ['text beside the elements', '<xml>stray<MsgType>text</MsgType></xml>'],
    ['a name that would pollute prototypes', '<xml><__proto__>1</__proto__></xml>'],
    ['nesting deeper than any message', `<xml>${'<a>'.repeat(40)}x${'</a>'.repeat(40)}</xml>`],
  ];

  it.each(broken)('refuses %s as WECHAT_BAD_XML', (_name, body) => {
    expect(refusal(() => parseWechatXml(body)).code).toBe('WECHAT_BAD_XML');
  });

  it('reads the compatible-mode envelope: plaintext fields and Encrypt side by side', () => {
    const fields = parseWechatXml(pythonSample.fromXml);
    expect(fields.Encrypt).toBe(pythonSample.encrypt);
    expect(fields.MsgId).toBe('6054768590064713728');
  });
});
