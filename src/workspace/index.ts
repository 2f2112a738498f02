// The editors' workspace: the misses inbox and changes to the knowledge files. One export line per file.
export { WorkspaceError, workspaceErrorCodes, type WorkspaceErrorCode } from './WorkspaceError.js';
export { appendQuestions, type AppendResult } from './appendQuestions.js';
export { createKnowledgeEditor, versionOf, type ArticleProblem, type Editor, type FileChange, type KnowledgeEditor, type KnowledgeEditorOptions } from './createKnowledgeEditor.js';
export { groupMisses, SAME_QUESTION, type MissGroup } from './groupMisses.js';
export { createMissInbox, type InboxGroup, type MissInbox, type MissInboxOptions } from './createMissInbox.js';
export { articleTemplate } from './articleTemplate.js';
