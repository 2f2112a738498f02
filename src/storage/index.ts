export { openDatabase, type KefuDatabase, type OpenDatabaseOptions } from './openDatabase.js';
export { createMigrationProvider, createMigrations, type StorageDialect } from './migrations.js';
export type {
  Database,
  FeedbackTable,
  HandoffPriority,
  HandoffRequestsTable,
  StateItemsTable,
  TranscriptDirection,
  TranscriptRole,
  TranscriptTable,
} from './schema.js';
export { StorageError, type StorageErrorCode } from './StorageError.js';
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
  createHandoffRequestStore,
  type HandoffRequest,
  type HandoffRequestStore,
  type StoredHandoffRequest,
} from './createHandoffRequestStore.js';
export { createDirectLineStore, type DirectLineConversation, type DirectLineStore, type StoredActivity } from './createDirectLineStore.js';
