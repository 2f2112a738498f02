export { createMemoryLock, type ConversationLock } from './ConversationLock.js';
export { createMemoryBus, memoryBuses, type BusFactory, type EventBus, type WireCodec } from './EventBus.js';
export { busesOver, type EventTransport, type WireMessage } from './EventTransport.js';
export { createPostgresEvents, type PostgresEvents, type PostgresEventsOptions } from './createPostgresEvents.js';
export { createPostgresLock, type PostgresLock, type PostgresLockOptions } from './createPostgresLock.js';
export { createRateLimitStore, type RateLimitStoreOptions, type RateLimitStoreProblem } from './createRateLimitStore.js';
export { memoryCoordination, openPostgresCoordination, type Coordination, type PostgresCoordinationOptions } from './openCoordination.js';
