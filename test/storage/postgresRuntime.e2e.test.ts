import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime, type Runtime } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';
import type { ActivitySet } from '../../src/channels/directline/createDirectLineHub.js';
import type { HandoffDeskEvents } from '../../src/handoff/index.js';
import { VISA } from '../privacy/testNumbers.js';
import { createArrivals } from '../support/arrivals.js';
import { TEST_PASSWORD_COST } from '../support/passwordCost.js';
import { createTestSchema, describePostgres, dropTestSchema, testPostgresUrl, withSearchPath } from './tempDatabases.js';

const root = new URL('../..', import.meta.url).pathname;

describePostgres('kefu on PostgreSQL (DATABASE_URL)', () => {
  let schema = '';
  let dataDir = '';
  const runtimes: Runtime[] = [];

  beforeEach(async () => {
    schema = await createTestSchema();
    dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-pg-runtime-'));
  });

  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
    await dropTestSchema(schema);
  });

  /** An instance of kefu on this test's schema; several may run at once, sharing DATA_DIR too. */
  async function instance(): Promise<Runtime> {
    const config = loadConfig(
      { DATA_DIR: dataDir, DATABASE_URL: withSearchPath(testPostgresUrl, schema), KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent', SERVICE_HOURS: 'always', DIRECTLINE_SECRET: 'a-shared-test-secret-1234' },
      root,
    );
    const runtime = await createRuntime(config, createLogger({ level: 'silent' }), { watch: false, passwordCost: TEST_PASSWORD_COST });
    runtimes.push(runtime);
    return runtime;
  }

  it('answers a Direct Line question, keeps the conversation in PostgreSQL, and replays it from the log on another instance', async () => {
    const a = await instance();
    expect(a.database.dialect).toBe('postgres');
    await a.directLine.hub.start('pg-conv', 'dl_pg');
    const before = await a.directLine.hub.since('pg-conv', 0);

    await a.directLine.hub.receive('pg-conv', 'dl_pg', { type: 'message', text: '余额不足怎么办', locale: 'zh-CN' });

    // The log is in this test's schema, not in a file: a second instance (SQLite would refuse it
    // DATA_DIR) reads the same conversation.
    const b = await instance();
    const replay = await b.directLine.hub.since('pg-conv', 0);
    const texts = replay.activities.map((activity) => activity.text);
    expect(texts).toHaveLength(before.activities.length + 2);
    expect(texts.at(-2)).toBe('余额不足怎么办');
    const answer = replay.activities.at(-1)!;
    expect(answer.from).toMatchObject({ role: 'bot' });
    expect(answer.text).toEqual(expect.stringContaining('余额'));
    expect(answer.text).not.toBe(a.messages['zh-CN'].turnFailed);

    const rows = await b.database.db.selectFrom('transcript').select(['id', 'from_role', 'text']).where('conversation_id', '=', 'pg-conv').orderBy('id').execute();
    expect(rows.map((row) => row.text)).toEqual(texts);
    expect(rows.slice(-2).map((row) => row.from_role)).toEqual(['user', 'bot']);
    // Resuming from the question's watermark gives the answer alone.
    const afterQuestion = await b.directLine.hub.since('pg-conv', rows.at(-2)!.id);
    expect(afterQuestion.activities.map((activity) => activity.text)).toEqual([answer.text]);
    expect(await readdir(dataDir)).not.toContain('kefu.sqlite');
  });

  it("tells a stream on B of a conversation that grew on A, and B's agents of A's tickets, through LISTEN/NOTIFY", async () => {
    const [a, b] = [await instance(), await instance()];
    await a.directLine.hub.start('pg-two', 'dl_two');
    const frames = createArrivals<ActivitySet>();
    const unsubscribe = b.directLine.hub.subscribe('pg-two', frames.add);
    const tickets = createArrivals<HandoffDeskEvents['ticket'][0]>();
    b.desk.on('ticket', tickets.add);

    const question = await a.directLine.hub.receive('pg-two', 'dl_two', { type: 'message', text: '转人工', locale: 'zh-CN' });
    // B hears watermarks only, and reads the log itself.
    const nudge = await frames.waitFor((frame) => Number(frame.watermark) > Number(question.split('|')[1]));
    expect(nudge).toMatchObject({ nudge: true, activities: [] });
    const ticket = await tickets.waitFor((t) => t.conversationId === 'pg-two');
    expect(ticket).toMatchObject({ state: 'waiting', channel: 'directline' });
    const page = await b.directLine.hub.since('pg-two', 0);
    expect(page.activities.map((activity) => activity.text)).toContain('转人工');
    unsubscribe();
  });

  it('hides a card split over two messages that reached different instances', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.directLine.hub.start('pg-card', 'dl_card');
    await a.directLine.hub.receive('pg-card', 'dl_card', { type: 'message', text: VISA.slice(0, 8), locale: 'zh-CN' });
    await b.directLine.hub.receive('pg-card', 'dl_card', { type: 'message', text: VISA.slice(8), locale: 'zh-CN' });
    const kept = JSON.stringify(await b.database.db.selectFrom('transcript').selectAll().where('conversation_id', '=', 'pg-card').execute());
    // The second half is judged with what the first left behind (on A): as one process would.
    expect(kept).not.toContain(VISA.slice(8));
  });
});
