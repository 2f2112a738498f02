import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAgent, type AgentClient } from '../support/agentClient.js';
import { connectUser } from '../support/directLineUser.js';
import { startServer, type TestServer } from '../support/startServer.js';

/*
 * The misses inbox (issue 12 §2), the whole loop with real parts: merchants on Direct Line whom the
 * bot cannot answer, an editor on the API who adds their words to an article, the YAML file in a
 * git repository of its own (a copy of knowledge/), and the bot answering the next merchant.
 */

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'correct horse battery';
const FILE = 'money/settlement-missing.yaml';
let server: TestServer;
let folder: string;
let editor: AgentClient;

const git = async (...args: string[]) => (await run('git', ['-C', folder, ...args])).stdout.trim();

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'kefu-kb-'));
  await cp(path.join(root, 'knowledge'), folder, { recursive: true });
  // A comment where editors leave them: it must survive the workspace's write.
  const text = await readFile(path.join(folder, FILE), 'utf8');
  await writeFile(path.join(folder, FILE), text.replace('questions:\n', 'questions:  # 按常见程度排列\n  # 客户最常这样问：\n'));
  await git('init', '--quiet');
  await git('-c', 'user.name=kb', '-c', 'user.email=kb@example.com', 'add', '.');
  await git('-c', 'user.name=kb', '-c', 'user.email=kb@example.com', 'commit', '--quiet', '-m', 'knowledge');
  server = await startServer({ env: { KNOWLEDGE_DIR: folder, FLOWS_DIR: path.join(root, 'flows'), KNOWLEDGE_GIT: 'commit' } });
  await server.addAgent('ed', PASSWORD, '编辑小周', 'editor');
  editor = await loginAgent(server, 'ed', PASSWORD, 'cookie');
});
afterAll(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

/** A new merchant says each text in turn; resolves with the bot's first reply to each. */
async function merchantSays(...texts: string[]): Promise<string[]> {
  const merchant = await connectUser(server);
  try {
    await merchant.waitFor('智能客服');
    const replies: string[] = [];
    for (const text of texts) {
      await merchant.say(text);
      replies.push((await merchant.waitFor((a) => a.type === 'message' && a.from.id !== merchant.userId)).text ?? '');
    }
    return replies;
  } finally {
    await merchant.close();
  }
}

type Group = { id: number; text: string; count: number; kinds: Record<string, number>; examples: string[]; status: string; suggestions: { id: string; version?: string }[]; resolution?: Record<string, unknown> };
const groups = async (status = 'open'): Promise<Group[]> => (await editor.call('GET', `/workspace/misses?status=${status}`)).body.groups;

describe('the misses inbox', () => {
  it('groups what the bot could not answer, an editor adds it to an article with comments intact and committed in their name, and the bot then answers it', async () => {
    expect(await merchantSays('今天的款咋还没打过来')).toEqual([expect.stringContaining('还没学会')]);
    await merchantSays('今天的款怎么还没打过来呀');
    await merchantSays('款还没打过来吗', '蓝牙打印机怎么连');

    const open = await groups();
    const money = open.find((g) => g.text.includes('打过来'))!;
    expect(money).toMatchObject({ count: 3, kinds: { noAnswer: 3, unpicked: 0, thumbsDown: 0, askedPerson: 0 }, status: 'open' });
    expect(money.examples).toHaveLength(2);
    expect(open.find((g) => g.text === '蓝牙打印机怎么连')).toMatchObject({ count: 1, kinds: { unpicked: 1 } });

    const { body: loaded } = await editor.call('GET', '/workspace/articles/settlement-missing');
    expect(loaded).toMatchObject({ file: FILE, version: expect.any(String) });
    const added = await editor.call('POST', `/workspace/misses/${money.id}/add`, { articleId: 'settlement-missing', version: loaded.version });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ file: FILE, answersNow: true, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(added.body.added).toHaveLength(3);

    const text = await readFile(path.join(folder, FILE), 'utf8');
    expect(text).toContain('questions:  # 按常见程度排列\n  # 客户最常这样问：\n  - 昨天刷的钱今天还没到\n');
    expect(text).toContain('  - money has not arrived\n  - 今天的款咋还没打过来\n');
    expect(text).toContain('answer: |\n  刷卡的钱过了应到时间还没到');
    expect(await git('log', '-1', '--format=%an|%s')).toBe('编辑小周|知识库：settlement-missing 增加 3 个问法 (kefu workspace)');
    expect(await git('status', '--porcelain')).toBe('');

    expect((await merchantSays('今天的款咋还没打过来'))[0]).toContain('刷卡的钱过了应到时间还没到');
    expect((await groups()).some((g) => g.id === money.id)).toBe(false);
    expect((await groups('resolved')).find((g) => g.id === money.id)).toMatchObject({
      status: 'resolved',
      resolution: { kind: 'added', articleId: 'settlement-missing', answersNow: true, by: '编辑小周' },
    });
  });

  it('refuses a write when the file changed on disk since the page loaded it, naming the file, and overwrites nothing', async () => {
    await merchantSays('收款音箱没声音了');
    const group = (await groups()).find((g) => g.text === '收款音箱没声音了')!;
    const { body: loaded } = await editor.call('GET', '/workspace/articles/settlement-missing');
    const changed = (await readFile(path.join(folder, FILE), 'utf8')).replace('owner: kb-team', 'owner: another-editor');
    await writeFile(path.join(folder, FILE), changed);

    const refused = await editor.call('POST', `/workspace/misses/${group.id}/add`, { articleId: 'settlement-missing', version: loaded.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', params: { file: FILE } });
    expect(refused.body.error.message).toContain(FILE);
    expect(await readFile(path.join(folder, FILE), 'utf8')).toBe(changed);
    expect((await groups()).find((g) => g.id === group.id)).toBeDefined();
  });

  it('lets one of two editors who loaded the same file save, and tells the other, naming the file', async () => {
    await server.addAgent('li', PASSWORD, '编辑小李', 'editor');
    const other = await loginAgent(server, 'li', PASSWORD);
    await merchantSays('机器外壳摔裂了');
    await merchantSays('屏幕上有道划痕');
    const open = await groups();
    const [first, second] = [open.find((g) => g.text === '机器外壳摔裂了')!, open.find((g) => g.text === '屏幕上有道划痕')!];
    const { version } = (await editor.call('GET', '/workspace/articles/device-fault')).body;
    expect((await other.call('GET', '/workspace/articles/device-fault')).body.version).toBe(version);

    const [a, b] = await Promise.all([
      editor.call('POST', `/workspace/misses/${first.id}/add`, { articleId: 'device-fault', version }),
      other.call('POST', `/workspace/misses/${second.id}/add`, { articleId: 'device-fault', version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error).toMatchObject({ code: 'CONFLICT', params: { file: 'device/device-fault.yaml' } });
    const text = await readFile(path.join(folder, 'device/device-fault.yaml'), 'utf8');
    expect([text.includes('机器外壳摔裂了'), text.includes('屏幕上有道划痕')].filter(Boolean)).toHaveLength(1);
  });

  it('refuses a file that fails validation with the field named, leaves it as it was, and the last good version keeps serving', async () => {
    await merchantSays('店铺装修补贴怎么领');
    const group = (await groups()).find((g) => g.text === '店铺装修补贴怎么领')!;
    const broken = (await readFile(path.join(folder, FILE), 'utf8')).replace(/^title: .*$/m, 'title: ""');
    await writeFile(path.join(folder, FILE), broken);

    const refused = await editor.call('POST', `/workspace/misses/${group.id}/add`, { articleId: 'settlement-missing', questions: ['店铺装修补贴怎么领'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_ARTICLE', params: { file: FILE, field: 'title', line: 2 } });
    expect(await readFile(path.join(folder, FILE), 'utf8')).toBe(broken);
    expect((await merchantSays('今天的款咋还没打过来'))[0]).toContain('刷卡的钱过了应到时间还没到');
  });

  it('records candidates nobody picked, 👎 and a person asked for right after an answer, and forgets an offer that was picked', async () => {
    await merchantSays('押金', '押金怎么退？退还条件');
    await merchantSays('押金', '天气真好');
    await merchantSays('刷卡密码错误', '👎 没帮助');
    await merchantSays('pos机一天最多能刷多少', '转人工');
    const all = await groups();
    const deposit = all.find((g) => g.text === '押金');
    expect(deposit).toMatchObject({ count: 1, kinds: { unpicked: 1 } });
    expect(all.find((g) => g.text === '刷卡密码错误')).toMatchObject({ kinds: { thumbsDown: 1 } });
    expect(all.find((g) => g.text === 'pos机一天最多能刷多少')).toMatchObject({ kinds: { askedPerson: 1 } });
  });

  it('ignores a group with a reason, attributed, and refuses an empty reason or an unknown group', async () => {
    await merchantSays('你们老板是谁');
    const group = (await groups()).find((g) => g.text === '你们老板是谁')!;
    expect((await editor.call('POST', `/workspace/misses/${group.id}/ignore`, { reason: ' ' })).status).toBe(400);
    const ignored = await editor.call('POST', `/workspace/misses/${group.id}/ignore`, { reason: '与业务无关' });
    expect(ignored.body.group).toMatchObject({ status: 'ignored', resolution: { kind: 'ignored', reason: '与业务无关', by: '编辑小周' } });
    expect((await groups('ignored')).map((g) => g.id)).toContain(group.id);
    expect((await editor.call('POST', `/workspace/misses/${group.id}/ignore`, { reason: '再来一次' })).status).toBe(404);
    expect((await editor.call('POST', '/workspace/misses/abc/ignore', { reason: 'x' })).status).toBe(400);
    expect((await editor.call('GET', '/workspace/misses?status=all')).status).toBe(400);
  });

  it('starts a new article from a group: the template holds its questions, problems show in Chinese as typed, and the saved article answers it', async () => {
    await merchantSays('发票怎么开啊');
    await merchantSays('发票怎么开');
    const group = (await groups()).find((g) => g.text.startsWith('发票怎么开'))!;
    expect(group.count).toBe(2);
    const { body: template } = await editor.call('GET', `/workspace/articles/template?group=${group.id}`);
    // Two ways of typing one wording (a trailing 啊) are one wording.
    expect(template.text).toContain(`questions:\n  - ${group.text}\nanswer: |`);
    expect(template.text).toContain('owner: ed');

    const checked = (await editor.call('POST', '/workspace/articles/check', { text: template.text })).body;
    expect(checked.problems).toContainEqual(expect.objectContaining({ field: 'questions', messageZh: '至少要写 3 种用户的问法' }));
    const typo = (await editor.call('POST', '/workspace/articles/check', { text: template.text.replace('tags:', 'tgas:') })).body;
    expect(typo.problems).toContainEqual(expect.objectContaining({ field: 'tgas', messageZh: '不认识的字段"tgas"，是不是拼错了？' }));
    const taken = (await editor.call('POST', '/workspace/articles/check', { text: template.text.replace('id: new-article', 'id: pin-wrong') })).body;
    expect(taken.problems).toContainEqual(expect.objectContaining({ field: 'id', code: 'KB_DUPLICATE_ID' }));

    const text = template.text
      .replace('id: new-article', 'id: invoice')
      .replace('title: 请写标题', 'title: 怎么开发票')
      .replace('tags: [请写标签]', 'tags: [发票, 开票]')
      .replace(`  - ${group.text}\n`, `  - ${group.text}\n  - 能开发票吗\n  - 开票怎么弄\n`);
    const refused = await editor.call('POST', '/workspace/articles', { text: text.replace('title: 怎么开发票', 'title: ""'), group: group.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_ARTICLE', params: { file: 'money/invoice.yaml', field: 'title' } });
    const withCard = await editor.call('POST', '/workspace/articles', { text: text.replace('请在这里写答案', '例如卡号 6222021234567890123'), group: group.id });
    expect(withCard.status).toBe(400);
    expect(withCard.body.error.message).toContain('含有银行卡号');
    await expect(readFile(path.join(folder, 'money/invoice.yaml'), 'utf8')).rejects.toThrow();
    const made = await editor.call('POST', '/workspace/articles', { text, group: group.id });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ articleId: 'invoice', file: 'money/invoice.yaml', answersNow: true, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(await readFile(path.join(folder, 'money/invoice.yaml'), 'utf8')).toBe(text);
    expect((await merchantSays('发票怎么开啊'))[0]).toContain('请在这里写答案');
    const again = await editor.call('POST', '/workspace/articles', { text });
    expect(again.status).toBe(400);
    expect(again.body.error.params).toMatchObject({ field: 'id' });
  });
});
