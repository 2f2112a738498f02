import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countTurnStatements } from '../../bench/support/countTurnStatements.js';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';
import { createTranscriptStore } from '../../src/storage/index.js';
import { TEST_PASSWORD_COST } from '../support/passwordCost.js';

const root = new URL('../..', import.meta.url).pathname;

describe('the SQL of a turn', () => {
  it('is at most 6 statements for a question and its answer, and as few for the other kinds', async () => {
    const counted = Object.fromEntries((await countTurnStatements(root)).map((r) => [r.kind, r.statements]));
    // Before: 10, 10, 7 and 7 (each message stored twice, two state reads, a profile write every turn).
    expect(counted.question!.length, counted.question!.join('\n')).toBeLessThanOrEqual(6);
    expect(counted.flowStep!.length, counted.flowStep!.join('\n')).toBeLessThanOrEqual(6);
    expect(counted.queued!.length, counted.queued!.join('\n')).toBeLessThanOrEqual(4);
    expect(counted.withPerson!.length, counted.withPerson!.join('\n')).toBeLessThanOrEqual(4);
  });
});

describe("a Direct Line conversation's existence", () => {
  it('is read from the database once, not on every message posted to it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-exists-'));
    const reads: string[] = [];
    const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent', SERVICE_HOURS: 'always' }, root), createLogger({ level: 'silent' }), {
      watch: false,
      passwordCost: TEST_PASSWORD_COST,
      onQuery: (sql) => {
        if (/from "directline_conversations"/.test(sql)) reads.push(sql);
      },
    });
    try {
      const { hub } = runtime.directLine;
      expect(await hub.exists('nobody')).toBeUndefined();
      expect(await hub.exists('nobody')).toBeUndefined();
      expect(reads).toHaveLength(2); // an unknown id is asked again: it may be created later
      await hub.start('known', 'dl_known');
      for (let i = 0; i < 3; i++) expect(await hub.exists('known')).toEqual({ userId: 'dl_known' });
      expect(reads).toHaveLength(2);
    } finally {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("a Direct Line conversation's log", () => {
  it('keeps each message once: the transcript row is what the stream replays', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-one-log-'));
    const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent', SERVICE_HOURS: 'always' }, root), createLogger({ level: 'silent' }), { watch: false, passwordCost: TEST_PASSWORD_COST });
    try {
      const { hub } = runtime.directLine;
      await hub.start('one-log', 'dl_one');
      await hub.receive('one-log', 'dl_one', { type: 'message', text: '余额不足怎么办', locale: 'zh-CN' });
      const rows = await runtime.database.db.selectFrom('transcript').select(['id', 'from_role', 'text']).where('conversation_id', '=', 'one-log').orderBy('id').execute();
      const replay = await hub.since('one-log', 0);
      // The greeting, the question, the answer: one row each, and the same three on the stream.
      expect(rows.map((r) => r.from_role)).toEqual(['bot', 'user', 'bot']);
      expect(replay.activities.map((a) => a.text)).toEqual(rows.map((r) => r.text));
      expect(replay.watermark).toBe(String(rows.at(-1)!.id));
      expect(await createTranscriptStore(runtime.database.db).list({ channel: 'directline', conversationId: 'one-log' })).toHaveLength(3);
    } finally {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
