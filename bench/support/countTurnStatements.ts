import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createRuntime } from '../../src/app/createRuntime.js';
import { createLogger } from '../../src/log/index.js';

/** The kinds of turn whose SQL is counted, in the order a conversation meets them. */
export const TURN_KINDS = ['question', 'flowStep', 'queued', 'withPerson'] as const;
export type TurnKind = (typeof TURN_KINDS)[number];

export interface TurnStatements {
  readonly kind: TurnKind;
  /** The user's text that made this turn. */
  readonly text: string;
  /** Every statement the turn ran, in order (the message's arrival on Direct Line through the last reply). */
  readonly statements: readonly string[];
  /** Statements by their first word (select, insert, update, delete, begin, commit...). */
  readonly byVerb: Readonly<Record<string, number>>;
}

/**
 * Runs one Direct Line conversation in-process against the repository's knowledge and flows and
 * counts the SQL each kind of turn runs: a plain question answered from the knowledge base, a
 * step of a walkthrough, a message while the user waits in the queue, and one while a person has
 * the conversation. The figures do not depend on the machine: they are the work, not its speed.
 */
export async function countTurnStatements(root: string = process.cwd()): Promise<TurnStatements[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-count-sql-'));
  let log: string[] | undefined;
  const runtime = await createRuntime(
    loadConfig({ DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent', SERVICE_HOURS: 'always' }, root),
    createLogger({ level: 'silent' }),
    { watch: false, passwordCost: 2 ** 10, onQuery: (sql) => log?.push(sql) },
  );
  try {
    const { hub } = runtime.directLine;
    const conversationId = 'count-sql';
    const userId = 'dl_count';
    await hub.start(conversationId, userId);
    // The first message of a conversation does once-only work (first seen, conversation counts): not counted.
    await hub.receive(conversationId, userId, { type: 'message', text: '你好', locale: 'zh-CN' });
    const turn = async (kind: TurnKind, text: string): Promise<TurnStatements> => {
      log = [];
      await hub.receive(conversationId, userId, { type: 'message', text, locale: 'zh-CN' });
      const statements = log;
      log = undefined;
      const byVerb: Record<string, number> = {};
      for (const s of statements) {
        const verb = s.trimStart().split(/\s+/)[0]!.toLowerCase();
        byVerb[verb] = (byVerb[verb] ?? 0) + 1;
      }
      return { kind, text, statements, byVerb };
    };
    const results: TurnStatements[] = [];
    results.push(await turn('question', '余额不足怎么办'));
    await hub.receive(conversationId, userId, { type: 'message', text: '刷卡一直提示密码错误' });
    results.push(await turn('flowStep', '密码错误'));
    await hub.receive(conversationId, userId, { type: 'message', text: '退出' });
    await hub.receive(conversationId, userId, { type: 'message', text: '转人工' });
    results.push(await turn('queued', '还要等多久'));
    await runtime.agents.add({ username: 'count', password: 'count-password-1', displayName: '计数' });
    const agent = (await runtime.agents.list()).find((a) => a.username === 'count')!;
    const [ticket] = await runtime.desk.ids({ states: ['waiting'] });
    await runtime.desk.accept(ticket!, { id: agent.id, displayName: agent.displayName });
    results.push(await turn('withPerson', '好的谢谢'));
    return results;
  } finally {
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
