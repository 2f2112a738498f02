/** Stable codes of {@link StorageError}; callers branch on these, never on messages. */
export type StorageErrorCode =
  /** A conditional write found another etag: someone else wrote the item since it was read. */
  | 'STORAGE_ETAG_CONFLICT'
  /**
   * A write would break a uniqueness rule: a username that is taken, a second active ticket
   * for one conversation.
   */
  | 'STORAGE_DUPLICATE'
  /** A file to keep as an image is none of PNG, JPEG, GIF or WebP (by its first bytes, whatever it is called). */
  | 'STORAGE_NOT_AN_IMAGE'
  /** A file to keep is larger than the store takes. */
  | 'STORAGE_TOO_LARGE'
  /** DATA_DIR is held by another kefu process (SQLite serves one). */
  | 'STORAGE_LOCKED'
  /** Anything else: the database could not be opened, migrated, read or written. */
  | 'STORAGE_FAILED';

/** The one error type of the storage layer; the driver's error, if any, is the `cause`. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`kefu storage: ${message}`, options);
    this.name = 'StorageError';
  }
}

/**
 * Runs one storage operation and turns any error that is not already a {@link StorageError}
 * into a `STORAGE_FAILED` one naming the operation, so driver errors never leak past this layer.
 */
export async function guardStorage<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StorageError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError('STORAGE_FAILED', `${operation} failed: ${reason}`, { cause: error });
  }
}

/** Driver error codes of a unique or primary key violation: better-sqlite3's, then PostgreSQL's. */
const uniqueViolationCodes: ReadonlySet<unknown> = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/**
 * Runs one write and turns a unique violation into a `STORAGE_DUPLICATE` error with `message`
 * (any other error passes through untouched, for {@link guardStorage} to wrap).
 */
export async function guardDuplicate<T>(message: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (uniqueViolationCodes.has(code)) throw new StorageError('STORAGE_DUPLICATE', message, { cause: error });
    throw error;
  }
}
