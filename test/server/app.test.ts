import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.js';
import { contentVersion, createLiveKnowledge, type LiveKnowledge } from '../../src/content/index.js';
import { createApp, createNodeServer, listen, type Listening } from '../../src/server/index.js';

const knowledgeDir = new URL('../../knowledge', import.meta.url).pathname;
let knowledge: LiveKnowledge;
let listening: Listening;
let base: string;

beforeAll(async () => {
  const logger = createLogger({ level: 'silent' });
  knowledge = await createLiveKnowledge({ dir: knowledgeDir, logger });
  listening = await listen(createNodeServer(createApp({ knowledge, logger }), logger), 0, '127.0.0.1');
  base = `http://127.0.0.1:${listening.port}`;
});
afterAll(async () => {
  await listening.close();
  await knowledge.close();
});

const getJson = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/** Sends bytes exactly as given (no URL encoding), as curl does with a Chinese URL. */
const rawRequest = (requestLine: Buffer) =>
  new Promise<string>((resolve, reject) => {
    const socket = net.connect(listening.port, '127.0.0.1', () => {
      socket.end(Buffer.concat([requestLine, Buffer.from('\r\nHost: localhost\r\nConnection: close\r\n\r\n')]));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });

describe('GET /healthz', () => {
  it('answers ok with the article count and the version of the knowledge it serves', async () => {
    const { status, body } = await getJson('/healthz');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.articles).toBeGreaterThanOrEqual(30);
    expect(body.knowledge).toMatch(/^[0-9a-f]{12}$/);
    expect(body.knowledge).toBe(knowledge.status().version);
  });
});

describe('contentVersion', () => {
  it('is the same for the same content and changes with any article', () => {
    const state = knowledge.current();
    expect(contentVersion(state)).toBe(knowledge.status().version);
    const [first, ...rest] = state.snapshot.articles;
    const edited = { ...state, snapshot: { ...state.snapshot, articles: [{ ...first!, answer: `${first!.answer}。` }, ...rest] } };
    expect(contentVersion(edited)).not.toBe(contentVersion(state));
  });
});

describe('GET /api/kb/search', () => {
  it('answers the documented shape with the best article', async () => {
    const { status, body } = await getJson(`/api/kb/search?q=${encodeURIComponent('刷卡密码错误')}&limit=3`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ query: '刷卡密码错误', best: 'pin-wrong', ambiguous: false });
    expect(body.hits).toHaveLength(3);
    expect(body.hits[0]).toMatchObject({ id: 'pin-wrong', title: expect.any(String), score: expect.any(Number) });
  });

  it('answers a request line with raw UTF-8 (curl with a Chinese URL) with a 400 that says how to encode it', async () => {
    const response = await rawRequest(Buffer.from('GET /api/kb/search?q=刷卡密码错误 HTTP/1.1', 'utf8'));
    expect(response).toMatch(/^HTTP\/1\.1 400/);
    expect(response).toContain('"code":"BAD_REQUEST_LINE"');
    expect(response).toContain('--data-urlencode');
  });

  it('answers null when it has no answer', async () => {
    const { body } = await getJson(`/api/kb/search?q=${encodeURIComponent('今天天气怎么样')}`);
    expect(body.best).toBeNull();
  });

  it.each([
    ['no q', '/api/kb/search', /q is required/],
    ['an empty q', '/api/kb/search?q=', /q must not be empty/],
    ['q given twice', '/api/kb/search?q=a&q=b', /q is required and must be given once/],
    ['a limit that is not a number', '/api/kb/search?q=押金&limit=many', /limit must be a number/],
    ['a limit of zero', '/api/kb/search?q=押金&limit=0', /limit must be at least 1/],
    ['a limit too large', '/api/kb/search?q=押金&limit=500', /limit must be at most 50/],
  ])('answers 400 with a reason for %s', async (_what, path, reason) => {
    const [p, query = ''] = path.split('?');
    const encoded = query ? `?${query.split('&').map((kv) => kv.split('=').map(encodeURIComponent).join('=')).join('&')}` : '';
    const { status, body } = await getJson(`${p}${encoded}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('BAD_QUERY');
    expect(body.error.message).toMatch(reason);
  });

  it('cuts a very long query rather than failing', async () => {
    const { status, body } = await getJson(`/api/kb/search?q=${encodeURIComponent('押金'.repeat(500))}`);
    expect(status).toBe(200);
    expect(Array.from(body.query as string)).toHaveLength(200);
  });

  it('refuses a URL beyond the header limit with 431 and keeps serving', async () => {
    const res = await fetch(`${base}/api/kb/search?q=${encodeURIComponent('押金'.repeat(3000))}`);
    expect(res.status).toBe(431);
    expect((await getJson('/healthz')).status).toBe(200);
  });
});

describe('GET /api/kb/articles/:id', () => {
  it('returns one article', async () => {
    const { status, body } = await getJson('/api/kb/articles/deposit-esign');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'deposit-esign', category: 'deposit' });
    expect(body.answer).toContain('100');
  });

  it('answers 404 naming the missing id', async () => {
    const { status, body } = await getJson('/api/kb/articles/no-such-article');
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'ARTICLE_NOT_FOUND', message: 'no article with id "no-such-article"' });
  });
});

describe('GET /api/kb/status', () => {
  it('reports the article count, load time and no errors', async () => {
    const { body } = await getJson('/api/kb/status');
    expect(body).toMatchObject({ articles: expect.any(Number), errors: [], warnings: [] });
    expect(Date.parse(body.loadedAt as string)).not.toBeNaN();
  });
});

describe('errors', () => {
  it('answers unknown paths with a JSON 404', async () => {
    const { status, body } = await getJson('/nope');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('answers a malformed JSON body with a 400, not a 500', async () => {
    const res = await fetch(`${base}/api/kb/search?q=x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(res.status).toBe(400);
  });
});
