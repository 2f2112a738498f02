import { appendMarkdown } from '../shared/markdownToDom.js';
import { renderMarkdown } from '../shared/renderMarkdown.js';
import { isImeActive, shouldSend } from '../shared/shouldSend.js';
import { formatTime } from './formatTime.js';
import type { UiMessages } from './messages.js';
import { scrollTarget } from './scrollTarget.js';
import { agentLabels, currentActions, type ChatItem } from './timeline.js';

export interface ChatViewOptions {
  readonly title: string;
  readonly position: 'right' | 'left';
  readonly messages: UiMessages;
  /** The user typed a message or tapped a suggested action. */
  readonly onSend: (text: string) => void;
  /** The user asked to send a failed message again. */
  readonly onRetry: (clientId: string) => void;
  /** The input's text changed (typed, pasted, deleted); `composing` while an input method has candidates up. */
  readonly onInput: (text: string, composing: boolean) => void;
  readonly onToggle: (open: boolean) => void;
  /** The user chose a picture (taken with the camera or picked). */
  readonly onPhoto: (file: File) => void;
  /** A displayable URL for a kefu image path (fetched with the conversation's token). */
  readonly loadImage: (path: string) => Promise<string>;
}

export interface ChatView {
  readonly root: HTMLElement;
  readonly isOpen: boolean;
  /** Opens the panel; `focus` moves focus into the input (not when restoring after a reload). */
  open(focus: boolean): void;
  /** Closes the panel; `focus` returns focus to the chat button. */
  close(focus: boolean): void;
  /** Shows these messages, adding and updating nodes in place so screen readers hear only what is new. */
  render(items: readonly ChatItem[]): void;
  setTyping(on: boolean): void;
  /** A line about the connection, or undefined to hide it. */
  setStatus(text: string | undefined): void;
  /** A problem with what the user tried (a picture too large), read out at once; undefined hides it. */
  setNotice(text: string | undefined): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const CHAT_ICON = 'M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zM6 9h12v2H6zm8 5H6v-2h8zm4-6H6V6h12z';
const CLOSE_ICON = 'M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z';
const CAMERA_ICON = 'M9 3 7.17 5H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.17L15 3zm3 15a5 5 0 1 1 0-10 5 5 0 0 1 0 10zm0-2a3 3 0 1 0 0-6 3 3 0 0 0 0 6z';
/** Fills a message template's {name}; a function replacer, so a `$&` in a name stays as typed. */
const withName = (template: string, name: string) => template.replace('{name}', () => name);

/** The chat button and panel. DOM only: what to show is decided by the pure modules. */
export function createChatView(doc: Document, { title, position, messages: m, onSend, onRetry, onInput, onToggle, onPhoto, loadImage }: ChatViewOptions): ChatView {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    node.className = className;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };
  const icon = (d: string) => {
    const svg = doc.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', 'kefu-w-icon');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = doc.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
    return { svg, path };
  };
  const srOnly = (text: string) => {
    const span = el('span', 'kefu-w-sr');
    span.textContent = text;
    return span;
  };

  const root = el('div', `kefu-w-root kefu-w-${position}`);
  const launcherIcon = icon(CHAT_ICON);
  const launcher = el('button', 'kefu-w-launcher', { type: 'button', 'aria-label': m.open, 'aria-expanded': 'false', 'aria-controls': 'kefu-w-panel' });
  launcher.appendChild(launcherIcon.svg);

  const panel = el('div', 'kefu-w-panel', { id: 'kefu-w-panel', role: 'dialog', 'aria-label': title });
  panel.hidden = true;
  const header = el('div', 'kefu-w-header');
  const heading = el('h2', 'kefu-w-title');
  heading.textContent = title;
  const closeButton = el('button', 'kefu-w-close', { type: 'button', 'aria-label': m.close });
  closeButton.appendChild(icon(CLOSE_ICON).svg);
  header.append(heading, closeButton);

  const status = el('div', 'kefu-w-status', { role: 'status' });
  status.hidden = true;
  // The scroller takes focus so the conversation can be scrolled from the keyboard.
  const scroller = el('div', 'kefu-w-scroll', { tabindex: '0', 'aria-label': m.log });
  const log = el('div', 'kefu-w-log', { role: 'log', 'aria-live': 'polite', 'aria-label': m.log });
  const typing = el('div', 'kefu-w-typing');
  typing.hidden = true;
  for (let i = 0; i < 3; i += 1) typing.appendChild(el('span', 'kefu-w-dot', { 'aria-hidden': 'true' }));
  typing.appendChild(srOnly(m.typing));
  // Outside the log: the buttons are not part of what was said, and must not be read out as such.
  const actions = el('div', 'kefu-w-actions', { role: 'group', 'aria-label': m.quickReplies });
  actions.hidden = true;
  scroller.append(log, typing, actions);

  const notice = el('div', 'kefu-w-notice', { role: 'alert' });
  notice.hidden = true;
  const form = el('form', 'kefu-w-composer');
  // No `capture`: on a phone the chooser offers the camera and the photos (a screenshot is a photo too).
  const fileInput = el('input', 'kefu-w-file', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp,image/*', tabindex: '-1', 'aria-hidden': 'true' });
  fileInput.hidden = true;
  const photo = el('button', 'kefu-w-photo', { type: 'button', 'aria-label': m.photo, title: m.photo });
  photo.appendChild(icon(CAMERA_ICON).svg);
  photo.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    // Emptied, so choosing the same picture again is a change too.
    fileInput.value = '';
    if (file) onPhoto(file);
  });
  const input = el('textarea', 'kefu-w-input', { rows: '1', maxlength: '2000', 'aria-label': m.input, placeholder: m.placeholder, enterkeyhint: 'send' });
  const send = el('button', 'kefu-w-send', { type: 'submit' });
  send.textContent = m.send;
  form.append(photo, fileInput, input, send);
  panel.append(header, status, scroller, notice, form);
  root.append(launcher, panel);

  let isOpen = false;
  const setUnread = (unread: boolean) => {
    if (unread) launcher.classList.add('kefu-w-unread');
    else launcher.classList.remove('kefu-w-unread');
    if (!isOpen) launcher.setAttribute('aria-label', unread ? m.openUnread : m.open);
  };
  const open = (focus: boolean) => {
    isOpen = true;
    setUnread(false);
    panel.hidden = false;
    root.classList.add('kefu-w-open');
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', m.close);
    launcherIcon.path.setAttribute('d', CLOSE_ICON);
    scrollToEnd();
    if (focus) input.focus();
    onToggle(true);
  };
  const close = (focus: boolean) => {
    isOpen = false;
    panel.hidden = true;
    root.classList.remove('kefu-w-open');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', m.open);
    launcherIcon.path.setAttribute('d', CHAT_ICON);
    if (focus) launcher.focus();
    onToggle(false);
  };
  launcher.addEventListener('click', () => (isOpen ? close(true) : open(true)));
  closeButton.addEventListener('click', () => close(true));

  let composing = false;
  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => {
    composing = false;
    // Browsers disagree on whether an input event follows: the committed text is reported here too.
    onInput(input.value, false);
  });
  input.addEventListener('keydown', (event) => {
    if (!shouldSend(event, composing)) return;
    event.preventDefault();
    submit();
  });
  input.addEventListener('input', (event) => {
    grow();
    onInput(input.value, composing || (event as InputEvent).isComposing === true);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  panel.addEventListener('keydown', (event) => {
    // Escape also cancels an input method's candidates: leave it to the IME then.
    if (event.key !== 'Escape' || isImeActive(event, composing)) return;
    event.stopPropagation();
    close(true);
  });

  function submit() {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    grow();
    onSend(text);
    input.focus();
  }
  function grow() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
  }
  const nearEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }
  /** Where a node starts in the scroller's content (what scrollTop counts in). */
  const topOf = (node: HTMLElement) => node.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;

  const shown = new Map<string, { item: ChatItem; node: HTMLElement; label: string | undefined }>();
  // The first render shows what a reload restored: nothing in it is new.
  let rendered = false;
  let shownActions = '';

  const bubbleOf = (item: ChatItem) => {
    const bubble = el('div', 'kefu-w-bubble');
    // Every agent message names the agent to screen readers, labelled above or not.
    bubble.appendChild(srOnly(item.from === 'user' ? m.saidByUser : item.agent !== undefined ? withName(m.saidByAgent, item.agent) : m.saidByBot));
    if (item.image !== undefined) bubble.appendChild(imageOf(item.image));
    if (item.unsupported) bubble.appendChild(doc.createTextNode(m.unsupported));
    else if (item.from === 'user') bubble.appendChild(doc.createTextNode(item.text));
    else appendMarkdown(bubble, renderMarkdown(item.text), doc);
    return bubble;
  };
  /** An image, shown once it is loaded (kefu's images need the conversation's token: never a plain src). */
  const imageOf = (source: string) => {
    const img = el('img', 'kefu-w-img', { alt: m.image });
    const shown = source.startsWith('blob:') ? Promise.resolve(source) : loadImage(source);
    shown.then(
      (url) => {
        img.src = url;
      },
      () => {
        img.replaceWith(doc.createTextNode(m.imageFailed));
      },
    );
    return img;
  };
  const metaOf = (item: ChatItem) => {
    const meta = el('div', 'kefu-w-meta');
    const time = el('time', '', { datetime: item.time });
    time.textContent = formatTime(item.time);
    meta.appendChild(time);
    if (item.status === 'failed' && item.clientId !== undefined) {
      const failed = el('span', 'kefu-w-failed-text');
      failed.textContent = m.failed;
      const retry = el('button', 'kefu-w-retry', { type: 'button' });
      retry.textContent = m.retry;
      const clientId = item.clientId;
      retry.addEventListener('click', () => {
        onRetry(clientId);
        input.focus();
      });
      meta.append(failed, retry);
    }
    return meta;
  };
  /**
   * Fills a message node; the bubble is kept when only the status or the label changed, so it is
   * not read out again. The label is for the eye only: the bubble already says who wrote it.
   */
  const fill = (node: HTMLElement, item: ChatItem, before: ChatItem | undefined, label: string | undefined) => {
    node.className = `kefu-w-msg kefu-w-${item.from}${item.status === 'pending' ? ' kefu-w-pending' : ''}`;
    const meta = metaOf(item);
    if (node.firstElementChild?.className === 'kefu-w-sender') node.firstElementChild.remove();
    // An upload confirmed: the server's path replaces the page's blob, and the picture stays as shown.
    const sameImage = before?.image === item.image || (before?.image?.startsWith('blob:') === true && item.image !== undefined);
    if (before !== undefined && before.text === item.text && before.unsupported === item.unsupported && before.agent === item.agent && sameImage && node.lastChild) {
      node.replaceChild(meta, node.lastChild);
    } else {
      node.textContent = '';
      node.append(bubbleOf(item), meta);
    }
    if (label === undefined) return;
    const sender = el('div', 'kefu-w-sender', { 'aria-hidden': 'true' });
    sender.textContent = withName(m.agentLabel, label);
    node.prepend(sender);
  };

  const renderActions = (items: readonly ChatItem[]) => {
    const titles = currentActions(items);
    const signature = `${items[items.length - 1]?.key ?? ''}\u0000${titles.join('\u0000')}`;
    if (signature === shownActions) return;
    shownActions = signature;
    actions.textContent = '';
    for (const title of titles) {
      const button = el('button', 'kefu-w-action', { type: 'button' });
      button.textContent = title;
      button.addEventListener('click', () => {
        onSend(title);
        input.focus();
      });
      actions.appendChild(button);
    }
    actions.hidden = titles.length === 0;
  };

  return {
    root,
    get isOpen() {
      return isOpen;
    },
    open,
    close,
    render(items) {
      const atEnd = nearEnd();
      let arrived: HTMLElement | undefined;
      const keys = new Set(items.map((i) => i.key));
      for (const [key, { node }] of shown) {
        if (keys.has(key)) continue;
        node.remove();
        shown.delete(key);
      }
      const labels = agentLabels(items);
      for (const [index, item] of items.entries()) {
        const existing = shown.get(item.key);
        const label = labels[index];
        if (existing?.item === item && existing.label === label) continue;
        const node = existing?.node ?? el('div', '');
        fill(node, item, existing?.item, label);
        if (!existing) log.appendChild(node);
        // An agent may answer long after the panel was closed: show that something came.
        if (!existing && rendered && !isOpen && item.from === 'bot') setUnread(true);
        if (!existing && rendered && item.from === 'bot') arrived ??= node;
        shown.set(item.key, { item, node, label });
      }
      rendered = true;
      renderActions(items);
      // A long answer is shown from its start, not its end (see scrollTarget).
      const target = scrollTarget({ atEnd, lastFrom: items[items.length - 1]?.from, arrivedTop: arrived && topOf(arrived), viewHeight: scroller.clientHeight, contentHeight: scroller.scrollHeight });
      if (target !== undefined) scroller.scrollTop = target;
    },
    setTyping(on) {
      const follow = nearEnd();
      typing.hidden = !on;
      if (follow) scrollToEnd();
    },
    setStatus(text) {
      status.hidden = text === undefined;
      status.textContent = text ?? '';
    },
    setNotice(text) {
      notice.hidden = text === undefined;
      notice.textContent = text ?? '';
    },
  };
}
