import { once } from 'node:events';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveKnowledge, type KnowledgeState, type LiveKnowledge } from '../../src/content/index.js';

const silent = { info() {}, warn() {}, error() {} };
const flowYaml = (title: string, end = '好的') => ['id: hello', `title: ${title}`, 'triggers: [打个招呼]', 'steps:', '  - id: e', `    end: ${end}`, ''].join('\n');

let root: string;
let live: LiveKnowledge;

/** Waits for the reload whose state satisfies `done` (one save may cause several reloads). */
async function reloadedWhere(done: (s: KnowledgeState) => boolean): Promise<KnowledgeState> {
  for (;;) {
    const [state] = (await once(live.events, 'reloaded')) as [KnowledgeState];
    if (done(state)) return state;
  }
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kefu-live-flows-'));
  await cp(new URL('../../knowledge/pin', import.meta.url).pathname, path.join(root, 'knowledge/pin'), { recursive: true });
  await cp(new URL('../../knowledge/synonyms.yaml', import.meta.url).pathname, path.join(root, 'knowledge/synonyms.yaml'));
  await mkdir(path.join(root, 'flows'));
  live = await createLiveKnowledge({ dir: path.join(root, 'knowledge'), flowsDir: path.join(root, 'flows'), logger: silent, debounceMs: 50 });
  await live.watch();
});
afterEach(async () => {
  await live.close();
  await rm(root, { recursive: true, force: true });
});

describe('live flows', () => {
  it('starts with no flows in an empty folder, then picks up a new flow', async () => {
    expect(live.current().flows.flows).toEqual([]);
    const reloaded = reloadedWhere((s) => s.flows.byId.has('hello'));
    await writeFile(path.join(root, 'flows/hello.yaml'), flowYaml('打招呼'));
    expect((await reloaded).flows.byId.get('hello')?.title).toBe('打招呼');
  });

  it('keeps the last good version of a flow whose save breaks it, and reports the problem', async () => {
    const file = path.join(root, 'flows/hello.yaml');
    let reloaded = reloadedWhere((s) => s.flows.byId.has('hello'));
    await writeFile(file, flowYaml('打招呼'));
    await reloaded;

    reloaded = reloadedWhere((s) => s.flows.problems.length > 0);
    await writeFile(file, flowYaml('打招呼').replace('    end: 好的', '    goto: nowhere'));
    const state = await reloaded;
    expect(state.flows.byId.get('hello')?.steps[0]).toEqual({ id: 'e', end: '好的' });
    expect(live.status().flows.errors).toContainEqual(expect.objectContaining({ code: 'FLOW_UNKNOWN_TARGET', file: 'hello.yaml', step: 'e' }));
  });

  it('re-validates flows when an article they send disappears', async () => {
    let reloaded = reloadedWhere((s) => s.flows.byId.has('sends'));
    await writeFile(path.join(root, 'flows/sends.yaml'), ['id: sends', 'title: 发文章', 'steps:', '  - id: a', '    article: pin-wrong', '    next: e', '  - id: e', '    end: null', ''].join('\n'));
    await reloaded;

    reloaded = reloadedWhere((s) => !s.snapshot.byId.has('pin-wrong'));
    await rm(path.join(root, 'knowledge/pin/pin-wrong.yaml'));
    const state = await reloaded;
    expect(state.flows.problems).toContainEqual(expect.objectContaining({ code: 'FLOW_UNKNOWN_ARTICLE', file: 'sends.yaml' }));
  });
});
