import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { describe, expect, it } from 'vitest';
import { loadMessages, pickLocale } from '../../src/bot/index.js';
import { noticeActivity } from '../../src/channels/createUserDelivery.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { createAgentDirectory, createHandoffDesk, parseServiceHours, type TicketMessage, type UserNotice } from '../../src/handoff/index.js';
import { createAgentSessionStore, createAgentStore, createMediaStore, createTicketStore, createTranscriptStore } from '../../src/storage/index.js';
import { useTempDatabases } from '../storage/tempDatabases.js';
import { PNG, TEXT } from '../support/images.js';

const temp = useTempDatabases();
const messages = await loadMessages(localesDir);
const AT = '2026-03-02T04:00:00.000Z';

/** A desk with a media store (or none), one waiting ticket, two agents, and what reached the user and the agents. */
async function setUp({ withMedia = true } = {}) {
  const database = await temp.open();
  const delivered: UserNotice[] = [];
  const agents = createAgentDirectory({ agents: createAgentStore(database.db), sessions: createAgentSessionStore(database.db) , passwordCost: TEST_PASSWORD_COST });
  const transcript = createTranscriptStore(database.db);
  const media = createMediaStore(database.db);
  const desk = createHandoffDesk({
    tickets: createTicketStore(database.db),
    transcript,
    agents,
    ...(withMedia ? { media } : {}),
    delivery: { deliver: async (_ticket, notice) => void delivered.push(notice) },
    wording: (locale) => messages[pickLocale(locale)].handoff,
    serviceHours: parseServiceHours('always', 'Asia/Shanghai'),
    now: () => new Date(AT),
  });
  const [one, two] = [await agents.add({ username: 'one', displayName: '客服一', password: 'correct-horse-1' }), await agents.add({ username: 'two', displayName: '客服二', password: 'correct-horse-1' })];
  const { ticket } = await desk.request({ conversationId: 'c1', channel: 'directline', userId: 'u1', locale: 'zh-CN', address: { serviceUrl: 'directline://kefu' }, reason: '用户要求转人工', priority: 'normal', context: { vars: {}, articlesShown: [], transcript: [] } });
  const pushed: TicketMessage[] = [];
  desk.on('message', ({ message }) => pushed.push(message));
  return { desk, media, transcript, delivered, pushed, ticket, one: { id: one.id, displayName: one.displayName }, two: { id: two.id, displayName: two.displayName } };
}

describe('the desk and images', () => {
  it("keeps an agent's image, refers to it in the transcript, delivers it as an image notice and pushes it to the agents", async () => {
    const { desk, media, transcript, delivered, pushed, ticket, one } = await setUp();
    await desk.accept(ticket.id, one);
    const message = await desk.sendImage(ticket.id, one, PNG);

    expect(message).toEqual({ from: 'agent', text: '', timestamp: AT, agentName: '客服一', image: { mediaId: expect.any(String), contentType: 'image/png' } });
    expect(pushed.at(-1)).toEqual(message);
    expect(delivered.at(-1)).toEqual({ kind: 'image', mediaId: message.image!.mediaId, contentType: 'image/png', agentName: '客服一' });
    const kept = await media.get(message.image!.mediaId);
    expect(kept).toMatchObject({ channel: 'directline', conversationId: 'c1', uploader: { role: 'agent', id: String(one.id) } });
    const [entry] = (await transcript.list({ channel: 'directline', conversationId: 'c1' })).slice(-1);
    expect(entry!.payload).toEqual({ agentName: '客服一', ticketId: ticket.id, media: [{ id: message.image!.mediaId, contentType: 'image/png' }] });
    expect((await desk.get(ticket.id)).transcript.at(-1)).toEqual(message);
  });

  it('refuses an image from an agent who does not hold the ticket, and keeps nothing', async () => {
    const { desk, delivered, ticket, one, two } = await setUp();
    await expect(desk.sendImage(ticket.id, one, PNG)).rejects.toMatchObject({ code: 'HANDOFF_TICKET_STATE' });
    await desk.accept(ticket.id, one);
    await expect(desk.sendImage(ticket.id, two, PNG)).rejects.toMatchObject({ code: 'HANDOFF_NOT_YOUR_TICKET' });
    await expect(desk.sendImage(ticket.id, one, TEXT)).rejects.toMatchObject({ code: 'STORAGE_NOT_AN_IMAGE' });
    expect(delivered.filter((n) => n.kind === 'image')).toEqual([]);
  });

  it('refuses images when no media store is set up', async () => {
    const { desk, ticket, one } = await setUp({ withMedia: false });
    await desk.accept(ticket.id, one);
    await expect(desk.sendImage(ticket.id, one, PNG)).rejects.toMatchObject({ code: 'HANDOFF_BAD_INPUT' });
  });

  it('becomes, on Direct Line, a message from the agent with the image as an attachment by its path', () => {
    const activity = noticeActivity({ kind: 'image', mediaId: 'AbCdEfGhIjKlMnOpQrStUvWx', contentType: 'image/jpeg', agentName: '客服一' }, { id: 'c1', isGroup: false, conversationType: 'personal', name: '' });
    expect(activity).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'image/jpeg', contentUrl: '/media/AbCdEfGhIjKlMnOpQrStUvWx' }],
      from: { id: 'kefu', name: '客服一' },
      channelData: { kefu: { from: 'agent', agentName: '客服一' } },
    });
  });
});
