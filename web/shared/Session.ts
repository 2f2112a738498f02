/** Agent and ticket ids are compared, never computed with: whatever the server uses is kept. */
export type Id = string | number;

/** A signed-in staff account (agent, supervisor, editor or admin). */
export interface Account {
  readonly id: Id;
  readonly username: string;
  readonly displayName: string;
  /** 'agent' | 'supervisor' | 'editor' | 'admin'; absent from servers older than roles. */
  readonly role?: string;
}

/**
 * What `POST /api/agent/login` and `GET /api/agent/me` answer for a cookie session. Only `me`
 * lists the capabilities ('tickets', 'allTickets', 'reports', 'knowledge', 'accounts').
 */
export interface Session {
  readonly agent: Account;
  readonly csrfToken: string;
  readonly expiresAt?: string;
  readonly capabilities?: readonly string[];
}
