import { StorageError } from './StorageError.js';

/** JSON text for a TEXT column; `what` names the value in the error when it has no JSON form. */
export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    // JSON.stringify returns undefined (not a string) for undefined, functions and symbols.
    text = JSON.stringify(value) as string | undefined;
  } catch (error) {
    throw new StorageError('STORAGE_FAILED', `${what} cannot be stored as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new StorageError('STORAGE_FAILED', `${what} cannot be stored as JSON: ${typeof value}`);
  return text;
}

/** The value of a JSON TEXT column; `what` names the row in the error when the text is corrupt. */
export function fromJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StorageError('STORAGE_FAILED', `${what} holds invalid JSON`, { cause: error });
  }
}
