import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { articleSchema, knowledgeProblemCodes, parseYamlFile, problemInChinese, type KnowledgeProblem } from '../knowledge/index.js';
import { redact } from '../privacy/index.js';
import type { LiveKnowledge } from '../content/index.js';
import type { KnowledgeEditStore } from '../storage/index.js';
import { appendQuestions } from './appendQuestions.js';
import { WorkspaceError } from './WorkspaceError.js';

const run = promisify(execFile);

/** Who is changing a file: the signed-in account. */
export interface Editor {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
}

export interface KnowledgeEditorOptions {
  readonly dir: string;
  readonly knowledge: Pick<LiveKnowledge, 'current' | 'reload'>;
  readonly edits: KnowledgeEditStore;
  /** 'commit': each change is committed to the folder's git repository, the editor as author; never pushed. */
  readonly git: 'commit' | 'off';
  readonly now?: () => Date;
}

export interface FileChange {
  /** Relative to the knowledge folder. */
  readonly file: string;
  /** The file's version after the change. */
  readonly version: string;
  readonly added: readonly string[];
  /** The commit made ('commit' mode). */
  readonly commit?: string;
  /** Files with changes not yet committed, for the editor to commit (otherwise). */
  readonly changedFiles?: readonly string[];
}

/** A problem with an article being written, in both languages. */
export interface ArticleProblem {
  readonly line: number;
  readonly field?: string;
  readonly code: string;
  readonly message: string;
  /** The same, in Chinese. */
  readonly messageZh: string;
}

const SENSITIVE: ArticleProblem = {
  line: 1,
  code: 'KB_SENSITIVE',
  message: 'holds a card number, CVV or ID number: an article must never contain one',
  messageZh: '含有银行卡号、CVV 或身份证号：文章里绝不能写这些',
};

const toArticleProblem = (p: KnowledgeProblem): ArticleProblem => ({ line: p.line, ...(p.field ? { field: p.field } : {}), code: p.code, message: p.message, messageZh: problemInChinese(p) });

/** A file's version: its content's hash, so "changed on disk since the page loaded" is a comparison. */
export const versionOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Writes editors' changes into the knowledge files: validated before anything is written, refused
 * when the file changed since the editor loaded it, written whole (a temporary file renamed over
 * it), served at once (the live knowledge reloads), attributed, and committed when asked.
 */
export function createKnowledgeEditor({ dir, knowledge, edits, git, now = () => new Date() }: KnowledgeEditorOptions) {
  // One write at a time: a read-check-write must not interleave with another.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const fileOf = (articleId: string): string => {
    for (const [file, good] of knowledge.current().snapshot.goodFiles) if (good.article.id === articleId) return file;
    throw new WorkspaceError('WORKSPACE_NOT_FOUND', `没有这篇文章：${articleId} / no article "${articleId}"`, { articleId });
  };

  const gitIn = (...args: string[]) => run('git', ['-C', dir, ...args], { timeout: 30_000 });

  async function afterWrite(file: string, editor: Editor, message: string): Promise<Pick<FileChange, 'commit' | 'changedFiles'>> {
    if (git === 'commit') {
      try {
        await gitIn('add', '--', file);
        const author = `${editor.displayName} <${editor.username}@kefu.invalid>`;
        await gitIn('-c', `user.name=${editor.displayName}`, '-c', `user.email=${editor.username}@kefu.invalid`, 'commit', '--quiet', `--author=${author}`, '-m', message, '--', file);
        return { commit: (await gitIn('rev-parse', 'HEAD')).stdout.trim() };
      } catch (error) {
        throw new WorkspaceError('WORKSPACE_GIT_FAILED', `已保存，但提交到 git 失败：${(error as Error).message} / saved, but the git commit failed`, { file });
      }
    }
    // Not committing: the editor commits. In a git checkout, every changed file under the folder; else this one.
    const status = await gitIn('status', '--porcelain', '--', '.').catch(() => undefined);
    const changed = status?.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    return { changedFiles: changed && changed.length > 0 ? changed : [file] };
  }

  /**
   * A new article's text checked as `kb check` would check it in the folder: the schema, then its
   * id against the articles served (taken, or taken by its file name) and its related ids.
   */
  function check(text: string): { file: string; problems: ArticleProblem[]; id?: string } {
    const guess = /^id:\s*([a-z0-9-]+)\s*$/m.exec(text)?.[1];
    const category = /^category:\s*([a-z0-9-]+)\s*$/m.exec(text)?.[1];
    const file = guess && category ? `${category}/${guess}.yaml` : 'new-article.yaml';
    const parsed = parseYamlFile(file, text, articleSchema);
    const problems = [...parsed.problems];
    // The cross-file checks run even while the schema still fails: an editor typing an id that is
    // taken should hear it at once. They read what parsed, if anything.
    const raw = (() => {
      try {
        return parse(text) as { id?: unknown; related?: unknown } | null;
      } catch {
        return null;
      }
    })();
    const served = knowledge.current().snapshot.byId;
    if (typeof raw?.id === 'string' && served.has(raw.id)) {
      problems.push({ code: knowledgeProblemCodes.duplicateId, severity: 'error', file, line: parsed.lineOf(['id']), field: 'id', message: `duplicate id "${raw.id}", already used by ${fileOf(raw.id)}` });
    }
    if (Array.isArray(raw?.related)) {
      raw.related.forEach((ref: unknown, i: number) => {
        if (typeof ref === 'string' && !served.has(ref)) problems.push({ code: knowledgeProblemCodes.unknownRelated, severity: 'error', file, line: parsed.lineOf(['related', i]), field: `related.${i}`, message: `related article "${ref}" does not exist` });
      });
    }
    const article = parsed.value;
    const found = problems.filter((p) => p.severity === 'error').map(toArticleProblem);
    // Articles are read by everyone: a card number, CVV or ID number typed into one is refused, not served.
    if (redact(text).found.some((kind) => kind !== 'pin')) found.unshift(SENSITIVE);
    return { file, problems: found, ...(article ? { id: article.id } : {}) };
  }

  return {
    fileOf,
    check,

    /**
     * Creates an article file (`<category>/<id>.yaml`) from its text, after the same checks.
     * @throws WorkspaceError INVALID_ARTICLE (the first problem's line and field), CONFLICT when the file exists, GIT_FAILED
     */
    createArticle(input: { readonly text: string; readonly editor: Editor }): Promise<FileChange & { readonly articleId: string }> {
      return serially(async () => {
        const { file, problems, id } = check(input.text);
        const [first] = problems;
        if (first || !id) {
          throw new WorkspaceError('WORKSPACE_INVALID_ARTICLE', `${file}:${first?.line ?? 1} ${first?.field ?? ''} ${first?.messageZh ?? ''} / ${first?.message ?? ''}`.trim(), {
            file,
            line: first?.line ?? 1,
            field: first?.field ?? '',
            message: first?.message ?? '',
          });
        }
        const full = path.join(dir, file);
        if (await stat(full).then(() => true, () => false)) {
          throw new WorkspaceError('WORKSPACE_CONFLICT', `${file} 已存在，没有覆盖 / ${file} already exists; nothing was overwritten`, { file });
        }
        await mkdir(path.dirname(full), { recursive: true });
        const temporary = `${full}.kefu-${process.pid}.tmp`;
        await writeFile(temporary, input.text.endsWith('\n') ? input.text : `${input.text}\n`, { encoding: 'utf8', flag: 'wx' });
        await rename(temporary, full);
        await knowledge.reload();
        const kept = await afterWrite(file, input.editor, `知识库：新文章 ${id} (kefu workspace)`);
        await edits.record({ file, articleId: id, action: 'createArticle', agentId: input.editor.id, agentName: input.editor.displayName, ...(kept.commit ? { commit: kept.commit } : {}), createdAt: now().toISOString() });
        return { file, articleId: id, version: versionOf(input.text), added: [], ...kept };
      });
    },
    /** The version of an article's file as it is on disk now. */
    async version(articleId: string): Promise<{ file: string; version: string }> {
      const file = fileOf(articleId);
      return { file, version: versionOf(await readFile(path.join(dir, file), 'utf8')) };
    },

    /**
     * Appends questions to an article.
     * @param version the file's version when the editor loaded it: a different one on disk is a conflict.
     * @throws WorkspaceError NOT_FOUND, CONFLICT (naming the file), INVALID_ARTICLE (file, line, field), GIT_FAILED
     */
    addQuestions(input: { readonly articleId: string; readonly questions: readonly string[]; readonly version?: string; readonly editor: Editor }): Promise<FileChange> {
      return serially(async () => {
        const file = fileOf(input.articleId);
        const full = path.join(dir, file);
        const text = await readFile(full, 'utf8');
        if (input.version !== undefined && input.version !== versionOf(text)) {
          throw new WorkspaceError('WORKSPACE_CONFLICT', `${file} 在您打开后已被修改，请刷新后再试，没有覆盖任何内容 / ${file} changed since you loaded it; nothing was overwritten`, { file });
        }
        const result = appendQuestions(file, text, input.questions);
        if (!result.ok) {
          const [first] = result.problems;
          throw new WorkspaceError('WORKSPACE_INVALID_ARTICLE', `${file}:${first?.line ?? 1} ${first?.field ?? ''} ${first?.message ?? ''}`.trim(), {
            file,
            line: first?.line ?? 1,
            field: first?.field ?? '',
            message: first?.message ?? '',
          });
        }
        if (result.added.length === 0) return { file, version: versionOf(text), added: [] };
        const temporary = `${full}.kefu-${process.pid}.tmp`;
        await writeFile(temporary, result.text, 'utf8');
        await rename(temporary, full);
        await knowledge.reload();
        const kept = await afterWrite(file, input.editor, `知识库：${input.articleId} 增加 ${result.added.length} 个问法 (kefu workspace)`);
        await edits.record({
          file,
          articleId: input.articleId,
          action: 'addQuestions',
          detail: { questions: result.added },
          agentId: input.editor.id,
          agentName: input.editor.displayName,
          ...(kept.commit ? { commit: kept.commit } : {}),
          createdAt: now().toISOString(),
        });
        return { file, version: versionOf(result.text), added: result.added, ...kept };
      });
    },
  };
}

export type KnowledgeEditor = ReturnType<typeof createKnowledgeEditor>;
