/** The staff pages' languages: Simplified Chinese first, English second. */
export type Lang = 'zh-CN' | 'en';

/** The part of `window` that keeps the choice. */
export interface LangStore {
  readonly localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Where the console and the workspace remember the language picked last: one choice for both pages. */
const LANG_KEY = 'kefu-agent:lang';

/** The language to start in: the one picked last time, else Simplified Chinese. */
export function parseLang(stored: string | null | undefined): Lang {
  return stored === 'en' ? 'en' : 'zh-CN';
}

/** The other language, the one the 中文/EN toggle switches to. */
export const otherLang = (lang: Lang): Lang => (lang === 'zh-CN' ? 'en' : 'zh-CN');

/** The language picked last in this browser. */
export function readLang(win: LangStore): Lang {
  try {
    return parseLang(win.localStorage.getItem(LANG_KEY));
  } catch {
    return 'zh-CN'; // storage refused (private mode, sandbox): the default language it is
  }
}

export function saveLang(win: LangStore, lang: Lang): void {
  try {
    win.localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Not remembered across reloads; nothing else depends on it.
  }
}
