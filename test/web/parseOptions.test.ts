import { describe, expect, it } from 'vitest';
import { DEFAULT_COLOR, parseOptions } from '../../web/widget/parseOptions.js';

const page = 'https://shop.example.com/help/index.html';

describe('parseOptions', () => {
  it('fills in the defaults, with the server at the script origin', () => {
    expect(parseOptions({ src: 'https://kefu.example.com/widget.js' }, page)).toEqual({
      title: '在线客服',
      color: DEFAULT_COLOR,
      lang: 'zh-CN',
      position: 'right',
      baseUrl: 'https://kefu.example.com',
    });
  });

  it('takes data-title, data-color, data-lang and data-position', () => {
    expect(parseOptions({ title: ' 商户客服 ', color: '#FA541C', lang: 'EN', position: 'left', src: 'http://localhost:3978/widget.js?v=2' }, page)).toEqual({
      title: '商户客服',
      color: '#FA541C',
      lang: 'en',
      position: 'left',
      baseUrl: 'http://localhost:3978',
    });
  });

  it('uses the language default title when there is no data-title', () => {
    expect(parseOptions({ lang: 'en' }, page).title).toBe('Customer support');
  });

  it('resolves a relative src against the page, and falls back to the page without one', () => {
    expect(parseOptions({ src: '/widget.js' }, page).baseUrl).toBe('https://shop.example.com');
    expect(parseOptions({}, page).baseUrl).toBe('https://shop.example.com');
  });

  it.each(['rgb(22, 119, 255)', 'hsl(215 100% 54%)', 'teal', '#abc', '#1677ffcc'])('accepts the colour %s', (color) => {
    expect(parseOptions({ color }, page).color).toBe(color);
  });

  it.each(['red;}body{display:none', 'url(javascript:alert(1))', '#12345', 'expression(alert(1))', 'red</style><script>'])(
    'refuses %s, which could break out of the style sheet, and says so',
    (color) => {
      const warnings: string[] = [];
      expect(parseOptions({ color }, page, (w) => warnings.push(w)).color).toBe(DEFAULT_COLOR);
      expect(warnings).toEqual([`kefu widget: data-color="${color}" is not a colour; using ${DEFAULT_COLOR}`]);
    },
  );

  it('falls back on an unknown language or position, naming the attribute', () => {
    const warnings: string[] = [];
    const options = parseOptions({ lang: 'fr', position: 'top' }, page, (w) => warnings.push(w));
    expect(options).toMatchObject({ lang: 'zh-CN', position: 'right' });
    expect(warnings).toEqual(['kefu widget: data-lang="fr" is not one of zh-CN, en; using zh-CN', 'kefu widget: data-position="top" is not one of right, left; using right']);
  });
});
