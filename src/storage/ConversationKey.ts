/**
 * Which conversation a ticket or a transcript belongs to: the channel and the conversation id
 * together. A conversation id alone names nothing: each channel chooses its own ids (Direct
 * Line mints them, a Bot Framework client sends whatever it likes), so the same id on two
 * channels is two conversations, and a lookup by id alone would let a user of one channel reach
 * the ticket and transcript of a user of another.
 *
 * `channel` is the activity's `channelId` (`directline`, `emulator`, `console`, ...), as the
 * `channel` columns keep it.
 */
export interface ConversationKey {
  readonly channel: string;
  readonly conversationId: string;
}
