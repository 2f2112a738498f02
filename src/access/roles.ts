/**
 * Who may do what. Every account has one role; a role grants capabilities, and every route asks
 * for a capability, never for a role by name, so a new role is one line here.
 *
 * - agent: answers hand-overs (the queue, their own tickets).
 * - supervisor: an agent who also sees every ticket and the reports.
 * - editor: the knowledge workspace (try a question, the misses inbox, article and flow figures).
 * - admin: accounts, and everything else.
 */
export const ROLES = ['agent', 'supervisor', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const CAPABILITIES = ['tickets', 'allTickets', 'reports', 'knowledge', 'accounts'] as const;
export type Capability = (typeof CAPABILITIES)[number];

const granted: Readonly<Record<Role, readonly Capability[]>> = {
  agent: ['tickets'],
  supervisor: ['tickets', 'allTickets', 'reports'],
  editor: ['knowledge'],
  admin: CAPABILITIES,
};

/** The roles' names as people read them, Chinese first. */
export const ROLE_NAMES: Readonly<Record<Role, { zh: string; en: string }>> = {
  agent: { zh: '客服', en: 'agent' },
  supervisor: { zh: '主管', en: 'supervisor' },
  editor: { zh: '编辑', en: 'editor' },
  admin: { zh: '管理员', en: 'admin' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function capabilitiesOf(role: Role): readonly Capability[] {
  return granted[role];
}

export function can(role: Role, capability: Capability): boolean {
  return granted[role].includes(capability);
}

/** The least role that has `capability` (the one a refusal names): agent before supervisor before admin. */
export function roleFor(capability: Capability): Role {
  return ROLES.find((role) => can(role, capability))!;
}
