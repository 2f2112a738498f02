import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildStyles } from '../../web/widget/buildStyles.js';
import { messages } from '../../web/widget/messages.js';

const widgetDir = new URL('../../web/widget/', import.meta.url);

describe('buildStyles', () => {
  it('styles only the widget: every selector starts with a .kefu-w- class', () => {
    const css = buildStyles({ color: '#1677ff' });
    const rules = css.replace(/@media[^{]+\{/g, '').replace(/@keyframes kefu-w-[\w-]+\{(?:[^{}]*\{[^}]*\})*\}/g, '');
    const selectors = [...rules.matchAll(/([^{}]+)\{[^}]*\}/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim())).filter(Boolean);
    expect(selectors.length).toBeGreaterThan(30);
    for (const selector of selectors) expect(selector).toMatch(/^\.kefu-w-/);
    expect(css).toMatch(/@keyframes kefu-w-blink/);
  });

  it('makes the panel full-screen on narrow screens and 380x600 otherwise', () => {
    const css = buildStyles({ color: '#1677ff' });
    expect(css).toMatch(/\.kefu-w-panel\{[^}]*width:380px;height:600px/);
    expect(css).toMatch(/@media \(max-width:600px\)\{[^@]*\.kefu-w-panel\{position:fixed;inset:0/);
  });
});

describe('the widget source', () => {
  it('never writes HTML: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', async () => {
    const files = (await readdir(widgetDir)).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('index.ts');
    for (const file of files) {
      const source = await readFile(new URL(file, widgetDir), 'utf8');
      expect(source, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
    }
  });

  it('has the same UI strings in every language', () => {
    const keys = Object.values(messages).map((m) => Object.keys(m).sort());
    for (const k of keys) expect(k).toEqual(keys[0]);
    for (const m of Object.values(messages)) for (const [key, value] of Object.entries(m)) expect(value.trim(), key).not.toBe('');
  });
});
