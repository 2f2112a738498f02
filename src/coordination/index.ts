export { createMemoryLock, type ConversationLock } from './ConversationLock.js';
export { createMemoryBus, type EventBus } from './EventBus.js';
