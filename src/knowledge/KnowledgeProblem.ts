/** Stable codes for everything that can be wrong with the knowledge folder. */
export const knowledgeProblemCodes = {
  yamlSyntax: 'KB_YAML_SYNTAX',
  schema: 'KB_SCHEMA',
  idMismatch: 'KB_ID_FILE_MISMATCH',
  duplicateId: 'KB_DUPLICATE_ID',
  unknownRelated: 'KB_UNKNOWN_RELATED',
  duplicateVariant: 'KB_DUPLICATE_VARIANT',
  menuArticle: 'KB_MENU_ARTICLE',
  unreadable: 'KB_UNREADABLE',
  staleServing: 'KB_SERVING_LAST_GOOD',
} as const;

export type KnowledgeProblemCode = (typeof knowledgeProblemCodes)[keyof typeof knowledgeProblemCodes];

/** One problem in one file, located precisely enough for an editor to jump to it. */
export interface FileProblem<Code extends string = string> {
  readonly code: Code;
  readonly severity: 'error' | 'warning';
  /** Path relative to the knowledge folder, with forward slashes. */
  readonly file: string;
  /** 1-based line; 1 when the problem concerns the whole file. */
  readonly line: number;
  /** Dotted path of the field, e.g. `questions.2`; absent for file-level problems. */
  readonly field?: string;
  readonly message: string;
}

export type KnowledgeProblem = FileProblem<KnowledgeProblemCode>;

/** `knowledge/pin/pin-wrong.yaml:7 questions.2: must not be empty` */
export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}${p.field ? ` ${p.field}` : ''}: ${p.message} [${p.code}]`;
}
