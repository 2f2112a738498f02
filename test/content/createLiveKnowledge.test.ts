import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveKnowledge, type KnowledgeState, type LiveKnowledge, type LogSink } from '../../src/content/index.js';

/** One YAML document from its lines, so a test can point at line N by reading the list. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

const pinWrong = yaml(
  'id: pin-wrong',
  'title: 刷卡提示密码错误',
  'category: pin',
  'tags: [密码错误, 返回码55]',
  'questions:',
  '  - 刷卡老是说密码错误',
  '  - 顾客输完密码提示密码错',
  '  - 返回码55怎么办',
  'answer: 请持卡人放慢速度重新输入交易密码，不要代输。',
  'related: [contact-support]',
  'updated: 2026-11-24',
  'owner: kb-team',
);

const devicePaper = yaml(
  'id: device-paper',
  'title: 打印纸用完了怎么换',
  'category: device',
  'tags: [打印纸, 换纸]',
  'questions:',
  '  - 机器没纸了',
  '  - 小票打不出来',
  '  - 怎么装打印纸',
  'answer: 打开纸仓盖，放入新的热敏纸卷，纸头朝外，合上盖子即可。',
  'related: [contact-support]',
  'updated: 2026-11-24',
  'owner: kb-team',
);

const contactSupport = yaml(
  'id: contact-support',
  'title: 联系人工客服',
  'category: support',
  'tags: [客服电话, 人工客服]',
  'questions:',
  '  - 客服电话是多少',
  '  - 怎么找人工客服',
  '  - 我要投诉',
  'answer: 请拨打客服热线，或在对话中回复"转人工"。',
  'updated: 2026-11-24',
  'owner: kb-team',
);

const synonyms = yaml(
  'synonyms:',
  '  - canonical: 终端',
  '    variants: [pos机, 刷卡机, 机器]',
  '  - canonical: 打印纸',
  '    variants: [热敏纸, 小票纸]',
  'words: [返回码]',
  'filler: [请问]',
);

/** An article the fixture does not have: nothing in it answers questions about the network. */
const deviceNetwork = yaml(
  'id: device-network',
  'title: 终端连不上网络',
  'category: device',
  'tags: [网络, 信号]',
  'questions:',
  '  - 机器没有信号',
  '  - 刷卡机连不上网',
  '  - 显示网络异常',
  'answer: 请检查流量卡是否欠费，或重启机器后再试。',
  'updated: 2026-11-24',
  'owner: kb-team',
);

/** device-paper rewritten by an editor to be about something else entirely. */
const devicePaperAboutDeposits = yaml(
  'id: device-paper',
  'title: 退还机器押金',
  'category: device',
  'tags: [押金, 退押金]',
  'questions:',
  '  - 押金怎么退',
  '  - 退押金要多久',
  '  - 押金什么时候退回来',
  'answer: 达标后押金自动原路退回。',
  'related: [contact-support]',
  'updated: 2026-11-24',
  'owner: kb-team',
);

const fixture: Record<string, string> = {
  'pin/pin-wrong.yaml': pinWrong,
  'device/device-paper.yaml': devicePaper,
  'support/contact-support.yaml': contactSupport,
  'synonyms.yaml': synonyms,
};

interface LogCall {
  readonly level: 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string | undefined;
}

/** A logger that keeps what it was told, so tests can check what an operator would see. */
function recordingLogger(): LogSink & { readonly calls: LogCall[] } {
  const calls: LogCall[] = [];
  return {
    calls,
    info: (obj, msg) => void calls.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void calls.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void calls.push({ level: 'error', obj, msg }),
  };
}

/**
 * The next reload whose state satisfies `done`. File watchers may report one save as several
 * events and so cause more than one reload; waiting for the state a change must produce keeps
 * the tests independent of how the OS splits a write. Call it before making the change.
 */
async function reloadedWhere(live: LiveKnowledge, done: (state: KnowledgeState) => boolean): Promise<KnowledgeState> {
  for (;;) {
    const [state] = (await once(live.events, 'reloaded')) as [KnowledgeState];
    if (done(state)) return state;
  }
}

let dir: string;
let logger: ReturnType<typeof recordingLogger>;
let live: LiveKnowledge | undefined;

async function write(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

async function start(): Promise<LiveKnowledge> {
  live = await createLiveKnowledge({ dir, logger, debounceMs: 50 });
  return live;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-live-'));
  await write(fixture);
  logger = recordingLogger();
});

afterEach(async () => {
  await live?.close();
  live = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('createLiveKnowledge', () => {
  describe('the initial load', () => {
    it('serves the folder as loaded: search finds its articles', async () => {
      const live = await start();

      const { index, snapshot } = live.current();

      expect(snapshot.articles.map((a) => a.id)).toEqual(['contact-support', 'device-paper', 'pin-wrong']);
      expect(index.documentCount).toBe(3);
      expect(index.search('刷卡老是说密码错误').best).toBe('pin-wrong');
      // Through the dictionary: 刷卡机 is a variant of 终端, as is 机器 in the article.
      expect(index.search('刷卡机没纸了').best).toBe('device-paper');
      expect(index.search('客服电话').best).toBe('contact-support');
    });

    it('reports the article and synonym counts and no problems in status()', async () => {
      const live = await start();

      const status = live.status();

      expect(status).toMatchObject({ articles: 3, synonyms: 2, errors: [], warnings: [] });
      expect(status.loadedAt).toBe(live.current().snapshot.loadedAt.toISOString());
      expect(Number.isNaN(Date.parse(status.lastAttemptAt))).toBe(false);
    });

    it('logs what it loaded', async () => {
      await start();

      expect(logger.calls).toEqual([{ level: 'info', obj: expect.objectContaining({ articles: 3, errors: 0 }), msg: 'knowledge loaded' }]);
    });

    it('starts with the valid articles and reports and logs the broken ones', async () => {
      await write({ 'pin/pin-wrong.yaml': pinWrong.replace('owner: kb-team\n', '') });

      const live = await start();

      expect(live.status().articles).toBe(2);
      expect(live.status().errors.map((p) => [p.code, p.file, p.line, p.field])).toEqual([['KB_SCHEMA', 'pin/pin-wrong.yaml', 1, 'owner']]);
      expect(logger.calls.filter((c) => c.level === 'error').map((c) => c.obj)).toEqual([
        { problem: expect.objectContaining({ code: 'KB_SCHEMA', file: 'pin/pin-wrong.yaml', field: 'owner' }) },
      ]);
    });

    it('rejects with KB_DIR_MISSING when the folder does not exist', async () => {
      await expect(createLiveKnowledge({ dir: path.join(dir, 'missing'), logger, debounceMs: 50 })).rejects.toMatchObject({
        code: 'KB_DIR_MISSING',
      });
    });
  });

  describe('hot reload while watching', () => {
    it('makes a new article file searchable', async () => {
      const live = await start();
      await live.watch();
      expect(live.current().index.search('机器没有信号连不上网').best).toBeNull();

      const reloaded = reloadedWhere(live, (s) => s.snapshot.byId.has('device-network'));
      await write({ 'device/device-network.yaml': deviceNetwork });
      const state = await reloaded;

      expect(live.current()).toBe(state);
      expect(state.index.search('机器没有信号连不上网').best).toBe('device-network');
      expect(live.status()).toMatchObject({ articles: 4, errors: [], warnings: [] });
    });

    it('picks up a new article in a new sub-folder', async () => {
      const live = await start();
      await live.watch();

      const reloaded = reloadedWhere(live, (s) => s.snapshot.byId.has('device-network'));
      await write({ 'network/device-network.yaml': deviceNetwork });
      const state = await reloaded;

      expect(state.index.search('显示网络异常').best).toBe('device-network');
    });

    it('changes results when an existing article is edited', async () => {
      const live = await start();
      await live.watch();
      expect(live.current().index.search('怎么退押金').best).toBeNull();
      expect(live.current().index.search('机器没纸了').best).toBe('device-paper');

      const reloaded = reloadedWhere(live, (s) => s.snapshot.byId.get('device-paper')?.title === '退还机器押金');
      await write({ 'device/device-paper.yaml': devicePaperAboutDeposits });
      const state = await reloaded;

      expect(state.index.search('怎么退押金').best).toBe('device-paper');
      expect(state.index.search('机器没纸了').best).not.toBe('device-paper');
      expect(state.index.documentCount).toBe(3);
    });

    it('picks up a save done by renaming a temporary file over the article, as many editors do', async () => {
      const live = await start();
      await live.watch();

      const reloaded = reloadedWhere(live, (s) => s.snapshot.byId.get('device-paper')?.title === '退还机器押金');
      const target = path.join(dir, 'device/device-paper.yaml');
      await writeFile(`${target}.tmp`, devicePaperAboutDeposits);
      await rename(`${target}.tmp`, target);
      const state = await reloaded;

      expect(state.index.search('押金怎么退').best).toBe('device-paper');
    });

    it('removes an article whose file is deleted', async () => {
      const live = await start();
      await live.watch();

      const reloaded = reloadedWhere(live, (s) => !s.snapshot.byId.has('device-paper'));
      await rm(path.join(dir, 'device/device-paper.yaml'));
      const state = await reloaded;

      expect(state.snapshot.articles.map((a) => a.id)).toEqual(['contact-support', 'pin-wrong']);
      expect(state.index.search('机器没纸了').hits.map((h) => h.id)).not.toContain('device-paper');
      expect(live.status()).toMatchObject({ articles: 2, errors: [], warnings: [] });
    });

    it('applies an edited dictionary to search', async () => {
      const live = await start();
      await live.watch();
      expect(live.current().index.search('顾客密码总是不对').best).toBe('pin-wrong');
      const before = live.current().index.search('顾客密码总是不对').hits[0]?.coverage ?? 0;

      const reloaded = reloadedWhere(live, (s) => s.snapshot.dictionary.synonyms.length === 3);
      await write({ 'synonyms.yaml': synonyms.replace('synonyms:\n', 'synonyms:\n  - canonical: 错误\n    variants: [不对]\n') });
      const state = await reloaded;

      expect(live.status().synonyms).toBe(3);
      // 不对 now means 错误, which the article's title and questions contain.
      expect(state.index.search('顾客密码总是不对').hits[0]?.coverage ?? 0).toBeGreaterThan(before);
    });
  });

  describe('a broken save', () => {
    const pinWrongWithTypo = pinWrong.replace('questions:', 'questons:');

    it('keeps the last good version serving and reports the file, line and field', async () => {
      const live = await start();
      await live.watch();

      const reloaded = reloadedWhere(live, (s) => s.snapshot.problems.length > 0);
      await write({ 'pin/pin-wrong.yaml': pinWrongWithTypo });
      const state = await reloaded;

      expect(state.index.search('刷卡老是说密码错误').best).toBe('pin-wrong');
      expect(state.snapshot.byId.get('pin-wrong')?.questions).toHaveLength(3);
      const status = live.status();
      expect(status.articles).toBe(3);
      expect(status.errors.map((p) => ({ code: p.code, file: p.file, line: p.line, field: p.field }))).toEqual(
        expect.arrayContaining([{ code: 'KB_SCHEMA', file: 'pin/pin-wrong.yaml', line: 5, field: 'questons' }]),
      );
      expect(status.warnings.map((p) => [p.code, p.file])).toEqual([['KB_SERVING_LAST_GOOD', 'pin/pin-wrong.yaml']]);
    });

    it('keeps the last good version serving when the YAML itself is invalid, and logs the error', async () => {
      const live = await start();
      await live.watch();

      const reloaded = reloadedWhere(live, (s) => s.snapshot.problems.length > 0);
      await write({ 'pin/pin-wrong.yaml': pinWrong.replace('tags: [密码错误, 返回码55]', 'tags: [密码错误, 返回码55') });
      const state = await reloaded;

      expect(state.index.search('刷卡老是说密码错误').best).toBe('pin-wrong');
      // The line of a syntax error is specified (and currently wrong) in loadKnowledge.test.ts.
      expect(live.status().errors.map((p) => [p.code, p.file])).toEqual([['KB_YAML_SYNTAX', 'pin/pin-wrong.yaml']]);
      expect(logger.calls.filter((c) => c.level === 'error').map((c) => c.obj)).toEqual([
        { problem: expect.objectContaining({ code: 'KB_YAML_SYNTAX', file: 'pin/pin-wrong.yaml' }) },
      ]);
      expect(logger.calls.filter((c) => c.level === 'warn').map((c) => c.obj)).toEqual([
        { problem: expect.objectContaining({ code: 'KB_SERVING_LAST_GOOD', file: 'pin/pin-wrong.yaml' }) },
      ]);
    });

    it('clears the errors once the file is fixed', async () => {
      const live = await start();
      await live.watch();
      const broken = reloadedWhere(live, (s) => s.snapshot.problems.length > 0);
      await write({ 'pin/pin-wrong.yaml': pinWrongWithTypo });
      await broken;

      const fixed = reloadedWhere(live, (s) => s.snapshot.problems.length === 0);
      await write({ 'pin/pin-wrong.yaml': pinWrong.replace('title: 刷卡提示密码错误', 'title: 刷卡提示密码不对') });
      const state = await fixed;

      expect(live.status()).toMatchObject({ articles: 3, errors: [], warnings: [] });
      expect(state.snapshot.byId.get('pin-wrong')?.title).toBe('刷卡提示密码不对');
    });

    it('does not serve a broken new file at all', async () => {
      const live = await start();

      await write({ 'device/device-network.yaml': deviceNetwork.replace('answer: ', 'answr: ') });
      const state = await live.reload();

      expect(state.snapshot.byId.has('device-network')).toBe(false);
      expect(state.index.search('机器没有信号连不上网').best).toBeNull();
      expect(live.status().errors.map((p) => [p.code, p.file, p.field])).toEqual(
        expect.arrayContaining([['KB_SCHEMA', 'device/device-network.yaml', 'answr']]),
      );
      expect(live.status().warnings).toEqual([]);
    });
  });

  describe('reload()', () => {
    it('swaps the state whole: a state taken before a reload keeps answering from the old articles', async () => {
      const live = await start();
      const before = live.current();
      await write({ 'device/device-network.yaml': deviceNetwork, 'device/device-paper.yaml': devicePaperAboutDeposits });

      const reloading = live.reload();
      expect(live.current()).toBe(before);
      const after = await reloading;

      expect(live.current()).toBe(after);
      expect(after).not.toBe(before);
      expect(after.index.search('机器没有信号连不上网').best).toBe('device-network');
      expect(after.index.search('押金怎么退').best).toBe('device-paper');
      expect(before.index.search('机器没有信号连不上网').best).toBeNull();
      expect(before.index.search('机器没纸了').best).toBe('device-paper');
      expect(before.index.documentCount).toBe(3);
      expect(before.snapshot.articles.map((a) => a.id)).toEqual(['contact-support', 'device-paper', 'pin-wrong']);
      expect(before.snapshot.byId.get('device-paper')?.title).toBe('打印纸用完了怎么换');
    });

    it('emits reloaded with the new state', async () => {
      const live = await start();
      const event = once(live.events, 'reloaded');

      const state = await live.reload();

      expect(await event).toEqual([state]);
    });

    it('coalesces concurrent calls: they never overlap and all resolve to a state with the last written file', async () => {
      const live = await start();
      const reloads: KnowledgeState[] = [];
      live.events.on('reloaded', (s: KnowledgeState) => reloads.push(s));

      const first = live.reload();
      // Written while the first reload is already under way: only a later pass can be sure to see it.
      writeFileSync(path.join(dir, 'device/device-network.yaml'), deviceNetwork);
      const second = live.reload();
      const third = live.reload();
      const states = await Promise.all([first, second, third]);

      // The calls made while a reload ran share one follow-up pass instead of starting their own.
      expect(reloads).toHaveLength(2);
      expect(states[0]).toBe(reloads[1]);
      expect(states[1]).toBe(reloads[1]);
      expect(states[2]).toBe(reloads[1]);
      expect(live.current()).toBe(reloads[1]);
      expect(live.current().snapshot.byId.has('device-network')).toBe(true);
      expect(live.current().index.search('显示网络异常').best).toBe('device-network');
      expect(live.status()).toMatchObject({ articles: 4, errors: [] });
    });

    it('starts a fresh reload when called after the previous one finished', async () => {
      const live = await start();
      const first = await live.reload();
      await write({ 'device/device-network.yaml': deviceNetwork });

      const second = await live.reload();

      expect(second).not.toBe(first);
      expect(second.snapshot.byId.has('device-network')).toBe(true);
      expect(first.snapshot.byId.has('device-network')).toBe(false);
    });

    it('keeps serving and emits reload-failed when the folder disappears', async () => {
      const live = await start();
      const before = live.current();
      await rm(dir, { recursive: true, force: true });
      const failed = once(live.events, 'reload-failed');

      const state = await live.reload();

      const [error] = (await failed) as [unknown];
      expect(error).toMatchObject({ code: 'KB_DIR_MISSING' });
      expect(state).toBe(before);
      expect(live.current().index.search('刷卡老是说密码错误').best).toBe('pin-wrong');
      expect(logger.calls.at(-1)).toMatchObject({ level: 'error', msg: 'knowledge reload failed; still serving the previous version' });
    });
  });
});
