import { describe, expect, it } from 'vitest';
import { pickOption } from '../../src/conversation/index.js';

const menu = ['刷卡密码错误', '押金怎么退', '新机器怎么激活', '刷卡失败返回码', '转人工'];

describe('pickOption', () => {
  it.each([
    ['1', '刷卡密码错误'],
    ['①', '刷卡密码错误'],
    ['１', '刷卡密码错误'],
    ['一', '刷卡密码错误'],
    ['第一个', '刷卡密码错误'],
    ['第1个', '刷卡密码错误'],
    ['1.', '刷卡密码错误'],
    ['1。', '刷卡密码错误'],
    [' 2 ', '押金怎么退'],
    ['②', '押金怎么退'],
    ['两', '押金怎么退'],
    ['三', '新机器怎么激活'],
    ['第四个', '刷卡失败返回码'],
    ['5', '转人工'],
  ])('%s -> %s', (text, option) => {
    expect(pickOption(text, menu)).toBe(option);
  });

  it.each(['6', '0', '55', '2个月', '输错3次了', '一万', '第二个月', '1 2', '', 'abc'])('%s picks nothing', (text) => {
    expect(pickOption(text, menu)).toBeUndefined();
  });

  it('picks nothing when no options were offered', () => {
    expect(pickOption('1', undefined)).toBeUndefined();
    expect(pickOption('1', [])).toBeUndefined();
  });
});
