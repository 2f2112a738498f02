import { clean, type TurnExplanation, type Messages } from '../conversation/index.js';
import type { KnowledgeState } from '../content/index.js';
import type { MissResolution, MissStatus, MissStore, StoredMiss } from '../storage/index.js';
import type { Editor, FileChange, KnowledgeEditor } from './createKnowledgeEditor.js';
import { groupMisses, type MissGroup } from './groupMisses.js';
import { WorkspaceError } from './WorkspaceError.js';

/** A group as the inbox shows it: what to do about it, and what was done. */
export interface InboxGroup extends Omit<MissGroup, 'memberIds'> {
  readonly status: MissStatus;
  /** Articles the search ranks for the group's text, best first, with their file's version. */
  readonly suggestions: readonly { readonly id: string; readonly title: string; readonly version?: string }[];
  readonly resolution?: MissResolution & { readonly by: string; readonly at: string };
}

export interface MissInboxOptions {
  readonly misses: MissStore;
  readonly knowledge: { current(): KnowledgeState };
  readonly editor: KnowledgeEditor;
  /** The bot's own decision on a text (conversation/explainTurn.ts), to tell whether it answers now. */
  readonly explain: (text: string, m: Messages) => TurnExplanation;
  readonly messages: Messages;
  readonly now?: () => Date;
  /**
   * Most misses read to build the inbox. Default 2000 (the newest): grouping is quadratic in the
   * distinct wordings and runs on the event loop (5000 distinct wordings: 454 ms; 2000: 215 ms).
   */
  readonly window?: number;
  /** Most groups shown, the largest first; only those get suggestions. Default 100. */
  readonly maxGroups?: number;
}

/**
 * The editors' inbox of misses: similar messages grouped (forty ways of asking one thing are one
 * row), each group added to an article or ignored with a reason, and every action attributed.
 */
export function createMissInbox({ misses, knowledge, editor, explain, messages, now = () => new Date(), window = 2000, maxGroups = 100 }: MissInboxOptions) {
  const words = (text: string) => knowledge.current().index.explain(text).units.filter((u) => !u.ignored).map((u) => u.text);

  async function groups(status: MissStatus) {
    const rows = await misses.list({ status, limit: window });
    return { rows: new Map(rows.map((r) => [r.id, r])), groups: groupMisses(rows, clean, words) };
  }

  async function find(id: number) {
    const group = (await groups('open')).groups.find((g) => g.memberIds.includes(id));
    if (!group) throw new WorkspaceError('WORKSPACE_NOT_FOUND', `没有待处理的这组问题：${id} / no open group ${id}`, { group: id });
    return group;
  }

  async function show(group: MissGroup, status: MissStatus, rows?: ReadonlyMap<number, StoredMiss>, versions = new Map<string, Promise<string | undefined>>()): Promise<InboxGroup> {
    const { memberIds, ...rest } = group;
    const settled = status === 'open' ? undefined : (rows ?? (await groups(status)).rows).get(group.id);
    const hits = knowledge.current().index.search(group.text, { limit: 3 }).hits;
    // Each article's file is read once per listing, however many groups suggest it.
    const versionOf = (id: string) => {
      let found = versions.get(id);
      if (!found) versions.set(id, (found = editor.version(id).then((v) => v.version, () => undefined)));
      return found;
    };
    const suggestions = await Promise.all(hits.map(async (h) => {
      const version = await versionOf(h.id);
      return { id: h.id, title: h.title, ...(version ? { version } : {}) };
    }));
    return {
      ...rest,
      status,
      suggestions,
      ...(settled?.resolution ? { resolution: { ...settled.resolution, by: settled.resolvedBy ?? '', at: settled.resolvedAt ?? '' } } : {}),
    };
  }

  return {
    async list(status: MissStatus): Promise<InboxGroup[]> {
      const { rows, groups: found } = await groups(status);
      const versions = new Map<string, Promise<string | undefined>>();
      return Promise.all(found.slice(0, maxGroups).map((g) => show(g, status, rows, versions)));
    },

    /** Appends the questions (default: the group's wordings) to the article, then settles the group. */
    async add(id: number, input: { readonly articleId: string; readonly questions?: readonly string[]; readonly version?: string; readonly by: Editor }): Promise<{ group: InboxGroup; change: FileChange; answersNow: boolean }> {
      const group = await find(id);
      const questions = input.questions && input.questions.length > 0 ? input.questions : [group.text, ...group.examples];
      const change = await editor.addQuestions({ articleId: input.articleId, questions, ...(input.version ? { version: input.version } : {}), editor: input.by });
      const decision = explain(group.text, messages);
      const answersNow = decision.article?.id === input.articleId || decision.flow !== undefined && knowledge.current().snapshot.byId.get(input.articleId)?.flow === decision.flow.id;
      const resolution: MissResolution = { kind: 'added', articleId: input.articleId, answersNow };
      await misses.resolve(group.memberIds, { status: 'resolved', resolution, by: input.by.displayName, at: now().toISOString() });
      return { group: await show(group, 'resolved'), change, answersNow };
    },

    /** A new article from the editor's text; the group, when given, is settled as added to it. */
    async create(input: { readonly text: string; readonly group?: number; readonly by: Editor }): Promise<{ group?: InboxGroup; change: FileChange & { articleId: string }; answersNow?: boolean }> {
      const group = input.group === undefined ? undefined : await find(input.group);
      const change = await editor.createArticle({ text: input.text, editor: input.by });
      if (!group) return { change };
      const decision = explain(group.text, messages);
      const answersNow = decision.article?.id === change.articleId;
      await misses.resolve(group.memberIds, { status: 'resolved', resolution: { kind: 'added', articleId: change.articleId, answersNow }, by: input.by.displayName, at: now().toISOString() });
      return { group: await show(group, 'resolved'), change, answersNow };
    },

    /** The group's wordings, for a new article's questions. */
    async wordings(id: number): Promise<string[]> {
      const group = await find(id);
      return [group.text, ...group.examples];
    },

    async ignore(id: number, input: { readonly reason: string; readonly by: Editor }): Promise<InboxGroup> {
      const group = await find(id);
      await misses.resolve(group.memberIds, { status: 'ignored', resolution: { kind: 'ignored', reason: input.reason }, by: input.by.displayName, at: now().toISOString() });
      return show(group, 'ignored');
    },
  };
}

export type MissInbox = ReturnType<typeof createMissInbox>;
