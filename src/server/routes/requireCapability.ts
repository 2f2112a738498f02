import type { Request, RequestHandler } from 'express';
import { can, ROLE_NAMES, roleFor, type Capability, type Role } from '../../access/index.js';
import { HttpError } from '../HttpError.js';

/** The signed-in account's role, put on the request by the agent API's authentication. */
export type RoleOf = (req: Request) => Role;

/** The refusal for an account whose role lacks `capability`: 403 naming the role that has it. */
export function forbidden(capability: Capability): HttpError {
  const role = roleFor(capability);
  const { zh, en } = ROLE_NAMES[role];
  return new HttpError(403, 'FORBIDDEN', `需要${zh}（${role}）权限 / this needs the ${en} role`, { role, capability });
}

/** Middleware: lets a request through only when the account's role grants `capability`. */
export function requireCapability(capability: Capability, roleOf: RoleOf): RequestHandler {
  return function checkCapability(req, _res, next) {
    next(can(roleOf(req), capability) ? undefined : forbidden(capability));
  };
}
