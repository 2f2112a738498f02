import { describe, expect, it } from 'vitest';
import { createTitleFlasher } from '../../web/agent/createTitleFlasher.js';
import { messages } from '../../web/agent/messages.js';
import { parseLang } from '../../web/shared/lang.js';

describe('messages', () => {
  it('has every word in both languages', () => {
    const keys = (value: object): string[] =>
      Object.entries(value).flatMap(([key, v]) => (typeof v === 'object' && v !== null && key !== 'channels' && key !== 'outcomes' ? keys(v).map((k) => `${key}.${k}`) : [key]));
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
    expect(Object.keys(messages.en.outcomes).sort()).toEqual(Object.keys(messages['zh-CN'].outcomes).sort());
    expect(Object.keys(messages.en.channels).sort()).toEqual(Object.keys(messages['zh-CN'].channels).sort());
  });

  it('uses the words the console is specified with', () => {
    const zh = messages['zh-CN'];
    expect([zh.tabWaiting, zh.tabMine, zh.tabAssigned, zh.tabClosed]).toEqual(['等待中', '我的', '全部进行中', '已结束']);
    expect([zh.urgent, zh.release, zh.close, zh.insert, zh.userTyping, zh.rating(4)]).toEqual(['紧急', '交还机器人', '结束会话', '插入', '用户正在输入…', '用户评分：4/5']);
    expect([zh.terminalSerial, zh.merchantNumber, zh.responseCode]).toEqual(['终端序列号', '商户号', '返回码']);
  });
});

describe('parseLang', () => {
  it('starts in Simplified Chinese unless English was picked before', () => {
    expect(parseLang(null)).toBe('zh-CN');
    expect(parseLang('fr')).toBe('zh-CN');
    expect(parseLang('en')).toBe('en');
  });
});

describe('createTitleFlasher', () => {
  function harness() {
    const titles: string[] = [];
    let tick: (() => void) | undefined;
    let base = '客服工作台';
    const flasher = createTitleFlasher({
      base: () => base,
      setTitle: (t) => titles.push(t),
      setInterval: (callback) => (tick = callback),
      clearInterval: () => (tick = undefined),
    });
    return { flasher, titles, tick: () => tick?.(), running: () => tick !== undefined, setBase: (b: string) => (base = b) };
  }

  it('alternates the alert with the base title until stopped', () => {
    const h = harness();
    h.flasher.start('【新会话】');
    h.tick();
    h.tick();
    expect(h.titles).toEqual(['【新会话】客服工作台', '客服工作台', '【新会话】客服工作台']);
    expect(h.flasher.flashing).toBe(true);
    h.flasher.stop();
    expect(h.titles.at(-1)).toBe('客服工作台');
    expect(h.running()).toBe(false);
    expect(h.flasher.flashing).toBe(false);
  });

  it('keeps one timer when a second ticket arrives, and follows a base title that changed', () => {
    const h = harness();
    h.flasher.start('【新会话】');
    h.flasher.start('【新会话】');
    h.setBase('(2) 客服工作台');
    h.tick();
    h.tick();
    expect(h.titles.slice(-2)).toEqual(['(2) 客服工作台', '【新会话】(2) 客服工作台']);
  });
});
