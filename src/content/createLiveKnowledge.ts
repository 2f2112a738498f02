import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'chokidar';
import { loadFlows, type FlowProblem, type FlowSnapshot } from '../flows/index.js';
import { loadKnowledge, type KnowledgeProblem, type KnowledgeSnapshot } from '../knowledge/index.js';
import { createKnowledgeSearch, type KnowledgeSearchOptions } from '../search/index.js';
import type { SearchIndex } from '../search/index.js';

/** The minimal logger kefu's domain code needs; pino satisfies it. */
export interface LogSink {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** One consistent pair: a snapshot and the index built from it. Never mutated after creation. */
export interface KnowledgeState {
  readonly snapshot: KnowledgeSnapshot;
  readonly index: SearchIndex;
  /** Guided flows, validated against these articles (empty when no flows folder is given). */
  readonly flows: FlowSnapshot;
}

export interface KnowledgeStatus {
  /**
   * A hash of the content serving now (articles, dictionary, flows, menu, canned replies): two
   * instances with the same version answer alike, so a rollout shows which serves what.
   */
  readonly version: string;
  readonly articles: number;
  readonly synonyms: number;
  readonly loadedAt: string;
  readonly lastAttemptAt: string;
  /** Problems of the last attempt: with errors present, some files are served from their last good version. */
  readonly errors: readonly KnowledgeProblem[];
  readonly warnings: readonly KnowledgeProblem[];
  readonly flows: { readonly count: number; readonly errors: readonly FlowProblem[]; readonly warnings: readonly FlowProblem[] };
}

export interface LiveKnowledgeOptions extends KnowledgeSearchOptions {
  readonly dir: string;
  /** Folder of guided flows, loaded and watched with the articles they send. */
  readonly flowsDir?: string;
  readonly logger: LogSink;
  /** Quiet period after the last file event before reloading, in ms. Default 100. */
  readonly debounceMs?: number;
}

export interface LiveKnowledge {
  /** The state serving now. Take it once per request: a reload swaps it whole, never in part. */
  current(): KnowledgeState;
  status(): KnowledgeStatus;
  /** Reloads now; concurrent calls are coalesced so reloads never overlap. */
  reload(): Promise<KnowledgeState>;
  /** Starts watching the folder; resolves once the watcher is ready. */
  watch(): Promise<void>;
  close(): Promise<void>;
  /** 'reloaded' (state), 'reload-failed' (error). */
  readonly events: EventEmitter;
}

/**
 * Loads the knowledge folder, builds its index, and keeps both current while editors save
 * files. A save that breaks a file keeps that file's last good version serving; the problem is
 * logged and reported by `status()`.
 */
export async function createLiveKnowledge({ dir, flowsDir, logger, debounceMs = 100, ...searchOptions }: LiveKnowledgeOptions): Promise<LiveKnowledge> {
  const noFlows: FlowSnapshot = { flows: [], byId: new Map(), problems: [], loadedAt: new Date(), goodFiles: new Map() };
  const build = async (previous?: KnowledgeState): Promise<KnowledgeState> => {
    const snapshot = await loadKnowledge(dir, { previous: previous?.snapshot });
    const flows = flowsDir ? await loadFlows(flowsDir, { articleIds: new Set(snapshot.byId.keys()), previous: previous?.flows }) : noFlows;
    return { snapshot, index: createKnowledgeSearch(snapshot, searchOptions), flows };
  };
  const report = (state: KnowledgeState, ms: number) => {
    const problems = [...state.snapshot.problems, ...state.flows.problems];
    for (const p of problems) (p.severity === 'error' ? logger.error : logger.warn).call(logger, { problem: p }, `knowledge: ${p.file}:${p.line} ${p.field ?? ''} ${p.message}`);
    logger.info(
      { articles: state.snapshot.articles.length, flows: state.flows.flows.length, errors: problems.filter((p) => p.severity === 'error').length, ms: Math.round(ms) },
      'knowledge loaded',
    );
  };

  let start = performance.now();
  let state = await build();
  let version = contentVersion(state);
  report(state, performance.now() - start);
  let lastAttemptAt = state.snapshot.loadedAt;
  const events = new EventEmitter();

  let running: Promise<KnowledgeState> | undefined;
  let again = false;
  const reload = (): Promise<KnowledgeState> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          start = performance.now();
          lastAttemptAt = new Date();
          try {
            state = await build(state);
            version = contentVersion(state);
            report(state, performance.now() - start);
            events.emit('reloaded', state);
          } catch (error) {
            // The folder vanished or could not be read: keep serving what we have.
            logger.error({ err: error }, 'knowledge reload failed; still serving the previous version');
            events.emit('reload-failed', error);
          }
        } while (again);
        return state;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (path: string) => {
    if (!/\.ya?ml$/i.test(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  };

  return {
    current: () => state,
    status: () => ({
      version,
      articles: state.snapshot.articles.length,
      synonyms: state.snapshot.dictionary.synonyms.length,
      loadedAt: state.snapshot.loadedAt.toISOString(),
      lastAttemptAt: lastAttemptAt.toISOString(),
      errors: state.snapshot.problems.filter((p) => p.severity === 'error'),
      warnings: state.snapshot.problems.filter((p) => p.severity === 'warning'),
      flows: {
        count: state.flows.flows.length,
        errors: state.flows.problems.filter((p) => p.severity === 'error'),
        warnings: state.flows.problems.filter((p) => p.severity === 'warning'),
      },
    }),
    reload,
    async watch() {
      if (watcher) return;
      watcher = watch(flowsDir ? [dir, flowsDir] : [dir], { ignoreInitial: true, persistent: true });
      watcher.on('all', (_event, path) => schedule(path));
      await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()));
      logger.info({ dir }, 'watching knowledge folder for changes');
    },
    async close() {
      clearTimeout(timer);
      await watcher?.close();
      watcher = undefined;
      await running;
    },
    events,
  };
}

/** The first 12 hex digits of a SHA-256 over what is served, in a fixed order (articles are sorted by id). */
export function contentVersion({ snapshot, flows }: Pick<KnowledgeState, 'snapshot' | 'flows'>): string {
  const served = {
    articles: snapshot.articles,
    dictionary: snapshot.dictionary,
    wechatMenu: snapshot.wechatMenu ?? null,
    cannedReplies: snapshot.cannedReplies,
    flows: flows.flows,
  };
  return createHash('sha256').update(JSON.stringify(served)).digest('hex').slice(0, 12);
}
