import { afterEach, assert, beforeEach, it } from 'vitest';
import { startTestBot, type Reply, type TestBot, type TestBotOptions } from './harness.js';

/** What one of the bot's replies must look like; every field given must hold. */
export interface Expected {
  /** A pattern the text matches, or the whole text exactly. */
  readonly text?: RegExp | string;
  /** A pattern the text must not match. */
  readonly notText?: RegExp;
  /** Suggested actions that must all be offered (others may be offered too). */
  readonly actions?: readonly string[];
  /** Suggested actions that must not be offered. */
  readonly notActions?: readonly string[];
  /**
   * An event activity with this name. A `handoff.initiate` event must also carry the
   * conversation so far as its Transcript attachment: every message the user said, in order.
   */
  readonly event?: string;
  /** Fields the event's value must have (nested objects partially; asymmetric matchers allowed). */
  readonly value?: Readonly<Record<string, unknown>>;
}

export type Turn = ({ readonly user: string } | { readonly join: true }) & {
  /**
   * The channel the user is on, for a transcript of two users who share a conversation id on
   * two channels. Default: the console adapter's own.
   */
  readonly channelId?: string;
  /**
   * One expectation without `event` is checked against the turn's last message, the one the
   * user sees at the bottom; with `event`, the turn must have sent that event. A list is checked
   * against the turn's replies in order, other replies in between allowed.
   */
  readonly bot: Expected | readonly Expected[];
  /** No reply of the turn may look like this. */
  readonly none?: Expected;
};

export interface Transcript {
  readonly name: string;
  readonly turns: readonly Turn[];
  /** The client's locale for every turn; zh-CN unless given. */
  readonly locale?: string;
  /**
   * A known bug this transcript shows: the transcript says what the bot should do, and the test
   * is expected to fail until the bug is fixed (then drop this field).
   */
  readonly bug?: string;
}

const HANDOFF_EVENT = 'handoff.initiate';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern that finds `text` literally. */
export function literally(text: string): RegExp {
  return new RegExp(escapeRegExp(text));
}

/** The Expected that matches a knowledge article as the bot renders it: its title in bold first. */
export function article(title: string): Expected {
  return { text: new RegExp(`^\\*\\*${escapeRegExp(title)}\\*\\*\\n`) };
}

/** A fresh bot, with its own SQLite file, for every test of the calling file or suite. */
export function freshBotPerTest(options: TestBotOptions = {}): () => TestBot {
  let bot: TestBot | undefined;
  beforeEach(async () => {
    bot = await startTestBot(options);
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });
  return () => {
    if (!bot) throw new Error('freshBotPerTest: no bot outside a test');
    return bot;
  };
}

/**
 * One test per transcript. A transcript with a known `bug` becomes `it.fails`: it passes while
 * the bot still misbehaves, and fails once the bug is fixed, so that the mark gets removed.
 */
export function itPlays(transcripts: readonly Transcript[], bot: () => TestBot): void {
  for (const t of transcripts) {
    if (t.bug) it.fails(`${t.name} [known bug: ${t.bug}]`, () => playTranscript(bot(), t));
    else it(t.name, () => playTranscript(bot(), t));
  }
}

/**
 * Plays a transcript against a bot in one conversation (one per channel when turns name
 * channels), failing at the first turn that differs.
 */
export async function playTranscript(bot: TestBot, { turns, locale = 'zh-CN' }: Transcript): Promise<void> {
  // What the user said on each channel: a handoff carries its own channel's lines, no other's.
  const saidOn = new Map<string | undefined, string[]>();
  for (const [index, turn] of turns.entries()) {
    const { channelId } = turn;
    const replies = 'join' in turn ? await bot.join({ locale, channelId }) : await bot.say(turn.user, { locale, channelId });
    const said = saidOn.get(channelId) ?? [];
    saidOn.set(channelId, said);
    if ('user' in turn) said.push(turn.user);
    const where = `turn ${index + 1} (${'user' in turn ? `user says "${turn.user}"` : 'user joins'}${channelId ? ` on ${channelId}` : ''})`;
    checkTurn(where, replies, turn, said);
  }
}

function checkTurn(where: string, replies: readonly Reply[], turn: Turn, said: readonly string[]): void {
  const fail = (problem: string): never => assert.fail(`${where}: ${problem}\nthe bot replied:\n${describeReplies(replies)}`);

  const expectations: readonly Expected[] = Array.isArray(turn.bot) ? turn.bot : [turn.bot as Expected];
  if (!Array.isArray(turn.bot) && expectations[0]!.event === undefined) {
    const last = replies.filter((r) => r.type === 'message').at(-1);
    if (!last) return fail('no message at all');
    const problem = mismatch(last, expectations[0]!);
    if (problem) fail(`the last message ${problem}`);
  } else if ((turn.bot as readonly Expected[]).length === 0) {
    // bot: [] means silence: no message at all (events, such as a hand-over's, may still go).
    const said = replies.filter((r) => r.type === 'message');
    if (said.length > 0) fail(`expected no message, got ${said.length}`);
  } else {
    let from = 0;
    for (const [n, expected] of expectations.entries()) {
      const found = replies.findIndex((r, i) => i >= from && mismatch(r, expected) === undefined);
      if (found < 0) fail(`no reply${from > 0 ? ` after #${from}` : ''} matches expectation ${n + 1} ${describeExpected(expected)}`);
      if (expected.event === HANDOFF_EVENT) checkTranscriptAttached(replies[found]!, said, fail);
      from = found + 1;
    }
  }
  if (turn.none) {
    const found = replies.findIndex((r) => mismatch(r, turn.none!) === undefined);
    if (found >= 0) fail(`reply #${found + 1} matches ${describeExpected(turn.none)}, which it must not`);
  }
}

/** Why a reply does not meet an expectation, or undefined when it does. */
function mismatch(reply: Reply, expected: Expected): string | undefined {
  if (expected.event !== undefined) {
    if (reply.type !== 'event' || reply.name !== expected.event) return `is not the event ${expected.event}`;
    if (expected.value && !partiallyEqual(reply.value, expected.value)) return `has value ${JSON.stringify(reply.value)}`;
  } else if (reply.type !== 'message') {
    return 'is not a message';
  }
  const { text, notText, actions = [], notActions = [] } = expected;
  if (typeof text === 'string' && reply.text !== text) return `says ${JSON.stringify(reply.text)}, not ${JSON.stringify(text)}`;
  if (text instanceof RegExp && !text.test(reply.text)) return `says ${JSON.stringify(reply.text)}, which does not match ${text}`;
  if (notText && notText.test(reply.text)) return `says ${JSON.stringify(reply.text)}, which matches ${notText}`;
  const missing = actions.filter((a) => !reply.actions.includes(a));
  if (missing.length > 0) return `offers ${JSON.stringify(reply.actions)}, without ${JSON.stringify(missing)}`;
  const unwanted = notActions.filter((a) => reply.actions.includes(a));
  if (unwanted.length > 0) return `offers ${JSON.stringify(unwanted)}`;
  return undefined;
}

interface Asymmetric {
  asymmetricMatch(actual: unknown): boolean;
}
const isAsymmetric = (x: unknown): x is Asymmetric => typeof x === 'object' && x !== null && typeof (x as Asymmetric).asymmetricMatch === 'function';

function partiallyEqual(actual: unknown, expected: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (typeof expected === 'object' && expected !== null && !Array.isArray(expected)) {
    if (typeof actual !== 'object' || actual === null) return false;
    return Object.entries(expected).every(([key, value]) => partiallyEqual((actual as Record<string, unknown>)[key], value));
  }
  return JSON.stringify(actual) === JSON.stringify(expected);
}

/**
 * The handoff event carries the conversation as a Bot Framework Transcript attachment: every
 * message the user said, in order, and nothing the user did not say (another conversation's).
 */
function checkTranscriptAttached(event: Reply, said: readonly string[], fail: (problem: string) => never): void {
  const attachment = event.attachments.find((a) => (a as { name?: string }).name === 'Transcript') as { content?: { activities?: unknown } } | undefined;
  const activities = attachment?.content?.activities;
  if (!Array.isArray(activities)) return fail('the handoff event has no Transcript attachment with activities');
  const lines = activities as { text?: string; from?: { role?: string } }[];
  const userTexts = lines.filter((a) => a.from?.role === 'user').map((a) => a.text ?? '');
  let at = 0;
  for (const text of said) {
    const found = userTexts.indexOf(text, at);
    if (found < 0) return fail(`the handoff transcript lacks the user's "${text}" (user lines: ${JSON.stringify(userTexts)})`);
    at = found + 1;
  }
  const foreign = userTexts.filter((text) => text && !said.includes(text));
  if (foreign.length > 0) return fail(`the handoff transcript has user lines never said in this conversation: ${JSON.stringify(foreign)}`);
  // After the bot has said something (any turn before this one), its side is in the transcript too.
  if (said.length > 1 && !lines.some((a) => a.from?.role === 'bot' && a.text)) fail("the handoff transcript has none of the bot's messages");
}

function describeExpected(expected: Expected): string {
  return JSON.stringify(expected, (_key, value: unknown) => (value instanceof RegExp ? String(value) : isAsymmetric(value) ? String(value) : value));
}

function describeReplies(replies: readonly Reply[]): string {
  return replies
    .map((r, i) => {
      const text = r.text.length > 100 ? `${r.text.slice(0, 100)}…` : r.text;
      const actions = r.actions.length > 0 ? ` ${JSON.stringify(r.actions)}` : '';
      return `  #${i + 1} [${r.type}${r.name ? ` ${r.name}` : ''}] ${JSON.stringify(text)}${actions}${r.value === undefined ? '' : ` value=${JSON.stringify(r.value)}`}`;
    })
    .join('\n');
}
