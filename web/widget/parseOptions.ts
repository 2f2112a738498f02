import { messages, type Lang } from './messages.js';

export interface WidgetOptions {
  readonly title: string;
  /** A CSS colour, checked: it goes into the injected style sheet. */
  readonly color: string;
  readonly lang: Lang;
  readonly position: 'right' | 'left';
  /** The kefu server: the origin the widget script came from. */
  readonly baseUrl: string;
}

/** The script tag's data-* attributes and src, as read from the page (null when absent). */
export interface ScriptAttributes {
  readonly title?: string | null;
  readonly color?: string | null;
  readonly lang?: string | null;
  readonly position?: string | null;
  readonly src?: string | null;
}

export const DEFAULT_COLOR = '#1677ff';

// Hex, rgb()/hsl() with numbers only, or a named colour: nothing that can close a CSS rule.
const COLOR = /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|(rgb|rgba|hsl|hsla)\([\d\s.,%/]+\)|[a-z]{3,20})$/i;

/**
 * The widget's options with defaults filled in: title 在线客服 (or the language's own), colour
 * #1677ff, language zh-CN, position right, server = the script's origin. A bad value falls back
 * to its default and is reported through `warn`, so a typo never breaks the host page.
 */
export function parseOptions(attributes: ScriptAttributes, pageUrl: string, warn: (message: string) => void = () => {}): WidgetOptions {
  const { title, color, lang, position, src } = attributes;
  const pick = <T extends string>(name: string, value: string | null | undefined, allowed: readonly T[], fallback: T): T => {
    if (value === null || value === undefined || value === '') return fallback;
    const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
    if (!found) warn(`kefu widget: data-${name}="${value}" is not one of ${allowed.join(', ')}; using ${fallback}`);
    return found ?? fallback;
  };
  const language = pick('lang', lang, ['zh-CN', 'en'] as const, 'zh-CN');
  let colour = DEFAULT_COLOR;
  if (color) {
    if (COLOR.test(color.trim())) colour = color.trim();
    else warn(`kefu widget: data-color="${color}" is not a colour; using ${DEFAULT_COLOR}`);
  }
  let baseUrl: string;
  try {
    baseUrl = new URL(src || pageUrl, pageUrl).origin;
  } catch {
    baseUrl = new URL(pageUrl).origin;
  }
  return {
    title: title?.trim() || messages[language].title,
    color: colour,
    lang: language,
    position: pick('position', position, ['right', 'left'] as const, 'right'),
    baseUrl,
  };
}
