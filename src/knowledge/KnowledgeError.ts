/** A knowledge folder that cannot be used at all (missing, unreadable). Per-file problems are not thrown. */
export class KnowledgeError extends Error {
  constructor(
    readonly code: 'KB_DIR_MISSING' | 'KB_NOT_FOUND',
    message: string,
  ) {
    super(`kefu knowledge: ${message}`);
    this.name = 'KnowledgeError';
  }
}
