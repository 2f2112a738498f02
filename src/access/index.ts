// Roles and what they may do: one export line per file.
export { CAPABILITIES, ROLE_NAMES, ROLES, can, capabilitiesOf, isRole, roleFor, type Capability, type Role } from './roles.js';
