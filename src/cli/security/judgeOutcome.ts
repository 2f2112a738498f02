import type { FuzzRequest, RouteGroup } from './FuzzRequest.js';
import { excerpt } from './FuzzRequest.js';
import type { Outcome } from './sendRawRequest.js';
import { readWebSocketFrames } from './readWebSocketFrames.js';
import { cardPaths, findCard } from './testCards.js';

export type ProblemType = 'server-error' | 'dropped' | 'timeout' | 'refused' | 'card-echo';

/** Why an outcome is not acceptable, in words that name what came back. */
export interface Problem {
  readonly type: ProblemType;
  /** For a card: every place it came back (`body $.error.message`, `header location`), each a failure of its own. */
  readonly where?: readonly string[];
  readonly detail: string;
}

/** Answers of 500 and above that are a route's documented behaviour rather than a failure. */
export const ALLOWED_5XX: readonly { readonly group: RouteGroup; readonly status: number; readonly why: string }[] = [
  { group: 'dl.upload', status: 501, why: 'Direct Line attachment upload is not implemented; 501 Not Implemented is its answer' },
];

/** How an outcome reads in the status table: the status code, `101`, or what happened instead. */
export function outcomeLabel(outcome: Outcome): string {
  return outcome.kind === 'response' ? String(outcome.status) : outcome.kind;
}

/**
 * The problem with what came back for a request, if any: a 5xx, a connection closed without an
 * answer where one was owed, no answer in time, or a test card number in what came back.
 */
export function judgeOutcome(request: FuzzRequest, outcome: Outcome): Problem | undefined {
  switch (outcome.kind) {
    case 'refused':
      return { type: 'refused', detail: `connection refused (${outcome.error}): the server is not listening` };
    case 'timeout':
      return { type: 'timeout', detail: `no whole answer within the timeout (${outcome.received} bytes received)` };
    case 'dropped':
      return request.mayDrop ? undefined : { type: 'dropped', detail: `closed without an answer${outcome.error ? ` (${outcome.error})` : ''}, ${outcome.received} bytes received` };
    case 'response': {
      const firstLine = outcome.head.split('\r\n')[0] ?? '';
      const body = outcome.body.toString('utf8');
      if (outcome.status >= 500 && !ALLOWED_5XX.some((a) => a.group === request.group && a.status === outcome.status)) {
        return { type: 'server-error', detail: `${firstLine} ${JSON.stringify(excerpt(body, 200))}` };
      }
      const echo = outcome.upgraded ? firstEcho(readWebSocketFrames(outcome.body).map((frame) => cardEchoInText(frame, 'frame'))) : cardEcho(outcome.head, body);
      return echo ? { type: 'card-echo', where: echo.where, detail: `${firstLine}: ${echo.detail}` } : undefined;
    }
  }
}

/** A card found, and where: a header's name, JSON paths without their indices, or `body text`. */
export interface CardFound {
  readonly where: readonly string[];
  readonly detail: string;
}

const firstEcho = (echoes: readonly (CardFound | undefined)[]) => echoes.find((e) => e !== undefined);

/** Where a test card number shows in a response's headers or body, or undefined. */
export function cardEcho(head: string, body: string): CardFound | undefined {
  const inHead = findCard(head);
  if (inHead) {
    const line = head.split('\r\n').find((l) => findCard(l)) ?? '';
    return { where: [`header ${line.split(':')[0]!.toLowerCase()}`], detail: `card ${inHead.card} in header ${JSON.stringify(excerpt(line, 120))}` };
  }
  return cardEchoInText(body, 'body');
}

/** Where a test card number shows in a text: its JSON paths when it is JSON, else the text around it. */
export function cardEchoInText(text: string, what = 'body'): CardFound | undefined {
  const found = findCard(text);
  if (!found) return undefined;
  let paths: string[] = [];
  try {
    paths = cardPaths(JSON.parse(text));
  } catch {
    // not JSON: the text around it says enough
  }
  const around = text.slice(Math.max(0, found.at - 60), found.at + 60);
  return {
    where: paths.length ? [...new Set(paths.map((p) => `${what} ${p.replace(/\[\d+\]/g, '[]')}`))] : [`${what} text`],
    detail: `card ${found.card} ${paths.length ? `at ${paths.slice(0, 4).join(', ')}` : `in the ${what}`}: …${JSON.stringify(around)}…`,
  };
}
