import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowSchema, loadFlows, validateFlow } from '../../src/flows/index.js';

const articles = new Set(['pin-wrong']);
const flow = (steps: unknown[], extra: Record<string, unknown> = {}) => flowSchema.parse({ id: 'test-flow', title: '测试', steps, ...extra });
const codes = (steps: unknown[]) => validateFlow(flow(steps), articles).map((i) => `${i.code} ${i.step ?? ''}`.trim());

describe('validateFlow', () => {
  it('accepts a flow whose every path ends and whose variables are set before use', () => {
    expect(
      codes([
        { id: 'q', ask: { kind: 'yesno', prompt: '解决了吗？', var: 'solved' } },
        { id: 'b', branch: [{ when: 'solved', goto: 'done' }, { goto: 'human' }] },
        { id: 'human', handoff: { reason: '未解决' } },
        { id: 'done', end: '好的' },
      ]),
    ).toEqual([]);
  });

  it('reports a target that does not exist', () => {
    expect(codes([{ id: 'a', goto: 'nowhere' }])).toContain('FLOW_UNKNOWN_TARGET a');
  });

  it('reports an article that does not exist', () => {
    expect(codes([{ id: 'a', article: 'no-such-article', next: 'e' }, { id: 'e', end: null }])).toContain('FLOW_UNKNOWN_ARTICLE a');
  });

  it('reports a step no path reaches', () => {
    expect(codes([{ id: 'a', end: null }, { id: 'orphan', end: null }])).toEqual(['FLOW_UNREACHABLE_STEP orphan']);
  });

  it('reports a last step that falls off the end', () => {
    expect(codes([{ id: 'a', say: '你好' }])).toContain('FLOW_FALLS_OFF_END a');
  });

  it('reports a loop that never asks anything', () => {
    const found = codes([{ id: 'a', say: '一', next: 'b' }, { id: 'b', goto: 'a' }]);
    expect(found).toContain('FLOW_LOOP_WITHOUT_QUESTION a');
    expect(found).toContain('FLOW_NO_END a');
  });

  it('accepts a loop that asks the user again', () => {
    expect(
      codes([
        { id: 'q', ask: { kind: 'yesno', prompt: '好了吗？', var: 'ok' } },
        { id: 'b', branch: [{ when: 'ok', goto: 'e' }, { goto: 'q' }] },
        { id: 'e', end: null },
      ]),
    ).toEqual([]);
  });

  it('reports a variable that is set on one path only', () => {
    const found = codes([
      { id: 'q', ask: { kind: 'yesno', prompt: '信用卡吗？', var: 'credit' } },
      { id: 'b', branch: [{ when: 'credit', goto: 'ask-amount' }, { goto: 'check' }] },
      { id: 'ask-amount', ask: { kind: 'number', prompt: '多少？', var: 'amount' }, next: 'check' },
      { id: 'check', branch: [{ when: 'amount > 100', goto: 'e' }, { goto: 'e' }] },
      { id: 'e', end: '金额 {{amount}}' },
    ]);
    expect(found).toEqual(['FLOW_VARIABLE_NOT_SET check', 'FLOW_VARIABLE_NOT_SET e']);
  });

  it('reports an expression that is not allowed', () => {
    expect(codes([{ id: 'b', branch: [{ when: 'process.exit()', goto: 'e' }, { goto: 'e' }] }, { id: 'e', end: null }])).toContain('FLOW_EXPRESSION b');
  });
});

describe('loadFlows', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kefu-flows-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('names the file, the line, the step and the field of a problem', async () => {
    await writeFile(
      path.join(dir, 'broken.yaml'),
      ['id: broken', 'title: 坏流程', 'steps:', '  - id: start', '    say: 你好', '    next: missing', '  - id: end', '    end: null', ''].join('\n'),
    );
    const snapshot = await loadFlows(dir, { articleIds: articles });
    expect(snapshot.flows).toEqual([]);
    expect(snapshot.problems).toEqual([
      expect.objectContaining({ code: 'FLOW_UNKNOWN_TARGET', file: 'broken.yaml', line: 6, step: 'start', field: 'steps.0.next' }),
      expect.objectContaining({ code: 'FLOW_UNREACHABLE_STEP', file: 'broken.yaml', line: 7, step: 'end' }),
      expect.objectContaining({ code: 'FLOW_NO_END', file: 'broken.yaml', line: 4, step: 'start' }),
    ]);
  });

  it('keeps serving the last good version of a flow that breaks', async () => {
    const file = path.join(dir, 'ok.yaml');
    await writeFile(file, ['id: ok', 'title: 好流程', 'steps:', '  - id: e', '    end: 好', ''].join('\n'));
    const first = await loadFlows(dir, { articleIds: articles });
    await writeFile(file, ['id: ok', 'title: 好流程', 'steps:', '  - id: e', '    ennd: 好', ''].join('\n'));
    const second = await loadFlows(dir, { articleIds: articles, previous: first });
    expect(second.byId.get('ok')?.steps).toHaveLength(1);
    expect(second.problems.map((p) => p.code)).toEqual(['KB_SCHEMA', 'KB_SERVING_LAST_GOOD']);
  });

  it('loads the shipped flows without a problem', async () => {
    const { loadKnowledge } = await import('../../src/knowledge/index.js');
    const kb = await loadKnowledge(new URL('../../knowledge', import.meta.url).pathname);
    const snapshot = await loadFlows(new URL('../../flows', import.meta.url).pathname, { articleIds: new Set(kb.byId.keys()) });
    expect(snapshot.problems).toEqual([]);
    expect([...snapshot.byId.keys()].sort()).toEqual(['activation', 'deposit-refund', 'pin-troubleshoot']);
  });
});
