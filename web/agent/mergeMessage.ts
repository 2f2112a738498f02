import type { TranscriptMessage } from './Ticket.js';

/**
 * A message's identity: the server's id when it sends one, else who said what when. The agent's
 * own message comes back twice (the POST's answer and the stream's frame) and is shown once.
 */
export function messageKey(message: TranscriptMessage): string {
  return message.id != null ? `id:${message.id}` : `${message.from}\u0000${message.timestamp}\u0000${message.text}\u0000${message.image?.mediaId ?? ''}`;
}

/** The transcript with `message` added at its place in time, or the same array when it is already there. */
export function mergeMessage(transcript: readonly TranscriptMessage[], message: TranscriptMessage): readonly TranscriptMessage[] {
  const key = messageKey(message);
  if (transcript.some((m) => messageKey(m) === key)) return transcript;
  const at = Date.parse(message.timestamp);
  let index = transcript.length;
  // Usually it is the newest; a frame that overtook the POST's answer may land just before.
  while (index > 0 && !Number.isNaN(at) && Date.parse(transcript[index - 1]!.timestamp) > at) index -= 1;
  return [...transcript.slice(0, index), message, ...transcript.slice(index)];
}
