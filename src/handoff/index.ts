// The handoff module's public API: one export line per file, so additions do not collide.
export type { HandoffRequest, TranscriptLine } from './HandoffRequest.js';
export { HandoffError, handoffErrorCodes, type HandoffErrorCode, type HandoffErrorDetails } from './HandoffError.js';
export { parseServiceHours, type ServiceHours } from './serviceHours.js';
export { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
export { extractPosDetails, type PosDetails } from './extractPosDetails.js';
export { createAgentDirectory, type Agent, type AgentDirectory, type AgentDirectoryOptions, type AgentSession } from './createAgentDirectory.js';
// Tickets and transcripts are found by channel and conversation id together (the desk's lookups take one).
export type { ConversationKey } from '../storage/index.js';
// The desk: tickets, queue, takeover (the bot's side and the agents' side).
export { fillWording, parseRating, type HandoffTrigger, type HandoffWording } from './HandoffWording.js';
export {
  createHandoffDesk,
  type ActingAgent,
  type HandoffDesk,
  type HandoffDeskEvents,
  type HandoffDeskOptions,
  type NewHandoff,
  type QueueInfo,
  type TicketContext,
  type TicketMessage,
  type TicketView,
  type UserDelivery,
  type UserNotice,
} from './createHandoffDesk.js';
export { createTicketNotes, type TicketNotes, type TicketNotesEvents } from './createTicketNotes.js';
export { startExpirySweeper, SWEEP_INTERVAL_MS } from './startExpirySweeper.js';
