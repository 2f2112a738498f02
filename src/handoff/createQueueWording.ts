import type { StoredTicket, TicketStore } from '../storage/index.js';
import { formatOpening } from './formatOpening.js';
import { fillWording, localeOf, type HandoffWording } from './HandoffWording.js';
import type { ServiceHours } from './serviceHours.js';

/** Recent waits that count for the estimate, and how many are enough to give one. */
const ESTIMATE_WINDOW_DAYS = 7;
const ESTIMATE_MIN_SAMPLES = 3;

export interface QueueWordingOptions {
  readonly tickets: Pick<TicketStore, 'recentWaits' | 'queuePosition'>;
  readonly wording: (locale: string) => HandoffWording;
  readonly serviceHours: ServiceHours;
  /** How many agents could take a ticket now (online, not away). */
  readonly available: () => number;
  readonly now: () => Date;
}

/**
 * What a user in the queue is told: their place, and a wait estimated from the last week's
 * waits while someone is there to answer; outside service hours, when people are back.
 */
export function createQueueWording({ tickets, wording, serviceHours, available, now }: QueueWordingOptions) {
  const estimateText = async (position: number, w: HandoffWording): Promise<string> => {
    // Nobody at a console, or everyone away: no estimate is promised.
    if (available() === 0) return w.noEstimate;
    const since = new Date(now().getTime() - ESTIMATE_WINDOW_DAYS * 86_400_000).toISOString();
    const waits = await tickets.recentWaits({ since, limit: 50 });
    if (waits.length < ESTIMATE_MIN_SAMPLES) return w.noEstimate;
    const sorted = [...waits].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return fillWording(w.estimate, { minutes: Math.max(1, Math.ceil((median * position) / 60_000)) });
  };

  /** `template` (with {position}) and the estimate, or the after-hours wording. */
  const queueText = async (ticket: StoredTicket, template: string, position: number): Promise<string> => {
    const w = wording(ticket.locale);
    const at = now();
    if (!serviceHours.isOpen(at)) {
      const opening = serviceHours.nextOpening(at);
      return fillWording(w.afterHours, { hours: serviceHours.describe(localeOf(ticket.locale)), opening: opening ? formatOpening(opening, at, serviceHours.timeZone, localeOf(ticket.locale)) : '' });
    }
    return `${fillWording(template, { position })}${await estimateText(position, w)}`;
  };

  return {
    queueText,
    /** What a user already in the queue is told when they ask again. */
    stillQueued: async (ticket: StoredTicket): Promise<string> => queueText(ticket, wording(ticket.locale).alreadyQueued, (await tickets.queuePosition(ticket.id)) ?? 1),
  };
}
