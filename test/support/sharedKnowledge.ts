import path from 'node:path';
import { createLogger } from '../../src/log/index.js';
import { createLiveKnowledge, type LiveKnowledge } from '../../src/content/index.js';

const root = new URL('../..', import.meta.url).pathname;
let loaded: Promise<LiveKnowledge> | undefined;

/**
 * The repository's knowledge and flows, indexed once per test file (about 300 ms) and shared by
 * every runtime the file starts: a runtime given it neither watches nor closes it. Only for tests
 * that read the shipped content; a test that edits knowledge gives its runtime its own folder
 * (KNOWLEDGE_DIR), for which this returns undefined and the runtime loads its own.
 */
export function sharedKnowledge(env: Record<string, string> = {}): Promise<LiveKnowledge> | undefined {
  if (env.KNOWLEDGE_DIR !== undefined || env.FLOWS_DIR !== undefined) return undefined;
  loaded ??= createLiveKnowledge({ dir: path.join(root, 'knowledge'), flowsDir: path.join(root, 'flows'), logger: createLogger({ level: 'silent' }) });
  return loaded;
}
