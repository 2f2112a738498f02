import { describe, expect, it } from 'vitest';
import { onlySecrets } from '../../src/conversation/onlySecrets.js';

describe('onlySecrets', () => {
  it.each([
    ['卡号 [卡号已隐藏]', true],
    ['[卡号已隐藏]', true],
    ['我的银行卡号是：[卡号已隐藏]，密码 [密码已隐藏]', true],
    ['身份证 [身份证号已隐藏]', true],
    ['卡号 [卡号已隐藏] 刷不了怎么办', false],
    ['[卡号已隐藏] 被盗刷了', false],
    ['卡号是多少', false],
    ['刷卡密码错误', false],
    ['', false],
  ])('%s -> %s', (text, expected) => {
    expect(onlySecrets(text)).toBe(expected);
  });
});
