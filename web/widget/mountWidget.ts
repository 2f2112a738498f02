import { connectWebSocket } from '../shared/connectWebSocket.js';
import { buildStyles } from './buildStyles.js';
import { createChatView } from './createChatView.js';
import { createDirectLine, type DirectLine, type StorageLike } from './createDirectLine.js';
import { createTypingGate } from './createTypingGate.js';
import { messages } from './messages.js';
import type { WidgetOptions } from './parseOptions.js';
import { addPending, confirmSent, failPending, mergeActivities, parseItems, setStatus, type ChatItem } from './timeline.js';

const SESSION_KEY = 'kefu-w:session';
const ITEMS_KEY = 'kefu-w:items';
const OPEN_KEY = 'kefu-w:open';
/** A typing indicator with no message after it goes away by itself. */
const TYPING_MS = 5_000;
/** The largest picture the server takes (it checks again): refused here before it is sent. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** sessionStorage, or a map when the page forbids it (sandboxed frame, some private modes). */
function sessionStorageOf(win: Window): StorageLike {
  try {
    const storage = win.sessionStorage;
    storage.setItem('kefu-w:probe', '1');
    storage.removeItem('kefu-w:probe');
    return storage;
  } catch {
    const map = new Map<string, string>();
    return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
  }
}

/**
 * Puts the chat button on the page and wires the view to the Direct Line client. The
 * conversation starts when the panel first opens (or at once when a reload finds one), so a
 * page view alone costs the server nothing.
 */
export function mountWidget(options: WidgetOptions, win: Window): void {
  const doc = win.document;
  if (doc.querySelector('.kefu-w-root')) return; // the script was included twice
  const m = messages[options.lang];
  const storage = sessionStorageOf(win);
  const style = doc.createElement('style');
  style.textContent = buildStyles(options);
  (doc.head ?? doc.documentElement).appendChild(style);

  let items: readonly ChatItem[] = failPending(parseItems(storage.getItem(ITEMS_KEY)));
  let client: DirectLine | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let online = false;
  const typingGate = createTypingGate();
  // Pictures on their way, by client id, for a retry; and kefu's images as this page's blob: URLs, fetched once.
  const uploads = new Map<string, File>();
  const images = new Map<string, Promise<string>>();

  const view = createChatView(doc, {
    title: options.title,
    position: options.position,
    messages: m,
    onSend: send,
    onRetry: retry,
    onInput(text, composing) {
      // Only a signal: a failed one is not shown, kept or retried; the next keystrokes send another.
      if (client && typingGate.changed({ text, composing, online })) client.post({ type: 'typing' }).catch(() => undefined);
    },
    onToggle(open) {
      save(OPEN_KEY, open ? '1' : '');
      if (open) connection();
    },
    onPhoto: sendPhoto,
    loadImage(path) {
      let url = images.get(path);
      if (!url) {
        url = connection()
          .fetchMedia(path)
          .then((blob) => URL.createObjectURL(blob));
        // A failure is not remembered: the next render tries again.
        url.catch(() => images.delete(path));
        images.set(path, url);
      }
      return url;
    },
  });
  doc.body.appendChild(view.root);
  view.render(items);

  function save(key: string, value: string) {
    try {
      if (value) storage.setItem(key, value);
      else storage.removeItem(key);
    } catch {
      // Full or blocked: the widget still works, it just forgets on reload.
    }
  }
  function update(next: readonly ChatItem[]) {
    items = next;
    save(ITEMS_KEY, JSON.stringify(items));
    view.render(items);
  }
  function setTyping(on: boolean) {
    clearTimeout(typingTimer);
    view.setTyping(on);
    if (on) typingTimer = setTimeout(() => view.setTyping(false), TYPING_MS);
  }

  function connection(): DirectLine {
    if (client) return client;
    const dl = createDirectLine({
      baseUrl: options.baseUrl,
      // Called through a closure: browsers refuse `fetch` called as another object's method.
      fetch: (url, init) => win.fetch(url, init),
      ...(typeof WebSocket === 'function' && { connectSocket: connectWebSocket(WebSocket) }),
      storage,
      storageKey: SESSION_KEY,
      locale: options.lang === 'en' ? 'en-US' : 'zh-CN',
      ...(win.location?.origin ? { page: `${win.location.origin}${win.location.pathname}` } : {}),
      onActivities(set) {
        const merged = mergeActivities(items, set.activities, dl.userId);
        update(merged.items);
        if (merged.typing !== undefined) setTyping(merged.typing);
      },
      onStatus(status) {
        online = status === 'online';
        view.setStatus(status === 'online' ? undefined : status === 'offline' ? m.offline : m.connecting);
      },
    });
    client = dl;
    win.addEventListener('online', () => dl.networkChanged(true));
    win.addEventListener('offline', () => dl.networkChanged(false));
    void dl.start();
    return dl;
  }

  function deliver(clientId: string, text: string) {
    connection()
      .post({ type: 'message', text, channelData: { clientActivityID: clientId } })
      .then(
        (id) => update(confirmSent(items, clientId, id)),
        () => update(setStatus(items, clientId, 'failed')),
      );
  }
  const newClientId = () => `kefu-w-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  function send(text: string) {
    const clientId = newClientId();
    view.setNotice(undefined);
    update(addPending(items, { clientId, text, time: new Date().toISOString() }));
    typingGate.sent();
    deliver(clientId, text);
  }
  function upload(clientId: string, file: File) {
    connection()
      .upload(file, file.name || 'photo', { type: 'message', channelData: { clientActivityID: clientId } })
      .then(
        (id) => {
          uploads.delete(clientId);
          update(confirmSent(items, clientId, id));
        },
        (error: unknown) => {
          // Refused for what it is: saying why beats a retry that would be refused again.
          const status = (error as { status?: number }).status;
          if (status === 413 || status === 415) {
            uploads.delete(clientId);
            update(items.filter((i) => i.clientId !== clientId || i.id !== undefined));
            view.setNotice(status === 413 ? m.imageTooLarge : m.notAnImage);
            return;
          }
          update(setStatus(items, clientId, 'failed'));
        },
      );
  }
  function sendPhoto(file: File) {
    if (file.size > MAX_IMAGE_BYTES) return view.setNotice(m.imageTooLarge);
    view.setNotice(undefined);
    const clientId = newClientId();
    uploads.set(clientId, file);
    update(addPending(items, { clientId, text: '', time: new Date().toISOString(), image: URL.createObjectURL(file) }));
    upload(clientId, file);
  }
  function retry(clientId: string) {
    const item = items.find((i) => i.clientId === clientId && i.status === 'failed');
    if (!item) return;
    const file = uploads.get(clientId);
    if (item.image !== undefined && !file) return;
    update(setStatus(items, clientId, 'pending'));
    if (file) upload(clientId, file);
    else deliver(clientId, item.text);
  }

  if (storage.getItem(SESSION_KEY)) connection();
  if (storage.getItem(OPEN_KEY)) view.open(false);
}
