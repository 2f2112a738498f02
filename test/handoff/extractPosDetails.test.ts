import { describe, expect, it } from 'vitest';
import { extractPosDetails, type PosDetails } from '../../src/handoff/index.js';
import { redact } from '../../src/privacy/index.js';

describe('extractPosDetails', () => {
  describe('from what the merchant typed', () => {
    it.each<[string, PosDetails]>([
      ['商户号是 898440153990123，sn 号 SN12345678', { merchantNumber: '898440153990123', terminalSerial: 'SN12345678' }],
      ['刷卡一直提示55', { responseCode: '55' }],
      ['机器显示 A0 啥意思', { responseCode: 'A0' }],
      ['刷了好几张卡都报55', { responseCode: '55' }],
      ['返回码是75，是不是锁了', { responseCode: '75' }],
      ['错误码：51', { responseCode: '51' }],
      ['显示“96”然后就退出了', { responseCode: '96' }],
      ['提示的是 a0', { responseCode: 'A0' }],
      ['商户编号：898440153990123', { merchantNumber: '898440153990123' }],
      ['merchant no. 898440153990123', { merchantNumber: '898440153990123' }],
      ['我的商户号码为898440153990123', { merchantNumber: '898440153990123' }],
      ['机器背面序列号 N9NL10012345', { terminalSerial: 'N9NL10012345' }],
      ['SN:00001234567', { terminalSerial: '00001234567' }],
      ['sn12345678 这台机器开不了机', { terminalSerial: 'SN12345678' }],
      ['机身号是P8A0123456', { terminalSerial: 'P8A0123456' }],
      ['终端号 12345678', { terminalSerial: '12345678' }],
      ['ＳＮ：ｎ９ｎｌ１００１２３４５', { terminalSerial: 'N9NL10012345' }],
      ['商户号：８９８４４０１５３９９０１２３', { merchantNumber: '898440153990123' }],
    ])('%s', (text, expected) => {
      expect(extractPosDetails([text], {})).toEqual(expected);
    });

    it.each([
      ['no details at all', '机器开不了机怎么办'],
      ['a quantity, not a code', '提示 10 次以后就不让刷了'],
      ['an amount, not a code', '显示 20 元手续费'],
      ['a time, not a code', '显示 12:30 就卡住了'],
      ['a decimal, not a code', '显示 12.5'],
      ['a longer number, not a code', '显示 12345'],
      ['the network, not a code', '右上角显示 4G 信号满格'],
      ['words, not a code', '提示密码错误'],
      ['too few digits for a merchant number', '商户号 89844015399'],
      ['too many digits for a merchant number', '商户号 8984401539901234'],
      ['a serial without digits', 'sn number please'],
      ['an SN inside another word', 'json123456'],
      ['a serial that is too short', '序列号 12345'],
      ['a question about the serial', 'SN号在哪里看？'],
    ])('finds nothing in %s', (_what, text) => {
      expect(extractPosDetails([text], {})).toEqual({});
    });

    it('lets the latest mention win, across and within texts', () => {
      const texts = ['商户号 898440153990123，提示55', 'SN 11112222 不对，SN 33334444', '现在又提示51了', '不好意思刚才写错了，商户号是 898440153990456'];

      expect(extractPosDetails(texts, {})).toEqual({ merchantNumber: '898440153990456', terminalSerial: '33334444', responseCode: '51' });
    });

    it('keeps earlier details that later texts do not repeat', () => {
      expect(extractPosDetails(['sn 号 SN12345678', '好的谢谢', '刷卡提示55'], {})).toEqual({ terminalSerial: 'SN12345678', responseCode: '55' });
    });
  });

  describe('redaction marks', () => {
    it('takes nothing from a mark', () => {
      expect(extractPosDetails(['代码[CVV已隐藏]', '提示【CVV已隐藏】', '序列号[卡号已隐藏]', 'SN【卡号已隐藏】'], {})).toEqual({});
    });

    it('does not reach past a mark to the text after it', () => {
      expect(extractPosDetails(['序列号 [卡号已隐藏] 12345678'], {})).toEqual({});
    });

    it('still finds what was kept next to a redacted card number', () => {
      const { text } = redact('卡号 4111 1111 1111 1111 刷卡提示51，商户号 898440153990123');
      expect(text).toContain('[卡号已隐藏]');

      expect(extractPosDetails([text], {})).toEqual({ responseCode: '51', merchantNumber: '898440153990123' });
    });

    it('ignores flow answers that were redacted', () => {
      expect(extractPosDetails([], { sn: '[卡号已隐藏]', merchant_or_sn: '[卡号已隐藏]', screen_text: '[CVV已隐藏]' })).toEqual({});
    });
  });

  describe('from a guided flow’s answers', () => {
    it.each<[string, Record<string, unknown>, PosDetails]>([
      ['sn as typed', { sn: 'n9nl10012345' }, { terminalSerial: 'N9NL10012345' }],
      ['sn with its label', { sn: 'SN：00001234567' }, { terminalSerial: '00001234567' }],
      ['sn not found', { sn: '没有' }, {}],
      ['merchant_or_sn holding a merchant number', { merchant_or_sn: '898440153990123' }, { merchantNumber: '898440153990123' }],
      ['merchant_or_sn holding a merchant number with spaces', { merchant_or_sn: '898 440 153 990 123' }, { merchantNumber: '898440153990123' }],
      ['merchant_or_sn holding a merchant number as a number', { merchant_or_sn: 898440153990123 }, { merchantNumber: '898440153990123' }],
      ['merchant_or_sn holding a serial', { merchant_or_sn: 'P8A0123456' }, { terminalSerial: 'P8A0123456' }],
      ['merchant_or_sn skipped', { merchant_or_sn: '跳过' }, {}],
      ['merchant_or_sn with a label', { merchant_or_sn: '商户号是898440153990123' }, { merchantNumber: '898440153990123' }],
      ['responseCode', { responseCode: '55' }, { responseCode: '55' }],
      ['responseCode as a number', { responseCode: 5 }, { responseCode: '05' }],
      ['message that is a choice, not a code', { message: 'wrong' }, {}],
      ['message that is a code', { message: 'a0' }, { responseCode: 'A0' }],
      ['screen_text with a labelled code', { screen_text: '交易失败 返回码51' }, { responseCode: '51' }],
      ['screen_text that is only a code', { screen_text: ' 96 ' }, { responseCode: '96' }],
      ['non-text values', { sn: { value: 'SN12345678' }, message: true, merchant_or_sn: null }, {}],
    ])('%s', (_what, vars, expected) => {
      expect(extractPosDetails([], vars)).toEqual(expected);
    });

    it('prefers the flow’s answers, asked for just before the handoff, to the texts', () => {
      expect(extractPosDetails(['SN 11112222，提示55'], { sn: '33334444', responseCode: '75' })).toEqual({ terminalSerial: '33334444', responseCode: '75' });
    });

    it('keeps what the texts said when the flow’s answer holds nothing', () => {
      expect(extractPosDetails(['SN 11112222，提示55'], { sn: '没有', message: 'wrong' })).toEqual({ terminalSerial: '11112222', responseCode: '55' });
    });
  });
});
