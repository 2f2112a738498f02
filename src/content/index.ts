/** The live content: the knowledge base and the flows loaded together, hot-reloaded, versioned. */
export { contentVersion, createLiveKnowledge, type KnowledgeState, type KnowledgeStatus, type LiveKnowledge, type LiveKnowledgeOptions, type LogSink } from './createLiveKnowledge.js';
