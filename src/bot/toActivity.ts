import { MessageFactory, type Activity } from 'botbuilder';
import type { Reply } from '../conversation/index.js';

/** A reply as a Bot Framework activity: its options become suggested actions. */
export function toActivity(reply: Reply): Partial<Activity> {
  return reply.actions && reply.actions.length > 0 ? MessageFactory.suggestedActions([...reply.actions], reply.text) : MessageFactory.text(reply.text);
}
