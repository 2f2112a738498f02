import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent } from '../support/agentClient.js';
import { JPEG, PNG, TEXT, pngOfSize } from '../support/images.js';
import { startServer, type TestServer } from '../support/startServer.js';

/*
 * Direct Line's upload (`POST /v3/directline/conversations/{id}/upload`) and the images it keeps
 * (`GET /media/{id}`), over real HTTP on kefu as main.ts runs it: multipart bodies as browsers and
 * the official client send them.
 */

let server: TestServer;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  server = await startServer({ env: { SERVICE_HOURS: 'always' } });
  await server.addAgent('wang', PASSWORD, '王小明');
});
afterAll(async () => server?.close());

interface Conversation {
  readonly token: string;
  readonly conversationId: string;
  readonly userId: string;
}
type Activity = { id: string; type: string; text?: string; from: { id: string; role?: string }; attachments?: { contentType: string; contentUrl?: string }[] };

/** A widget user's conversation, started (the bot has greeted). */
async function startConversation(): Promise<Conversation> {
  const issued = (await (await fetch(`${server.url}/api/webchat/token`, { method: 'POST' })).json()) as Conversation;
  const started = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${issued.token}` } });
  expect(started.status).toBe(201);
  return issued;
}

function upload(conversation: Conversation, file: { bytes: Buffer; name: string; type: string }, { token = conversation.token, activity }: { token?: string; activity?: Record<string, unknown> } = {}) {
  const form = new FormData();
  form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  if (activity) form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }), 'blob');
  return fetch(`${server.url}/v3/directline/conversations/${encodeURIComponent(conversation.conversationId)}/upload?userId=${conversation.userId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

async function activities(conversation: Conversation): Promise<Activity[]> {
  const response = await fetch(`${server.url}/v3/directline/conversations/${encodeURIComponent(conversation.conversationId)}/activities`, { headers: { authorization: `Bearer ${conversation.token}` } });
  return ((await response.json()) as { activities: Activity[] }).activities;
}

const storedImages = async () => Number((await server.runtime.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('POST /v3/directline/conversations/{id}/upload', () => {
  it('takes a PNG, posts it as the user with the image as an attachment, and answers honestly while no person has the conversation', async () => {
    const conversation = await startConversation();
    const response = await upload(conversation, { bytes: PNG, name: 'screen.png', type: 'image/png' });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };

    const log = await activities(conversation);
    const mine = log.find((a) => a.id === id)!;
    expect(mine).toMatchObject({ type: 'message', from: { id: conversation.userId, role: 'user' }, attachments: [{ contentType: 'image/png', contentUrl: expect.stringMatching(/^\/media\/[A-Za-z0-9_-]{24}$/) }] });
    expect(log.at(-1)).toMatchObject({ from: { role: 'bot' }, text: expect.stringContaining('看不懂图片') });

    // The user gets their own image back, as it was, with their token.
    const image = await fetch(`${server.url}${mine.attachments![0]!.contentUrl}`, { headers: { authorization: `Bearer ${conversation.token}` } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('cache-control')).toMatch(/^private/);
    expect(Buffer.compare(Buffer.from(await image.arrayBuffer()), PNG)).toBe(0);
  });

  it('types the image by its bytes, not by its name or declared type', async () => {
    const conversation = await startConversation();
    const response = await upload(conversation, { bytes: JPEG, name: 'screen.png', type: 'image/png' });
    expect(response.status).toBe(200);
    const mine = (await activities(conversation)).find((a) => a.attachments);
    expect(mine?.attachments?.[0]?.contentType).toBe('image/jpeg');
  });

  it('refuses a text file renamed to .png with 415, and keeps nothing', async () => {
    const conversation = await startConversation();
    const before = await storedImages();
    const response = await upload(conversation, { bytes: TEXT, name: 'photo.png', type: 'image/png' });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'UnsupportedMediaType' } });
    expect(await storedImages()).toBe(before);
    expect((await activities(conversation)).some((a) => a.attachments)).toBe(false);
  });

  it('refuses an image of 6 MB with 413, and keeps nothing', async () => {
    const conversation = await startConversation();
    const before = await storedImages();
    const response = await upload(conversation, { bytes: pngOfSize(6 * 1024 * 1024), name: 'big.png', type: 'image/png' });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'TooLarge' } });
    expect(await storedImages()).toBe(before);
  });

  it("refuses another conversation's token with 403, and no token with 401", async () => {
    const mine = await startConversation();
    const theirs = await startConversation();
    const response = await upload(theirs, { bytes: PNG, name: 'screen.png', type: 'image/png' }, { token: mine.token });
    expect(response.status).toBe(403);
    const anonymous = await fetch(`${server.url}/v3/directline/conversations/${theirs.conversationId}/upload`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
    expect((await activities(theirs)).some((a) => a.attachments)).toBe(false);
  });

  it('refuses a posted activity that points at a kept image: only the upload may name one', async () => {
    const conversation = await startConversation();
    const response = await fetch(`${server.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: '看这个', from: { id: conversation.userId }, attachments: [{ contentType: 'image/png', contentUrl: '/media/AAAAAAAAAAAAAAAAAAAAAAAA' }] }),
    });
    expect(response.status).toBe(400);
    expect((await activities(conversation)).some((a) => a.text === '看这个')).toBe(false);
  });

  it('refuses a body with no image, or with two', async () => {
    const conversation = await startConversation();
    const empty = new FormData();
    empty.append('note', 'hello');
    const none = await fetch(`${server.url}/v3/directline/conversations/${conversation.conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${conversation.token}` }, body: empty });
    expect(none.status).toBe(400);
    const two = new FormData();
    two.append('a', new Blob([PNG], { type: 'image/png' }), 'a.png');
    two.append('b', new Blob([PNG], { type: 'image/png' }), 'b.png');
    const both = await fetch(`${server.url}/v3/directline/conversations/${conversation.conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${conversation.token}` }, body: two });
    expect(both.status).toBe(400);
  });

  it('passes the image to the person who has the conversation, with "[图片]" for text-only views, and the bot stays silent', async () => {
    const conversation = await startConversation();
    const post = await fetch(`${server.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: '转人工', from: { id: conversation.userId }, locale: 'zh-CN' }),
    });
    expect(post.status).toBe(200);
    const ticket = await server.runtime.desk.activeFor({ channel: 'directline', conversationId: conversation.conversationId });
    expect(ticket).toBeDefined();
    const agent = await loginAgent(server, 'wang', PASSWORD);
    const stream = await agent.stream();
    try {
      const logBefore = (await activities(conversation)).length;
      const response = await upload(conversation, { bytes: PNG, name: 'screen.png', type: 'image/png' }, { activity: { type: 'message', locale: 'zh-CN', channelData: { clientActivityID: 'w-1' } } });
      expect(response.status).toBe(200);

      const frame = await stream.waitFor((f) => f.type === 'message' && f.ticketId === ticket!.id && f.message.from === 'user');
      expect(frame.message).toMatchObject({ text: '[图片]', image: { mediaId: expect.any(String), contentType: 'image/png' } });
      const { body } = await agent.call('GET', `/tickets/${ticket!.id}`);
      expect(body.transcript.at(-1)).toMatchObject({ from: 'user', text: '[图片]', image: { mediaId: frame.message.image.mediaId, contentType: 'image/png' } });
      // Only the user's own image came into the log: no bot answer.
      const log = await activities(conversation);
      expect(log.slice(logBefore).map((a) => a.from.role)).toEqual(['user']);
      // The transcript keeps the reference, never the bytes.
      const entry = (await server.runtime.database.db.selectFrom('transcript').select('payload').where('conversation_id', '=', conversation.conversationId).orderBy('id', 'desc').executeTakeFirstOrThrow()).payload!;
      expect(JSON.parse(entry)).toMatchObject({ media: [{ id: frame.message.image.mediaId, contentType: 'image/png' }] });
      expect(entry.length).toBeLessThan(400);
    } finally {
      await stream.close();
    }
  });
});

describe('GET /media/{id}', () => {
  /** An image kept in a fresh conversation: its id, and the conversation. */
  async function keptImage() {
    const conversation = await startConversation();
    const response = await upload(conversation, { bytes: PNG, name: 'screen.png', type: 'image/png' });
    const { id } = (await response.json()) as { id: string };
    const mine = (await activities(conversation)).find((a) => a.id === id)!;
    return { conversation, path: mine.attachments![0]!.contentUrl! };
  }

  it('is never public: 401 without credentials, with a JSON reason', async () => {
    const { path } = await keptImage();
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it("refuses the user of another conversation with 403, and a bad token with 401", async () => {
    const { path } = await keptImage();
    const stranger = await startConversation();
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${stranger.token}` } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
  });

  it('answers 404 for an unknown id, even to the right people', async () => {
    const { conversation } = await keptImage();
    const response = await fetch(`${server.url}/media/AAAAAAAAAAAAAAAAAAAAAAAA`, { headers: { authorization: `Bearer ${conversation.token}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('shows any image to a signed-in agent: a bearer session here, the console cookie under /api/agent', async () => {
    const { path } = await keptImage();
    const login = await fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wang', password: PASSWORD, kind: 'bearer' }) });
    const { token } = (await login.json()) as { token: string };
    const byBearer = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(byBearer.status).toBe(200);
    expect(byBearer.headers.get('content-type')).toBe('image/png');

    const cookieLogin = await fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wang', password: PASSWORD, kind: 'cookie' }) });
    const cookie = (cookieLogin.headers.get('set-cookie') ?? '').split(';')[0]!;
    const byCookie = await fetch(`${server.url}/api/agent${path}`, { headers: { cookie } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.compare(Buffer.from(await byCookie.arrayBuffer()), PNG)).toBe(0);
    expect((await fetch(`${server.url}/api/agent${path}`)).status).toBe(401);
  });
});
