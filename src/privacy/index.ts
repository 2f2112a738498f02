export { redact, redactDeep, redactionMarks, type Redaction, type SensitiveKind } from './redact.js';
