import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { HandoffWording } from '../handoff/index.js';

const text = z.string().trim().min(1);
const words = z.array(z.string().trim().min(1)).min(1);

/** Everything the bot says that is not an article or a flow, per locale (`locales/*.yaml`). */
export const messagesSchema = z.strictObject({
  greeting: text,
  menu: words,
  smallTalk: z.array(z.strictObject({ patterns: words, reply: text })),
  commands: z.strictObject({
    handoff: words,
    cancel: words,
    menu: words,
    /** Leaving a walkthrough in one's own words (我不要了, 不弄了): only while one waits for an answer. */
    leaveFlow: words,
    /** Asking a walkthrough's question again after failed answers (重新选). */
    repeatStep: words,
    /** Going back to a walkthrough left for another question (继续刚才的排查); the first is the button. */
    resumeFlow: words,
  }),
  answerFooter: text,
  feedback: z.strictObject({ helpful: text, unhelpful: text, thanksHelpful: text, thanksUnhelpful: text }),
  relatedTitle: text,
  ambiguous: text,
  noAnswer: text,
  noAnswerOfferHuman: text,
  offerFlow: text,
  startFlowAction: text,
  flowCancelled: text,
  nothingToCancel: text,
  flowGone: text,
  flowRetry: text,
  /** Added to every retry of a walkthrough's question: how to leave it. */
  flowWayOut: text,
  /** After failed answers: the walkthrough offers to ask again, to leave, or a person. */
  flowStuck: text,
  /** After answering another question in the middle of a walkthrough: the offer to go back to it. */
  flowResumeOffer: text,
  yes: text,
  no: text,
  /** Before the options as a numbered list, where a channel cannot show buttons (`renderAsText`). */
  numberedOptions: text,
  /** The warning after sensitive data was hidden; `{hidden}` lists what, in `sensitiveKinds`' words. */
  sensitiveWarning: text,
  sensitiveKinds: z.strictObject({ card: text, pin: text, cvv: text, 'id-card': text, separator: z.string().min(1) }),
  tooLong: text,
  /** What WeChat users meet that the other channels do not. */
  wechat: z.strictObject({ voiceNotUnderstood: text, imageNotUnderstood: text, locationReceived: text, linkReceived: text, unsupported: text, imageForPerson: text, locationForPerson: text, linkForPerson: text }),
  turnFailed: text,
  handoff: z.strictObject({
    reasons: z.strictObject({ userAsked: text, repeatedQuestion: text }),
    triggers: z.array(
      z.strictObject({
        reason: text,
        priority: z.enum(['normal', 'high']),
        contains: z.array(z.string().trim().min(1)),
        exact: z.array(z.string().trim().min(1)),
        unless: z.array(z.string().trim().min(1)).default([]),
        offer: z.boolean().default(false),
        reply: text.optional(),
      }),
    ),
    repeatLimit: z.number().int().min(2).max(20),
    commands: z.strictObject({ cancel: words, end: words }),
    queued: text,
    estimate: text,
    noEstimate: text,
    afterHours: text,
    alreadyQueued: text,
    received: text,
    answeredWhileQueued: text,
    agentJoined: text,
    transferred: text,
    released: text,
    closed: text,
    endedByUser: text,
    cancelled: text,
    notActive: text,
    ratingOptions: z.array(text).length(5),
    ratingThanks: text,
    /** After a low rating (1-3): what went wrong? The next message is kept as the comment. */
    ratingAskWhy: text,
    commentThanks: text,
    expired: text,
    undelivered: text,
  }) satisfies z.ZodType<HandoffWording>,
});
export type Messages = z.output<typeof messagesSchema>;

export const supportedLocales = ['zh-CN', 'en'] as const;
export type Locale = (typeof supportedLocales)[number];

/** Chinese unless the client says English. */
export function pickLocale(activityLocale: string | undefined): Locale {
  return activityLocale?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * Loads every locale file once at start-up.
 * @throws Error naming the file and the missing or bad key.
 */
export async function loadMessages(dir: string): Promise<Readonly<Record<Locale, Messages>>> {
  const entries = await Promise.all(
    supportedLocales.map(async (locale) => {
      const file = `${dir}/${locale}.yaml`;
      let data: unknown;
      try {
        data = parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new Error(`kefu messages: ${file}: ${(error as Error).message.split('\n')[0]}`);
      }
      const parsed = messagesSchema.safeParse(data);
      if (!parsed.success) throw new Error(`kefu messages: ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      return [locale, parsed.data] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Locale, Messages>;
}
