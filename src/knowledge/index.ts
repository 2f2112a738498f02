export { articleSchema, type Article } from './articleSchema.js';
export { dictionarySchema, emptyDictionary, type Dictionary } from './dictionarySchema.js';
export { loadKnowledge, type KnowledgeSnapshot, type LoadKnowledgeOptions } from './loadKnowledge.js';
export { KnowledgeError } from './KnowledgeError.js';
export { formatProblem, knowledgeProblemCodes, type FileProblem, type KnowledgeProblem, type KnowledgeProblemCode } from './KnowledgeProblem.js';
export { parseYamlFile, type ParsedFile } from './parseYamlFile.js';
export { wechatMenuSchema, type WechatMenu, type WechatMenuAction } from './wechatMenuSchema.js';
export { problemInChinese } from './problemInChinese.js';
export { cannedRepliesSchema, type CannedReplies, type CannedReply } from './cannedRepliesSchema.js';
