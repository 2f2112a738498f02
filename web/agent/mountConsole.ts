import { ApiError, isSessionLost } from '../shared/ApiError.js';
import type { WebSocketLike } from '../shared/connectWebSocket.js';
import { createDom } from '../shared/createDom.js';
import { createLoginView } from '../shared/createLoginView.js';
import { createNoAccessView } from '../shared/createNoAccessView.js';
import { createPlacesNav } from '../shared/createPlacesNav.js';
import { createThrottle } from '../shared/createThrottle.js';
import { otherLang, readLang, saveLang, type Lang } from '../shared/lang.js';
import { mayUse } from '../shared/places.js';
import { connectStream, type Stream, type StreamState } from './connectStream.js';
import { createAgentApi, type AgentApi } from './createAgentApi.js';
import { createBeeper } from './createBeeper.js';
import { createKbPanel } from './createKbPanel.js';
import { createQueueView } from './createQueueView.js';
import { createSearchView } from './createSearchView.js';
import { createTicketCache } from './createTicketCache.js';
import { createTicketView } from './createTicketView.js';
import { createTitleFlasher } from './createTitleFlasher.js';
import { errorText } from './errorText.js';
import { mergeMessage } from './mergeMessage.js';
import { mergeNotes } from './mergeNotes.js';
import { messages, type AgentMessages } from './messages.js';
import type { QueuePlace } from './queueTabs.js';
import { streamUrl } from './streamUrl.js';
import { idKey, sameId, type AgentSummary, type ChannelLimits, type Frame, type Id, type Session, type Ticket, type TicketNote, type TranscriptMessage } from './Ticket.js';
import { withPresence } from './transferTargets.js';

/** The user's typing indicator goes away by itself when no message follows. */
const USER_TYPING_MS = 4_000;
/** The agent's typing signal is sent at most this often. */
const AGENT_TYPING_MS = 3_000;
const TICK_MS = 15_000;
/** The largest image the server takes (it checks again). */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const NO_TAGS: readonly string[] = [];
/** Where the layout shows one pane at a time (the CSS in index.html says the same). */
const NARROW = '(max-width: 760px)';

export interface ConsoleOptions {
  readonly api?: AgentApi;
  readonly WebSocketImpl?: new (url: string) => WebSocketLike;
}

/**
 * The agent console: sign-in, the live queue and the open ticket. This module owns the state
 * and the calls; the views draw, the pure modules decide.
 */
export function mountConsole(win: Window & typeof globalThis, { api = createAgentApi({ fetch: win.fetch.bind(win) }), WebSocketImpl = win.WebSocket }: ConsoleOptions = {}): void {
  const doc = win.document;
  let lang: Lang = readLang(win);
  const dom = createDom<AgentMessages>(doc, messages[lang]);
  const { el, text, attr } = dom;
  const cache = createTicketCache(() => session?.agent.id);
  const beeper = createBeeper(win);
  const flasher = createTitleFlasher({ base: baseTitle, setTitle: (t) => (doc.title = t) });
  const typingGate = createThrottle(AGENT_TYPING_MS);

  let session: Session | undefined;
  let stream: Stream | undefined;
  let streamState: StreamState = { kind: 'connecting' };
  let tab: QueuePlace = 'waiting';
  let tabLoading = false;
  let agents: readonly AgentSummary[] = [];
  /** Who is away, as the stream or my own status change last said. */
  let awayIds: readonly Id[] = [];
  let statusBusy = false;
  // The ticket lists carry no tags: these are the ones learnt from opened tickets and the stream.
  const tagsById = new Map<string, readonly string[]>();
  const tagsOf = (id: Id) => tagsById.get(idKey(id)) ?? NO_TAGS;
  let open: { id: Id; ticket?: Ticket; transcript: readonly TranscriptMessage[]; limits?: ChannelLimits; notes: readonly TicketNote[]; tags: readonly string[] } | undefined;
  let userTypingTimer: ReturnType<typeof setTimeout> | undefined;
  // Bumped on sign-out: answers to calls made before it are dropped.
  let generation = 0;

  // The shell.
  const waitingCount = el('span', 'waiting-count');
  const connection = el('span', 'connection', { role: 'status' });
  const agentName = el('span', 'agent-name');
  const langButton = attr(text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'lang' }), (m) => m.otherLang), 'aria-label', (m) => m.switchLang);
  const logoutButton = text(el('button', 'btn btn-ghost', { type: 'button', 'data-action': 'logout' }), (m) => m.logout);
  const statusButton = (away: boolean) => {
    const button = text(el('button', `status-option status-${away ? 'away' : 'online'}`, { type: 'button', 'aria-pressed': 'false' }), (m) => (away ? m.statusAway : m.statusOnline));
    button.addEventListener('click', () => setAway(away));
    return button;
  };
  const onlineButton = statusButton(false);
  const awayButton = statusButton(true);
  const statusToggle = attr(el('div', 'status-toggle', { role: 'group' }, onlineButton, awayButton), 'aria-label', (m) => m.myStatus);
  const signedInBar = el('div', 'topbar-session', {}, waitingCount, connection, statusToggle, agentName, logoutButton);
  const places = createPlacesNav(dom, 'conversations');
  const topbar = el('header', 'topbar', {}, el('div', 'topbar-start', {}, text(el('h1', 'brand'), (m) => m.appTitle), places.root), signedInBar, langButton);
  const announcer = el('div', 'sr-only', { 'aria-live': 'polite', 'aria-atomic': 'true' });

  const login = createLoginView(dom, signIn);
  // An account without the desk (an editor) gets this instead of the queue: the desk API would refuse it.
  const noAccess = createNoAccessView(dom, 'conversations');
  const searchView = createSearchView(dom, {
    search: (query) => guard(api.searchTickets(query)).then((found) => found ?? []),
    onOpen: openTicket,
    tagsOf,
    errorText: (e) => errorText(e, dom.m, lang),
  });
  const queueView = createQueueView(dom, { onTab: setTab, onOpen: openTicket, searchPanel: searchView.root });
  // Article titles by id, fetched once per page.
  const titles = new Map<string, Promise<string>>();
  const ticketView = createTicketView(dom, {
    onBack: closeTicket,
    onAccept: () => act((id) => api.accept(id).then(ticketChanged), { focusComposer: true }),
    onSend: send,
    onSendImage: sendImage,
    onTyping() {
      const id = open?.id;
      if (id !== undefined && ticketView.canReply && typingGate()) api.typing(id).catch(() => undefined);
    },
    onTransfer: (username, name) => act((id) => api.transfer(id, username).then(ticketChanged), { done: dom.m.transferred(name) }),
    onRelease: () => win.confirm(dom.m.confirmRelease) && act((id) => api.release(id).then(ticketChanged)),
    onClose: () => win.confirm(dom.m.confirmClose) && act((id) => api.close(id).then(ticketChanged)),
    onOpenArticle: (id) => kb.openArticle(id),
    articleTitle: (id) => {
      let title = titles.get(id);
      if (!title) titles.set(id, (title = api.article(id).then((a) => a.title)));
      return title;
    },
    onAddNote: addNote,
    saveTags,
    cannedReplies: (q) => {
      const id = open?.id;
      return guard(api.canned(q, id)).then((replies) => replies ?? []);
    },
    errorText: (e) => errorText(e, dom.m, lang),
  });
  const kb = createKbPanel(dom, {
    search: (q) => api.searchKb(q),
    article: (id) => api.article(id),
    insert: (snippet) => ticketView.insert(snippet),
    errorText: (e) => errorText(e, dom.m, lang),
  });
  ticketView.side.append(kb.root);
  const workspace = el('main', 'workspace', {}, queueView.root, ticketView.root);
  const app = el('div', 'app', {}, topbar, login.root, noAccess.root, workspace, announcer);
  doc.body.append(app);

  langButton.addEventListener('click', () => setLang(otherLang(lang)));
  logoutButton.addEventListener('click', signOut);
  win.addEventListener('focus', () => flasher.stop());
  win.setInterval(() => queueView.tick(Date.now()), TICK_MS);
  setLang(lang);
  showSignedOut();
  api.me().then(signedIn, (error: unknown) => showSignedOut(isSessionLost(error) ? undefined : errorText(error, dom.m, lang)));

  function setLang(next: Lang) {
    lang = next;
    saveLang(win, lang);
    doc.documentElement.lang = lang;
    dom.setMessages(messages[lang]);
    noAccess.render();
    renderShell();
    renderQueue();
    searchView.render();
    renderTicket();
  }

  function baseTitle(): string {
    const waiting = session ? cache.waitingCount() : 0;
    return `${waiting > 0 ? `(${waiting}) ` : ''}${dom.m.appTitle}`;
  }

  function renderShell() {
    const m = dom.m;
    waitingCount.textContent = m.waitingCount(cache.waitingCount());
    waitingCount.classList.toggle('has-waiting', cache.waitingCount() > 0);
    agentName.textContent = session ? m.signedInAs(session.agent.displayName) : '';
    connection.dataset.state = streamState.kind;
    connection.textContent =
      streamState.kind === 'open' ? m.connected : streamState.kind === 'connecting' ? m.connecting : m.reconnecting(m.duration.seconds(Math.ceil(streamState.retryInMs / 1000)));
    const away = awayIds.some((id) => sameId(id, session?.agent.id));
    onlineButton.setAttribute('aria-pressed', String(!away));
    awayButton.setAttribute('aria-pressed', String(away));
    onlineButton.disabled = awayButton.disabled = statusBusy;
    statusToggle.dataset.away = String(away);
    if (!flasher.flashing) doc.title = baseTitle();
  }

  function showSignedOut(message?: string) {
    signedInBar.hidden = true;
    workspace.hidden = true;
    noAccess.hide();
    places.render(undefined);
    login.show(message);
    renderShell();
  }

  function signIn(username: string, password: string) {
    login.setBusy(true);
    login.setError(undefined);
    // Login names the account; `me` adds what its role may do (the nav and the desk depend on it).
    api.login(username, password).then(() => api.me()).then(
      (s) => {
        login.setBusy(false);
        signedIn(s);
      },
      (error: unknown) => {
        login.setBusy(false);
        login.show(errorText(error, dom.m, lang));
      },
    );
  }

  function signedIn(s: Session) {
    session = s;
    login.hide();
    signedInBar.hidden = false;
    places.render(s.capabilities);
    const desk = mayUse(s.capabilities, 'conversations');
    waitingCount.hidden = connection.hidden = statusToggle.hidden = !desk;
    if (!desk) {
      noAccess.show(s);
      renderShell();
      return;
    }
    workspace.hidden = false;
    renderShell();
    renderQueue();
    stream = connectStream({
      url: streamUrl(win.location),
      WebSocketImpl,
      onFrame,
      onState(state) {
        streamState = state;
        renderShell();
        // A socket that keeps closing may mean the session ended (expired, or signed out elsewhere).
        if (state.kind === 'waiting') guard(api.me()).catch(() => undefined);
      },
      onOpen(reconnected) {
        void refresh();
        void loadAgents();
        if (reconnected && open) void loadTicket(open.id);
      },
    });
    void refresh();
    void loadAgents();
    // A reload keeps the open ticket in the address (#id).
    const fromHash = safeDecode(win.location.hash.slice(1));
    if (fromHash) openTicket(fromHash);
  }

  function signOut() {
    const done = () => {
      teardown();
      showSignedOut();
    };
    api.logout().then(done, done);
  }

  function teardown() {
    generation += 1;
    stream?.close();
    stream = undefined;
    session = undefined;
    streamState = { kind: 'connecting' };
    cache.clear();
    tagsById.clear();
    agents = [];
    awayIds = [];
    closeTicket();
    flasher.stop();
  }

  /** Runs a call for the signed-in session; a 401 means it is over, anything else is the caller's to show. */
  function guard<T>(promise: Promise<T>): Promise<T | undefined> {
    const at = generation;
    return promise.then(
      (value) => (at === generation ? value : undefined),
      (error: unknown) => {
        if (at !== generation) return undefined;
        if (isSessionLost(error)) {
          teardown();
          showSignedOut(dom.m.sessionExpired);
          return undefined;
        }
        throw error;
      },
    );
  }

  async function refresh() {
    const shown = tab;
    const lists = await guard(Promise.all([api.tickets('waiting'), shown === 'waiting' || shown === 'search' ? undefined : api.tickets(shown)])).catch(() => undefined);
    if (!lists) return;
    cache.replaceTab('waiting', lists[0]);
    if (lists[1] && shown !== 'search') cache.replaceTab(shown, lists[1]);
    tabLoading = false;
    renderQueue();
    renderShell();
  }

  async function loadAgents() {
    const list = await guard(api.agents()).catch(() => undefined);
    if (!list) return;
    // The list says who is online; who of them is away only the stream and my own changes tell.
    agents = withPresence(
      list,
      list.filter((a) => a.online).map((a) => a.id),
      awayIds,
    );
    renderTicket();
  }

  function setTab(next: QueuePlace) {
    if (next === tab) return;
    tab = next;
    if (next === 'search') {
      tabLoading = false;
      renderQueue();
      return;
    }
    tabLoading = true;
    renderQueue();
    const asked = next;
    guard(api.tickets(next))
      .then((tickets) => {
        if (!tickets || asked !== tab) return;
        cache.replaceTab(next, tickets);
        tabLoading = false;
        renderQueue();
      })
      .catch(() => {
        tabLoading = false;
        renderQueue();
      });
  }

  function renderQueue() {
    queueView.render({ tab, tickets: session && tab !== 'search' ? cache.list(tab) : [], openId: open?.id, waiting: cache.waitingCount(), loading: tabLoading, tagsOf });
  }

  function openTicket(id: Id) {
    workspace.classList.add('has-ticket');
    if (open?.ticket && sameId(open.id, id)) return; // already open: only the pane to show
    open = { id, transcript: [], notes: [], tags: tagsOf(id) };
    ticketView.showLoading();
    win.history.replaceState(null, '', `#${encodeURIComponent(String(id))}`);
    renderQueue();
    void loadTicket(id);
  }

  async function loadTicket(id: Id) {
    let detail;
    try {
      detail = await guard(api.ticket(id));
    } catch (error) {
      if (open && sameId(open.id, id)) ticketView.setNotice(errorText(error, dom.m, lang), 'error');
      return;
    }
    if (!detail || !open || !sameId(open.id, id)) return;
    cache.upsert(detail.ticket);
    // Keep what the stream delivered while the answer was on its way.
    let transcript = detail.transcript;
    for (const message of open.transcript) transcript = mergeMessage(transcript, message);
    const first = !open.ticket;
    // Notes too: one the stream brought while the answer was on its way stays.
    const notes = mergeNotes(detail.notes ?? [], open.notes);
    const tags = detail.tags ?? open.tags;
    rememberTags(id, tags);
    open = { id, ticket: detail.ticket, transcript, notes, tags, ...(detail.limits ? { limits: detail.limits } : {}) };
    renderTicket();
    searchView.render();
    renderQueue();
    // With one pane, the queue just went away: start reading at the ticket.
    if (first && win.matchMedia(NARROW).matches) ticketView.focusTitle();
  }

  function closeTicket() {
    open = undefined;
    workspace.classList.remove('has-ticket');
    ticketView.showEmpty();
    kb.setCanInsert(false);
    if (win.location.hash) win.history.replaceState(null, '', win.location.pathname + win.location.search);
    renderQueue();
  }

  function renderTicket() {
    if (!open?.ticket) return;
    ticketView.render({ ticket: open.ticket, transcript: open.transcript, me: session?.agent.id, agents, notes: open.notes, tags: open.tags, ...(open.limits ? { limits: open.limits } : {}) });
    kb.setCanInsert(ticketView.canReply);
  }

  /** The answer to accept, transfer, release or close: the ticket as it now is. */
  function ticketChanged(ticket: Ticket) {
    cache.upsert(ticket);
    if (open && sameId(open.id, ticket.id)) open = { ...open, ticket };
    renderTicket();
    // Accepting tells the user who joined: on WeChat, one of the messages that may go.
    refreshLimits(ticket.id);
    renderQueue();
    renderShell();
  }

  /** Runs an action on the open ticket and shows how it went; on a conflict, shows the server's word and reloads. */
  function act(action: (id: Id) => Promise<unknown>, { done, focusComposer = false }: { done?: string; focusComposer?: boolean } = {}) {
    const id = open?.id;
    if (id === undefined) return;
    ticketView.setNotice(undefined);
    guard(action(id)).then(
      () => {
        if (done) ticketView.setNotice(done, 'info');
        if (focusComposer && ticketView.canReply) ticketView.focusComposer();
      },
      (error: unknown) => {
        ticketView.setNotice(errorText(error, dom.m, lang), 'error');
        if (!(error instanceof ApiError && (error.status === 409 || error.status === 403))) return;
        // Taken by a colleague: the error says by whom, so the pane shows it even to an agent who
        // may not read a colleague's ticket (only supervisors see every ticket).
        const { agentId, agentName } = error.params;
        if (error.code === 'TICKET_TAKEN' && typeof agentId === 'number' && open?.ticket && sameId(open.id, id)) {
          ticketChanged({ ...open.ticket, state: 'assigned', agent: { id: agentId, displayName: typeof agentName === 'string' ? agentName : '' } });
        } else void loadTicket(id);
        void refresh();
      },
    );
  }

  /** Reads the open ticket's channel limits again (after a message went, or the user wrote). */
  function refreshLimits(id: Id) {
    if (!open?.limits || !sameId(open.id, id)) return;
    guard(api.limits(id)).then(
      (limits) => {
        if (!limits || !open || !sameId(open.id, id)) return;
        open = { ...open, limits };
        renderTicket();
      },
      () => undefined,
    );
  }

  async function send(textToSend: string): Promise<boolean> {
    const id = open?.id;
    if (id === undefined) return false;
    try {
      const message = await guard(api.send(id, textToSend));
      if (!message) return false;
      if (open && sameId(open.id, id)) {
        open = { ...open, transcript: mergeMessage(open.transcript, message) };
        renderTicket();
      }
      ticketView.setNotice(undefined);
      refreshLimits(id);
      return true;
    } catch (error) {
      ticketView.setNotice(errorText(error, dom.m, lang), 'error');
      return false;
    }
  }

  async function addNote(note: string): Promise<boolean> {
    const id = open?.id;
    if (id === undefined) return false;
    try {
      const added = await guard(api.addNote(id, note));
      if (!added) return false;
      noteArrived(id, added);
      ticketView.setNotice(undefined);
      return true;
    } catch (error) {
      ticketView.setNotice(errorText(error, dom.m, lang), 'error');
      return false;
    }
  }

  function noteArrived(ticketId: Id, note: TicketNote) {
    if (!open || !sameId(open.id, ticketId)) return;
    const notes = mergeNotes(open.notes, [note]);
    if (notes === open.notes) return;
    open = { ...open, notes };
    renderTicket();
  }

  /** Saves the open ticket's tags; the tag editor shows a refusal in its own words (errors are thrown on). */
  async function saveTags(tags: readonly string[]): Promise<readonly string[]> {
    const id = open?.id;
    if (id === undefined) return tags;
    const kept = await guard(api.setTags(id, tags));
    if (!kept) return tags;
    tagsArrived(id, kept);
    return kept;
  }

  function tagsArrived(ticketId: Id, tags: readonly string[]) {
    rememberTags(ticketId, tags);
    if (open && sameId(open.id, ticketId)) {
      open = { ...open, tags };
      renderTicket();
    }
    renderQueue();
    searchView.render();
  }

  function rememberTags(id: Id, tags: readonly string[]) {
    if (tags.length > 0) tagsById.set(idKey(id), tags);
    else tagsById.delete(idKey(id));
  }

  function setAway(away: boolean) {
    if (statusBusy) return;
    statusBusy = true;
    renderShell();
    guard(api.setAway(away)).then(
      (now) => {
        statusBusy = false;
        if (now) presenceChanged(agents.filter((a) => a.online).map((a) => a.id), now);
        announce(away ? dom.m.nowAway : dom.m.nowOnline);
        renderShell();
      },
      (error: unknown) => {
        statusBusy = false;
        renderShell();
        announce(errorText(error, dom.m, lang));
      },
    );
  }

  function presenceChanged(online: readonly Id[], away: readonly Id[] | undefined) {
    if (away) awayIds = away;
    agents = withPresence(agents, online, away);
    renderShell();
    renderTicket();
  }

  async function sendImage(file: File) {
    const id = open?.id;
    if (id === undefined) return;
    // The server checks again; this spares a 5 MB upload that it would refuse.
    if (file.size > MAX_IMAGE_BYTES) return ticketView.setNotice(dom.m.imageTooLarge, 'error');
    try {
      const message = await guard(api.sendImage(id, file, file.name || 'image'));
      if (!message) return;
      if (open && sameId(open.id, id)) {
        open = { ...open, transcript: mergeMessage(open.transcript, message) };
        renderTicket();
      }
      ticketView.setNotice(undefined);
    } catch (error) {
      ticketView.setNotice(errorText(error, dom.m, lang), 'error');
    }
  }

  function onFrame(frame: Frame) {
    switch (frame.type) {
      case 'hello':
      case 'presence':
        presenceChanged(frame.online, frame.away);
        return;
      case 'note':
        noteArrived(frame.ticketId, frame.note);
        return;
      case 'tags':
        tagsArrived(frame.ticketId, frame.tags);
        return;
      case 'ticket': {
        const previous = cache.upsert(frame.ticket);
        if (frame.ticket.state === 'waiting' && previous?.state !== 'waiting') callAttention(dom.m.newTicket(frame.ticket.reason));
        else if (transferredToMe(previous, frame.ticket)) callAttention(dom.m.transferredToYou(frame.ticket.reason));
        if (open && sameId(open.id, frame.ticket.id)) {
          open = { ...open, ticket: frame.ticket };
          renderTicket();
        }
        renderQueue();
        renderShell();
        return;
      }
      case 'message': {
        const { ticketId, message } = frame;
        if (message.from === 'user') cache.setPreview(ticketId, message.text);
        if (open && sameId(open.id, ticketId)) {
          const transcript = mergeMessage(open.transcript, message);
          if (transcript !== open.transcript && message.from === 'user') {
            setUserTyping(false);
            announce(dom.m.newMessage(message.text));
          }
          open = { ...open, transcript };
          renderTicket();
          if (message.from === 'user') refreshLimits(ticketId);
        }
        renderQueue();
        return;
      }
      case 'typing':
        if (open && sameId(open.id, frame.ticketId)) setUserTyping(true);
        return;
    }
  }

  function setUserTyping(on: boolean) {
    if (userTypingTimer !== undefined) clearTimeout(userTypingTimer);
    userTypingTimer = on ? setTimeout(() => setUserTyping(false), USER_TYPING_MS) : undefined;
    ticketView.setTyping(on);
  }

  /** A colleague handed me an active conversation (my own accept does not count: it was waiting). */
  function transferredToMe(previous: Ticket | undefined, ticket: Ticket): boolean {
    const me = session?.agent.id;
    return previous?.state === 'assigned' && ticket.state === 'assigned' && sameId(ticket.agent?.id, me) && !sameId(previous.agent?.id, me);
  }

  /** Something needs an agent: a chime, a line for screen readers, and a flashing title in a background window. */
  function callAttention(message: string) {
    beeper.beep();
    announce(message);
    if (!doc.hasFocus()) flasher.start(dom.m.newTicketTitle);
  }

  function announce(message: string) {
    announcer.textContent = message;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return ''; // a hand-edited address: start with nothing open
  }
}
