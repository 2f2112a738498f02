import { missKinds, type AddResult, type MissGroup, type MissKind } from './MissGroup.js';
import type { WorkspaceMessages } from './messages.js';

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/** The inbox's order: the most asked first; among equals, the most recently seen, then the oldest group. */
export function sortMisses(groups: readonly MissGroup[]): MissGroup[] {
  return [...groups].sort((a, b) => b.count - a.count || time(b.lastAt) - time(a.lastAt) || a.id - b.id);
}

/** The group's kinds as badges ("没答上 3"): only the ones that happened, in a fixed order. */
export function missBadges(group: MissGroup, m: WorkspaceMessages): { kind: MissKind; text: string }[] {
  return missKinds.filter((kind) => (group.kinds[kind] ?? 0) > 0).map((kind) => ({ kind, text: `${m.missKinds[kind]} ${group.kinds[kind]}` }));
}

/** How a handled group was handled ("已加入「押金怎么退」 · 王编辑 · 2026-03-01 09:05"); undefined for an open one. */
export function resolutionText(group: MissGroup, m: WorkspaceMessages, formatTime: (iso: string) => string, titleOf: (id: string) => string | undefined = () => undefined): string | undefined {
  const r = group.resolution;
  if (!r) return undefined;
  const at = formatTime(r.at);
  if (r.kind === 'ignored') return m.resolvedIgnored(r.reason ?? '', r.by, at);
  const article = r.articleId ? (titleOf(r.articleId) ?? r.articleId) : '';
  const line = m.resolvedAdded(article, r.by, at);
  return r.answersNow === undefined ? line : `${line} · ${r.answersNow ? m.answersNow : m.notAnsweredYet}`;
}

/** The questions typed into the add form: one a line, trimmed, blank lines and repeats dropped. */
export function questionsFrom(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((q) => q.trim()).filter((q) => q !== ''))];
}

/** What adding did, line by line: where it went, whether the bot answers now, what to commit. */
export function addResultLines(result: AddResult, m: WorkspaceMessages): { added: string; answers: string; files: readonly string[]; commit?: string } {
  return {
    added: result.added?.length === 0 ? m.alreadyThere(result.file) : m.addedTo(result.file),
    answers: result.answersNow ? m.answersNow : m.notAnsweredYet,
    files: result.changedFiles ?? [],
    ...(result.commit ? { commit: m.committed(result.commit) } : {}),
  };
}
