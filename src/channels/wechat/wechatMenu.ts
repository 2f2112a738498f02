import { flowButtonText } from '../../conversation/index.js';
import type { WechatMenu, WechatMenuAction } from '../../knowledge/index.js';
import type { WechatMenuButton } from './createWechatApi.js';

/** The EventKey a menu action's tap comes back with (WeChat allows 128 bytes). */
export function menuKey(action: WechatMenuAction): string {
  if (action.article) return `article:${action.article}`;
  if (action.flow) return `flow:${action.flow}`;
  return `say:${action.say ?? ''}`;
}

const toButton = (action: WechatMenuAction): WechatMenuButton => (action.url ? { type: 'view', name: action.name, url: action.url } : { type: 'click', name: action.name, key: menuKey(action) });

/** The menu as WeChat's `menu/create` takes it. */
export function wechatMenuButtons(menu: WechatMenu): WechatMenuButton[] {
  return menu.buttons.map((b) => ('sub' in b ? { name: b.name, sub_button: b.sub.map(toButton) } : toButton(b)));
}

export interface MenuWords {
  readonly articleTitle: (id: string) => string | undefined;
  readonly flowTitle: (id: string) => string | undefined;
  /** The words before a flow's title on a walkthrough button (一步步排查). */
  readonly startFlowAction: string;
}

/**
 * What a menu tap asks, in the words a merchant would type, so the turn handles it like any
 * message: an article by its title, a walkthrough by its button's words, or the action's own words.
 * Undefined for a key that names nothing served now.
 */
export function menuKeyText(eventKey: string, words: MenuWords): string | undefined {
  const at = eventKey.indexOf(':');
  const [kind, value] = at < 0 ? [eventKey, ''] : [eventKey.slice(0, at), eventKey.slice(at + 1)];
  if (kind === 'article') return words.articleTitle(value);
  if (kind === 'flow') {
    const title = words.flowTitle(value);
    return title && flowButtonText(title, words);
  }
  return kind === 'say' && value ? value : undefined;
}
