/**
 * One request of a fuzz plan, as data: what is written on the wire, byte for byte, once the
 * placeholders are filled in. A plan is a list of these, made from a seed and nothing else, so a
 * run can be repeated and a failing request sent again on its own.
 */

/** Every route kefu serves, grouped the way the report counts them. */
export const ROUTE_GROUPS = [
  'health',
  'kb.search',
  'kb.articles',
  'kb.status',
  'webchat.token',
  'dl.tokens',
  'dl.conversations',
  'dl.conversation',
  'dl.activities.get',
  'dl.activities.post',
  'dl.upload',
  'botframework',
  'agent.login',
  'agent.session',
  'agent.queue',
  'agent.actions',
  'static',
  'unknown',
  'raw',
  'upgrade.directline',
  'upgrade.agent',
  'upgrade.other',
] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

/** A piece of a body: text as it is, or a unit repeated (a 1 MB body stays small in a plan). */
export type BodyPart = string | { readonly repeat: string; readonly times: number };

export interface FuzzRequest {
  /** Position in the plan: `--seed S --only N` sends this request again. */
  readonly index: number;
  readonly group: RouteGroup;
  /** `valid`, or the name of what was done to the request; crashes are grouped by it. */
  readonly kind: string;
  readonly method: string;
  /** The request-target exactly as written on the request line. */
  readonly target: string;
  readonly version: string;
  /** Every header, in order, duplicates included; Content-Length is added per `contentLength`. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: readonly BodyPart[];
  /** Content-Length computed from the body (`auto`), left out (`none`), or written as given. */
  readonly contentLength: 'auto' | 'none' | { readonly value: string };
  /**
   * How text becomes bytes: `utf8` puts raw UTF-8 on the request line; `latin1` writes each
   * character as one byte, for bytes that are not UTF-8 at all (0xC0 0xAF).
   */
  readonly encoding: 'utf8' | 'latin1';
  /** Instead of a request, these characters (latin1, one byte each) are written as they are. */
  readonly raw?: string;
  /** Our side is ended after writing: the request promised more bytes than it sent. */
  readonly halfClose: boolean;
  /** A WebSocket upgrade: 101 is a success, after which the socket is closed politely. */
  readonly upgrade: boolean;
  /** The server may close without answering (refused upgrades, protocol garbage, huge uploads). */
  readonly mayDrop: boolean;
}

/** A request before it has its place in the plan. */
export type DraftRequest = Omit<FuzzRequest, 'index' | 'group'>;

/**
 * Placeholders a plan uses for what only exists once a run has started. Filled in per run by
 * `encodeRequest`; a missing one (no agent credentials given) becomes a harmless wrong value.
 */
export const PLACEHOLDERS = {
  host: '{{host}}',
  token: (n: number) => `{{token:${n}}}`,
  /** A real token with its signature's last character changed. */
  tamperedToken: (n: number) => `{{tampered:${n}}}`,
  conversation: (n: number) => `{{conv:${n}}}`,
  user: (n: number) => `{{user:${n}}}`,
  agentToken: '{{agent}}',
  spareAgentToken: '{{agentSpare}}',
  agentUsername: '{{agentUser}}',
  agentPassword: '{{agentPassword}}',
} as const;

/** How many widget tokens (each with its own conversation) a run sets up. */
export const SESSIONS = 3;

const summarize = (part: BodyPart) => (typeof part === 'string' ? part : `⟨${JSON.stringify(part.repeat)} ×${part.times}⟩`);

/** The request in one line short enough for a report: method, target, a body excerpt. */
export function describeRequest(request: FuzzRequest, maxBody = 160): string {
  if (request.raw !== undefined) return `#${request.index} ${request.group}/${request.kind} raw bytes ${JSON.stringify(excerpt(request.raw, maxBody))}`;
  const target = request.target.length > 200 ? `${request.target.slice(0, 200)}… (${request.target.length} chars)` : request.target;
  const body = request.body.map(summarize).join('');
  const odd = [...request.headers.filter(([name]) => !/^(host|connection)$/i.test(name)), ...(typeof request.contentLength === 'object' ? [['Content-Length', request.contentLength.value] as const] : [])];
  const headers = odd.length === 0 ? '' : ` headers ${JSON.stringify(odd.slice(0, 6).map(([n, v]) => `${n}: ${excerpt(v, 60)}`))}${odd.length > 6 ? ` +${odd.length - 6}` : ''}`;
  const ending = request.halfClose ? ' (then our side is closed)' : '';
  return `#${request.index} ${request.group}/${request.kind} ${JSON.stringify(request.method)} ${JSON.stringify(target)} ${request.version}${headers}${body ? ` body ${JSON.stringify(excerpt(body, maxBody))}` : ''}${ending}`;
}

export function excerpt(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
