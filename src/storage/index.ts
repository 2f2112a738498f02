export { configuredDatabase, openDatabase, type KefuDatabase, type OpenDatabaseOptions, type PostgresDatabaseOptions, type SqliteDatabaseOptions } from './openDatabase.js';
export { createMigrationProvider, createMigrations, type StorageDialect } from './migrations.js';
export type {
  AgentSessionKind,
  AgentSessionsTable,
  AgentsTable,
  Database,
  FeedbackTable,
  MediaContentType,
  HandoffPriority,
  StateItemsTable,
  TicketsTable,
  TranscriptDirection,
  TranscriptRole,
  TranscriptTable,
} from './schema.js';
export { StorageError, type StorageErrorCode } from './StorageError.js';
export type { ConversationKey } from './ConversationKey.js';
export { createStateStore, type StateStore, type StateWrite, type StoredState } from './createStateStore.js';
export {
  createTranscriptStore,
  type ListTranscriptOptions,
  type StoredTranscriptEntry,
  type TranscriptConversation,
  type TranscriptEntry,
  type TranscriptStore,
} from './createTranscriptStore.js';
export { createFeedbackStore, type ArticleFeedback, type FeedbackStore, type FeedbackVote } from './createFeedbackStore.js';
export {
  createTicketStore,
  type ListTicketsOptions,
  type NewTicket,
  type StoredTicket,
  type TicketOutcome,
  type TicketState,
  type TicketStore,
  type TicketTransition,
} from './createTicketStore.js';
export { createAgentStore, type AgentStore, type NewAgent, type StoredAgent } from './createAgentStore.js';
export {
  createAgentSessionStore,
  type AgentSessionStore,
  type NewAgentSession,
  type StoredAgentSession,
} from './createAgentSessionStore.js';
export { createDirectLineStore, type DirectLineConversation, type DirectLineStore, type LoggedEntry, type StoredActivity } from './createDirectLineStore.js';
export { lockDataDir, LOCK_FILE, type DataDirLock } from './lockDataDir.js';
export { createWechatStore, type WechatClaim, type WechatOutboxItem, type WechatStore } from './createWechatStore.js';
export { createMediaStore, MEDIA_MAX_BYTES, sniffImageType, type MediaStore, type MediaStoreOptions, type NewMedia, type StoredMedia } from './createMediaStore.js';
export { MEDIA_PATH_PREFIX, mediaIdOf, mediaInPayload, mediaPath, mediaReferencesOf, type MediaReference } from './mediaReference.js';
export type { MissKind, MissStatus } from './schema.js';
export { createMissStore, type MissResolution, type MissStore, type NewMiss, type StoredMiss } from './createMissStore.js';
export { createKnowledgeEditStore, type KnowledgeEdit, type KnowledgeEditStore } from './createKnowledgeEditStore.js';
export { createDailyCountStore, type CountIncrement, type DailyCount, type DailyCountStore } from './createDailyCountStore.js';
export { createReportStore, type ReportStore, type ReportTicket } from './createReportStore.js';
export { createTicketNoteStore, type TicketNote, type TicketNoteStore, type TicketQuery } from './createTicketNoteStore.js';
export { createRedactionCarryStore, type RedactionCarryStoreOptions } from './createRedactionCarryStore.js';
