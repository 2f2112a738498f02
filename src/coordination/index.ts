export { createMemoryLock, type ConversationLock } from './ConversationLock.js';
export { createMemoryBus, memoryBuses, type BusFactory, type EventBus, type WireCodec } from './EventBus.js';
export { busesOver, type EventTransport, type WireMessage } from './EventTransport.js';
export { createPostgresEvents, type PostgresEvents, type PostgresEventsOptions } from './createPostgresEvents.js';
export { createPostgresLock, type PostgresLock, type PostgresLockOptions } from './createPostgresLock.js';
