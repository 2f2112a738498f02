import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { articleSchema, type Article } from './articleSchema.js';
import { dictionarySchema, emptyDictionary, type Dictionary } from './dictionarySchema.js';
import { KnowledgeError } from './KnowledgeError.js';
import { knowledgeProblemCodes as codes, type KnowledgeProblem } from './KnowledgeProblem.js';
import { wechatMenuSchema, type WechatMenu } from './wechatMenuSchema.js';
import { cannedRepliesSchema, type CannedReply } from './cannedRepliesSchema.js';
import { parseYamlFile } from './parseYamlFile.js';

/** What one article file contributed the last time it was valid. */
interface GoodFile {
  readonly article: Article;
  readonly lineOf: (path: readonly (string | number)[]) => number;
}

/** An immutable, fully validated view of the knowledge folder at one moment. */
export interface KnowledgeSnapshot {
  /** Articles served, sorted by id. */
  readonly articles: readonly Article[];
  readonly byId: ReadonlyMap<string, Article>;
  readonly dictionary: Dictionary;
  /** Every problem found in this load; errors and warnings. */
  readonly problems: readonly KnowledgeProblem[];
  readonly loadedAt: Date;
  /** @internal last good version of each file, so a broken save keeps the old one serving. */
  readonly goodFiles: ReadonlyMap<string, GoodFile>;
  /** @internal */
  readonly goodDictionary?: Dictionary;
  /** The WeChat Official Account's menu (`wechat-menu.yaml`), when there is one. */
  readonly wechatMenu?: WechatMenu;
  /** Agents' canned replies (`canned-replies.yaml`); empty when there are none. */
  readonly cannedReplies: readonly CannedReply[];
}

export interface LoadKnowledgeOptions {
  /** File name of the search dictionary, relative to the folder. Default `synonyms.yaml`. */
  dictionaryFile?: string;
  /** File name of the WeChat menu, relative to the folder. Default `wechat-menu.yaml`. */
  menuFile?: string;
  /** File name of the agents' canned replies, relative to the folder. Default `canned-replies.yaml`. */
  cannedFile?: string;
  /**
   * The snapshot serving now. When given, a file that fails to parse or validate keeps its
   * previous good version in the new snapshot (with a warning) instead of disappearing.
   */
  previous?: KnowledgeSnapshot;
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/**
 * Loads and validates every article under `dir` and the search dictionary beside them.
 * Never throws for bad content: problems are collected, each naming file, line and field.
 * @throws KnowledgeError when the folder itself is missing.
 */
export async function loadKnowledge(
  dir: string,
  { dictionaryFile = 'synonyms.yaml', menuFile = 'wechat-menu.yaml', cannedFile = 'canned-replies.yaml', previous }: LoadKnowledgeOptions = {},
): Promise<KnowledgeSnapshot> {
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new KnowledgeError('KB_DIR_MISSING', `knowledge folder ${dir} does not exist`);

  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && isYaml(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();

  const problems: KnowledgeProblem[] = [];
  const good = new Map<string, GoodFile>();

  // No synonyms.yaml means no dictionary; a broken one keeps its last good version.
  let dictionary = emptyDictionary;
  let goodDictionary: Dictionary | undefined;
  if (files.includes(dictionaryFile)) {
    const text = await readFile(path.join(dir, dictionaryFile), 'utf8');
    const parsed = parseYamlFile(dictionaryFile, text, dictionarySchema);
    const dictProblems = parsed.value ? checkDictionary(dictionaryFile, parsed.value, parsed.lineOf) : [];
    problems.push(...parsed.problems, ...dictProblems);
    if (parsed.value && dictProblems.length === 0) {
      dictionary = goodDictionary = parsed.value;
    } else if (previous?.goodDictionary) {
      dictionary = goodDictionary = previous.goodDictionary;
      problems.push(staleWarning(dictionaryFile));
    }
  }

  // The WeChat menu: a broken one keeps its last good version, like every other file.
  let wechatMenu: WechatMenu | undefined;
  if (files.includes(menuFile)) {
    const parsed = parseYamlFile(menuFile, await readFile(path.join(dir, menuFile), 'utf8'), wechatMenuSchema);
    problems.push(...parsed.problems);
    wechatMenu = parsed.value ?? previous?.wechatMenu;
    if (!parsed.value && previous?.wechatMenu) problems.push(staleWarning(menuFile));
  }

  // Canned replies: a broken file keeps its last good version, like every other file.
  let cannedReplies: readonly CannedReply[] = [];
  if (files.includes(cannedFile)) {
    const parsed = parseYamlFile(cannedFile, await readFile(path.join(dir, cannedFile), 'utf8'), cannedRepliesSchema);
    problems.push(...parsed.problems);
    cannedReplies = parsed.value?.replies ?? previous?.cannedReplies ?? [];
    if (!parsed.value && previous?.cannedReplies.length) problems.push(staleWarning(cannedFile));
  }

  for (const file of files) {
    if (file === dictionaryFile || file === menuFile || file === cannedFile) continue;
    const text = await readFile(path.join(dir, file), 'utf8').catch((e: Error) => e);
    if (text instanceof Error) {
      problems.push({ code: codes.unreadable, severity: 'error', file, line: 1, message: text.message });
      continue;
    }
    const parsed = parseYamlFile(file, text, articleSchema);
    problems.push(...parsed.problems);
    const expectedId = path.basename(file).replace(/\.ya?ml$/i, '');
    if (parsed.value && parsed.value.id !== expectedId) {
      problems.push({
        code: codes.idMismatch,
        severity: 'error',
        file,
        line: parsed.lineOf(['id']),
        field: 'id',
        message: `id "${parsed.value.id}" must match the file name "${expectedId}"`,
      });
    } else if (parsed.value) {
      good.set(file, { article: parsed.value, lineOf: parsed.lineOf });
      continue;
    }
    const last = previous?.goodFiles.get(file);
    if (last) {
      good.set(file, last);
      problems.push(staleWarning(file));
    }
  }

  const articles = resolveAcrossFiles(good, previous, problems);
  if (wechatMenu) problems.push(...checkMenuArticles(menuFile, wechatMenu, new Set(articles.map((a) => a.id))));
  return {
    articles,
    byId: new Map(articles.map((a) => [a.id, a])),
    dictionary,
    problems,
    loadedAt: new Date(),
    goodFiles: good,
    goodDictionary,
    ...(wechatMenu ? { wechatMenu } : {}),
    cannedReplies,
  };
}

/** A menu button naming an article that is not served: the tap would show nothing. */
function checkMenuArticles(file: string, menu: WechatMenu, ids: ReadonlySet<string>): KnowledgeProblem[] {
  const actions = menu.buttons.flatMap((b) => ('sub' in b ? b.sub : [b]));
  return actions
    .filter((a) => a.article !== undefined && !ids.has(a.article))
    .map((a) => ({ code: codes.menuArticle, severity: 'error' as const, file, line: 1, field: 'buttons', message: `button "${a.name}" names article "${a.article}", which does not exist` }));
}

/** Duplicate ids and dangling `related` links: report them, and serve what can still be served. */
function resolveAcrossFiles(
  good: Map<string, GoodFile>,
  previous: KnowledgeSnapshot | undefined,
  problems: KnowledgeProblem[],
): Article[] {
  const filesById = new Map<string, string[]>();
  for (const [file, { article }] of good) filesById.set(article.id, [...(filesById.get(article.id) ?? []), file]);

  const chosen = new Map<string, GoodFile>();
  for (const [id, owners] of filesById) {
    // The file that served this id before keeps it; a newcomer does not take it over.
    const incumbent = owners.find((f) => previous?.goodFiles.get(f)?.article.id === id) ?? owners[0]!;
    chosen.set(id, good.get(incumbent)!);
    for (const other of owners.filter((f) => f !== incumbent)) {
      problems.push({
        code: codes.duplicateId,
        severity: 'error',
        file: other,
        line: good.get(other)!.lineOf(['id']),
        field: 'id',
        message: `duplicate id "${id}", already used by ${incumbent}`,
      });
    }
  }

  const fileOf = new Map([...good].map(([file, g]) => [g, file]));
  const articles: Article[] = [];
  for (const [, entry] of chosen) {
    const { article, lineOf } = entry;
    const related = article.related.filter((ref, i) => {
      if (chosen.has(ref)) return true;
      problems.push({
        code: codes.unknownRelated,
        severity: 'error',
        file: fileOf.get(entry)!,
        line: lineOf(['related', i]),
        field: `related.${i}`,
        message: `related article "${ref}" does not exist`,
      });
      return false;
    });
    articles.push(related.length === article.related.length ? article : { ...article, related });
  }
  return articles.sort((a, b) => a.id.localeCompare(b.id));
}

/** A variant must mean one thing: listed once, and never itself a canonical term of another group. */
function checkDictionary(
  file: string,
  dictionary: Dictionary,
  lineOf: (path: readonly (string | number)[]) => number,
): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const owner = new Map<string, string>();
  const canonicals = new Set(dictionary.synonyms.map((s) => s.canonical.toLowerCase()));
  dictionary.synonyms.forEach((group, g) =>
    group.variants.forEach((variant, v) => {
      const key = variant.toLowerCase();
      const field = `synonyms.${g}.variants.${v}`;
      const at = { code: codes.duplicateVariant, severity: 'error' as const, file, line: lineOf(['synonyms', g, 'variants', v]), field };
      if (owner.has(key)) {
        problems.push({ ...at, message: `"${variant}" is already a variant of "${owner.get(key)}"` });
      } else if (canonicals.has(key)) {
        problems.push({ ...at, message: `"${variant}" is itself a canonical term; list its variants there instead` });
      }
      owner.set(key, group.canonical);
    }),
  );
  return problems;
}

function staleWarning(file: string): KnowledgeProblem {
  return {
    code: codes.staleServing,
    severity: 'warning',
    file,
    line: 1,
    message: 'this file has errors; its last good version is still being served',
  };
}
