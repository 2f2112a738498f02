export { createRecordingHandoff, type HandoffRequest, type HandoffService, type TranscriptLine } from './HandoffService.js';
