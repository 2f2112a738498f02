import type { Dom } from '../shared/createDom.js';
import { formatDateTime } from '../shared/formatDateTime.js';
import { appendMarkdown } from '../shared/markdownToDom.js';
import { renderMarkdown } from '../shared/renderMarkdown.js';
import { shouldSend } from '../shared/shouldSend.js';
import { insertSnippet } from './articleSnippet.js';
import { contextRows } from './contextRows.js';
import { createCannedPicker } from './createCannedPicker.js';
import { createNotesPanel } from './createNotesPanel.js';
import { createTagEditor } from './createTagEditor.js';
import { describeLimits } from './describeLimits.js';
import { mediaUrl } from './mediaUrl.js';
import { messageKey } from './mergeMessage.js';
import type { AgentMessages } from './messages.js';
import { idKey, sameId, type AgentSummary, type CannedReply, type ChannelLimits, type Id, type Ticket, type TicketNote, type TranscriptMessage } from './Ticket.js';
import { presenceOf, transferTargets } from './transferTargets.js';
import { identityTitle, userIdentity } from './userIdentity.js';

export interface TicketViewOptions {
  readonly onBack: () => void;
  readonly onAccept: () => void;
  /** Sends the composer's text; resolves true when it went, and the composer is emptied then. */
  readonly onSend: (text: string) => Promise<boolean>;
  /** Sends an image the agent chose to the user. */
  readonly onSendImage: (file: File) => void;
  readonly onTyping: () => void;
  readonly onTransfer: (username: string, displayName: string) => void;
  readonly onRelease: () => void;
  readonly onClose: () => void;
  readonly onOpenArticle: (id: string) => void;
  /** The title of an article, for the "articles shown" list (the ticket carries only ids). */
  readonly articleTitle?: (id: string) => Promise<string>;
  /** Adds a private note to the open ticket; resolves true when it was kept. */
  readonly onAddNote: (text: string) => Promise<boolean>;
  /** Saves the open ticket's tags; resolves with them as kept, rejects when refused. */
  readonly saveTags: (tags: readonly string[]) => Promise<readonly string[]>;
  /** The canned replies matching the words, for the open ticket. */
  readonly cannedReplies: (query: string) => Promise<readonly CannedReply[]>;
  readonly errorText: (error: unknown) => string;
}

export interface TicketShown {
  readonly ticket: Ticket;
  readonly transcript: readonly TranscriptMessage[];
  readonly me: Id | undefined;
  readonly agents: readonly AgentSummary[];
  /** What the channel still lets the agent send (WeChat), when it limits it. */
  readonly limits?: ChannelLimits;
  readonly notes: readonly TicketNote[];
  readonly tags: readonly string[];
}

export interface TicketView {
  readonly root: HTMLElement;
  /** Where the knowledge panel goes, beside the details. */
  readonly side: HTMLElement;
  /** Nothing open: the "pick a conversation" line. */
  showEmpty(): void;
  showLoading(): void;
  /** Shows a ticket; called again with each change, it updates only what changed. */
  render(shown: TicketShown): void;
  setTyping(on: boolean): void;
  /** A line above the conversation: an error (read out at once) or a notice. */
  setNotice(text: string | undefined, kind?: 'error' | 'info'): void;
  /** Whether the composer is there to take an article. */
  readonly canReply: boolean;
  insert(snippet: string): void;
  focusComposer(): void;
  focusTitle(): void;
}

const NEAR_END_PX = 80;

/** The open ticket: header and actions, the conversation with the composer, and the details. */
export function createTicketView(dom: Dom<AgentMessages>, options: TicketViewOptions): TicketView {
  const { el, text, attr, doc } = dom;

  const placeholder = el('p', 'ticket-placeholder');
  const back = text(el('button', 'btn btn-link back', { type: 'button' }), (m) => `← ${m.back}`);
  back.addEventListener('click', options.onBack);
  const title = el('h2', 'ticket-title', { id: 'ticket-title', tabindex: '-1' });
  // The widget's page reads like an address but is no link: the agent must not land on the merchant's page by a slip.
  const page = el('span', 'page-text ticket-page');
  const firstWords = el('span', 'ticket-first');
  const identityLine = el('p', 'ticket-identity', {}, page, firstWords);
  const startedAt = el('time', 'ticket-started');
  const tagEditor = createTagEditor(dom, { save: options.saveTags, errorText: options.errorText });
  const urgent = el('span', 'badge badge-urgent');
  const stateBadge = el('span', 'badge badge-state');
  const handledBy = el('span', 'ticket-agent');
  const rating = el('span', 'ticket-rating', { role: 'status' });
  const limitsLine = el('p', 'ticket-limits', { role: 'status' });

  const accept = text(el('button', 'btn btn-primary', { type: 'button', 'data-action': 'accept' }), (m) => m.accept);
  accept.addEventListener('click', options.onAccept);
  const transferSelect = el('select', 'select', { id: 'transfer-agent' });
  const transferButton = text(el('button', 'btn', { type: 'button', 'data-action': 'transfer' }), (m) => m.transfer);
  transferButton.addEventListener('click', () => {
    const option = transferSelect.selectedOptions[0];
    if (option?.value) options.onTransfer(option.value, option.dataset.name ?? option.value);
  });
  const transfer = el('div', 'transfer', {}, text(el('label', '', { for: 'transfer-agent' }), (m) => m.transferTo), transferSelect, transferButton);
  const release = text(el('button', 'btn', { type: 'button', 'data-action': 'release' }), (m) => m.release);
  release.addEventListener('click', options.onRelease);
  const close = text(el('button', 'btn btn-danger', { type: 'button', 'data-action': 'close' }), (m) => m.close);
  close.addEventListener('click', options.onClose);
  const mineActions = el('div', 'actions-mine', {}, transfer, release, close);
  const actions = el('div', 'ticket-actions', {}, accept, mineActions);

  const notice = el('p', 'notice');
  const header = el(
    'header',
    'ticket-header',
    {},
    back,
    el('div', 'ticket-who', {}, el('div', 'ticket-heading', {}, title, urgent, stateBadge), identityLine),
    el('div', 'ticket-meta', {}, startedAt, handledBy, rating),
    limitsLine,
    actions,
    tagEditor.root,
  );

  const transcript = el('div', 'transcript', { tabindex: '0', role: 'region' });
  attr(transcript, 'aria-label', (m) => m.transcript);
  const typing = text(el('p', 'typing'), (m) => m.userTyping);
  const input = el('textarea', 'input composer-input', { id: 'composer-input', rows: '3', maxlength: '4000' });
  attr(input, 'placeholder', (m) => m.replyPlaceholder);
  const send = text(el('button', 'btn btn-primary', { type: 'submit' }), (m) => m.send);
  const imageInput = el('input', 'sr-only', { type: 'file', id: 'composer-image', accept: 'image/png,image/jpeg,image/gif,image/webp', tabindex: '-1' });
  const imageButton = text(el('button', 'btn', { type: 'button', 'data-action': 'image' }), (m) => m.sendImage);
  const cannedButton = text(el('button', 'btn', { type: 'button', 'data-action': 'canned', 'aria-controls': 'canned-list' }), (m) => m.canned);
  const canned = createCannedPicker(dom, {
    load: options.cannedReplies,
    onPick(reply) {
      insertText(reply);
    },
    onDismiss: () => input.focus(),
    errorText: options.errorText,
  });
  cannedButton.addEventListener('click', () => (canned.isOpen ? (canned.close(), input.focus()) : canned.open()));
  imageButton.addEventListener('click', () => imageInput.click());
  imageInput.addEventListener('change', () => {
    const file = imageInput.files?.[0];
    imageInput.value = '';
    if (file) options.onSendImage(file);
  });
  const composer = el(
    'form',
    'composer',
    {},
    text(el('label', 'sr-only', { for: 'composer-input' }), (m) => m.reply),
    input,
    el('div', 'composer-buttons', {}, cannedButton, imageButton, imageInput, send),
  );
  const readOnlyNote = text(el('p', 'composer-note'), (m) => m.notYours);
  const conversation = el('section', 'conversation', {}, transcript, typing, canned.root, composer, readOnlyNote);
  attr(conversation, 'aria-label', (m) => m.transcript);

  const contextList = el('dl', 'context-list');
  const context = el('section', 'context', { 'aria-labelledby': 'context-heading' }, text(el('h3', 'side-heading', { id: 'context-heading' }), (m) => m.context), contextList);
  const notesPanel = createNotesPanel(dom, { onAdd: options.onAddNote });
  const side = el('aside', 'side', {}, context, notesPanel.root);
  const body = el('div', 'ticket-body', {}, conversation, side);
  const content = el('div', 'ticket-content', {}, header, notice, body);
  const root = el('section', 'ticket', { 'aria-labelledby': 'ticket-title' }, placeholder, content);

  let current: TicketShown | undefined;
  let lastM: AgentMessages | undefined;
  let nodes = new Map<string, HTMLElement>();
  let targetsSignature = '';
  const drafts = new Map<string, string>();
  let sending = false;
  let composing = false;

  const show = (what: 'empty' | 'loading' | 'ticket') => {
    placeholder.hidden = what === 'ticket';
    content.hidden = what !== 'ticket';
    placeholder.textContent = what === 'loading' ? dom.m.loading : dom.m.pickTicket;
  };
  show('empty');
  notice.hidden = true;
  typing.hidden = true;

  const saveDraft = () => {
    if (current) drafts.set(idKey(current.ticket.id), input.value);
  };
  const mine = (s: TicketShown) => s.ticket.state === 'assigned' && sameId(s.ticket.agent?.id, s.me);

  function who(message: TranscriptMessage, ticket: Ticket, m: AgentMessages): string {
    if (message.from === 'user') return ticket.userName || m.fromUser;
    if (message.from === 'bot') return m.fromBot;
    return message.agentName || m.fromAgent;
  }
  function messageNode(message: TranscriptMessage, ticket: Ticket, m: AgentMessages): HTMLElement {
    const body = el('div', 'msg-text');
    // The user's words stay exactly as typed; the bot's and agents' are the little Markdown articles use.
    if (message.from === 'user') body.textContent = message.text;
    else appendMarkdown(body, renderMarkdown(message.text), doc);
    const time = el('time', '', { datetime: message.timestamp }, formatDateTime(message.timestamp));
    // Images come from the agent API, where the console's session cookie goes; a click opens the full size.
    const image = message.image && imageLink(mediaUrl(message.image.mediaId), m);
    return el('div', `msg msg-${message.from}`, {}, el('div', 'msg-meta', {}, el('span', 'msg-who', {}, who(message, ticket, m)), time), image, message.text ? body : null);
  }
  function imageLink(url: string, m: AgentMessages): HTMLElement {
    return el('a', 'msg-image', { href: url, target: '_blank', rel: 'noopener' }, el('img', 'msg-img', { src: url, alt: m.image, loading: 'lazy' }));
  }

  function renderTranscript(s: TicketShown, m: AgentMessages, fresh: boolean) {
    const follow = fresh || transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < NEAR_END_PX;
    if (fresh) {
      transcript.replaceChildren();
      nodes = new Map();
    }
    const keys = new Set<string>();
    let previous: HTMLElement | undefined;
    for (const message of s.transcript) {
      const key = messageKey(message);
      keys.add(key);
      let node = nodes.get(key);
      if (!node) {
        node = messageNode(message, s.ticket, m);
        nodes.set(key, node);
        transcript.insertBefore(node, previous ? previous.nextSibling : transcript.firstChild);
      }
      previous = node;
    }
    for (const [key, node] of nodes) {
      if (keys.has(key)) continue;
      node.remove();
      nodes.delete(key);
    }
    if (follow) transcript.scrollTop = transcript.scrollHeight;
  }

  function renderTargets(s: TicketShown, m: AgentMessages) {
    const targets = transferTargets(s.agents, s.me);
    const signature = JSON.stringify([m.agentOption('', 'online'), targets.map((a) => [a.username, a.displayName, presenceOf(a)])]);
    if (signature === targetsSignature) return;
    targetsSignature = signature;
    const selected = transferSelect.value;
    transferSelect.replaceChildren(
      ...(targets.length === 0
        ? [el('option', '', { value: '' }, m.noOtherAgents)]
        : targets.map((a) => {
            const option = el('option', '', { value: a.username, 'data-name': a.displayName, 'data-presence': presenceOf(a) }, m.agentOption(a.displayName, presenceOf(a)));
            option.selected = a.username === selected;
            return option;
          })),
    );
    transferButton.disabled = targets.length === 0;
  }

  function renderHeader(s: TicketShown, m: AgentMessages) {
    const { ticket } = s;
    const identity = userIdentity(ticket, m);
    title.textContent = identityTitle(identity);
    page.textContent = identity.page ?? '';
    page.hidden = !identity.page;
    firstWords.textContent = identity.firstMessage ? `${m.firstMessage}：${identity.firstMessage}` : '';
    firstWords.hidden = !identity.firstMessage;
    identityLine.hidden = !identity.page && !identity.firstMessage;
    startedAt.dateTime = ticket.createdAt;
    startedAt.textContent = m.startedAt(formatDateTime(ticket.createdAt));
    urgent.textContent = m.urgent;
    urgent.hidden = ticket.priority !== 'high';
    const outcome = ticket.outcome ? m.outcomes[ticket.outcome] : undefined;
    stateBadge.textContent = outcome ? `${m.states[ticket.state]} · ${outcome}` : m.states[ticket.state] ?? ticket.state;
    stateBadge.dataset.state = ticket.state;
    handledBy.textContent = ticket.agent ? m.handledBy(ticket.agent.displayName) : '';
    rating.textContent = ticket.rating != null ? m.rating(ticket.rating) : ticket.state === 'closed' && ticket.outcome === 'resolved' ? m.awaitingRating : '';
    // WeChat's limits matter only while the agent can write.
    const limits = s.limits && ticket.state === 'assigned' ? describeLimits(s.limits, m, new Date()) : undefined;
    limitsLine.hidden = !limits;
    limitsLine.textContent = limits?.text ?? '';
    limitsLine.dataset.level = limits?.level ?? '';
    const isMine = mine(s);
    accept.hidden = ticket.state !== 'waiting';
    mineActions.hidden = !isMine;
    composer.hidden = !isMine;
    if (!isMine) canned.close();
    readOnlyNote.hidden = ticket.state !== 'waiting';
    if (isMine) renderTargets(s, m);
  }

  function renderContext(s: TicketShown, m: AgentMessages) {
    const rows = contextRows(s.ticket, m, (iso) => formatDateTime(iso));
    contextList.replaceChildren(
      ...rows.flatMap((row) => {
        const dt = el('dt', '', {}, row.label);
        if (row.kind === 'text') return [dt, el('dd', row.highlight ? 'highlight' : row.page ? 'page-text' : '', {}, row.value)];
        const links = row.ids.map((id) => {
          const button = el('button', 'btn-link', { type: 'button', 'data-article-id': id }, id);
          button.addEventListener('click', () => options.onOpenArticle(id));
          // The id until the title is known; an article removed since keeps its id.
          options.articleTitle?.(id).then(
            (title) => (button.textContent = title),
            () => undefined,
          );
          return button;
        });
        return [dt, el('dd', 'articles', {}, ...links)];
      }),
    );
  }

  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => (composing = false));
  input.addEventListener('keydown', (event) => {
    if (!shouldSend(event, composing)) return;
    event.preventDefault();
    submit();
  });
  input.addEventListener('input', () => {
    // "/" at the start of an empty composer asks for a canned reply, as in chat tools agents know.
    if (input.value === '/') {
      input.value = '';
      canned.open();
      return;
    }
    if (input.value.trim()) options.onTyping();
  });
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  /** Puts text into the composer (after a blank line when there is a draft), for the agent to edit and send. */
  function insertText(snippet: string) {
    input.value = insertSnippet(input.value, snippet);
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  function submit() {
    const textToSend = input.value.trim();
    if (!textToSend || sending || !current) return;
    sending = true;
    const id = current.ticket.id;
    options.onSend(textToSend).then(
      (sent) => {
        sending = false;
        if (!sent || !current || !sameId(current.ticket.id, id)) return;
        // Only what was sent goes: the agent may have typed on while it was on its way.
        input.value = input.value.trim() === textToSend ? '' : input.value;
        drafts.delete(idKey(id));
      },
      () => (sending = false),
    );
  }

  return {
    root,
    side,
    showEmpty() {
      saveDraft();
      current = undefined;
      show('empty');
    },
    showLoading() {
      saveDraft();
      current = undefined;
      show('loading');
    },
    render(s) {
      const m = dom.m;
      const fresh = !current || !sameId(current.ticket.id, s.ticket.id);
      const relabel = m !== lastM;
      if (fresh) {
        saveDraft();
        canned.close();
        input.value = drafts.get(idKey(s.ticket.id)) ?? '';
        typing.hidden = true;
        notice.hidden = true;
        targetsSignature = '';
      }
      const previous = current;
      current = s;
      lastM = m;
      show('ticket');
      renderHeader(s, m);
      tagEditor.render(s.tags, fresh);
      notesPanel.render(s.notes, fresh);
      if (fresh || relabel || previous?.ticket !== s.ticket) renderContext(s, m);
      if (fresh || relabel) renderTranscript(s, m, true);
      else if (previous?.transcript !== s.transcript) renderTranscript(s, m, false);
    },
    setTyping(on) {
      typing.hidden = !on;
    },
    setNotice(message, kind = 'info') {
      notice.hidden = message === undefined;
      notice.textContent = message ?? '';
      notice.className = `notice notice-${kind}`;
      // An error is read out at once; a notice politely.
      notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    },
    get canReply() {
      return current !== undefined && mine(current);
    },
    insert: insertText,
    focusComposer() {
      input.focus();
    },
    focusTitle() {
      title.focus();
    },
  };
}
