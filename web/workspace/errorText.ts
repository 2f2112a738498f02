import { periodErrorText } from '../shared/periodProblem.js';
import { num, staffErrorText, str } from '../shared/staffErrorText.js';
import type { WorkspaceMessages } from './messages.js';

/** What to tell the editor when a call fails: the shared staff wording, and the workspace's own codes. */
export function errorText(error: unknown, m: WorkspaceMessages): string {
  return staffErrorText(error, m, ({ code, params }, { errors: e }) => {
    switch (code) {
      case 'CONFLICT':
        return e.conflict(str(params.file));
      case 'INVALID_ARTICLE':
        return e.invalidArticle(str(params.file), num(params.line), str(params.field));
      case 'GIT_FAILED':
        return e.gitFailed(str(params.file));
      case 'ARTICLE_NOT_FOUND':
        return e.notFound;
      case 'BAD_QUERY':
        // A period the server refused names the day (params.field).
        return periodErrorText(error, m) ?? e.badRequest;
      case 'TOO_LARGE':
        return e.tooLarge;
      default:
        return undefined;
    }
  });
}
