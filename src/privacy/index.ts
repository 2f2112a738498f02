export {
  isRedactionCarry,
  redact,
  redactDeep,
  redactionMarks,
  type ConversationRedaction,
  type Redaction,
  type RedactionCarry,
  type RedactOptions,
  type SensitiveKind,
} from './redact.js';
