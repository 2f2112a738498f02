/** The workspace's errors: a stable code, a message in both languages, and what a page needs to word it. */
export const workspaceErrorCodes = ['WORKSPACE_NOT_FOUND', 'WORKSPACE_CONFLICT', 'WORKSPACE_INVALID_ARTICLE', 'WORKSPACE_BAD_INPUT', 'WORKSPACE_GIT_FAILED'] as const;
export type WorkspaceErrorCode = (typeof workspaceErrorCodes)[number];

export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}
