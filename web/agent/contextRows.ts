import type { AgentMessages } from './messages.js';
import type { Ticket } from './Ticket.js';
import { pageLabel } from './pageLabel.js';

/** One line of the ticket's details: a label and a value, or a list of articles to open. */
export type ContextRow =
  | { readonly kind: 'text'; readonly label: string; readonly value: string; readonly highlight?: boolean; readonly page?: boolean }
  | { readonly kind: 'articles'; readonly label: string; readonly ids: readonly string[] };

const shown = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
};

/** The channel's name in the console's language; an unknown channel shows as the server names it. */
export function channelName(channel: string, m: AgentMessages): string {
  return m.channels[channel.toLowerCase()] ?? channel;
}

/**
 * What the agent needs before answering, in reading order: why and how urgent, who and where,
 * the POS details (always listed, "—" when the user gave none, so the agent knows to ask),
 * what a flow collected and which articles the bot already showed.
 */
export function contextRows(ticket: Ticket, m: AgentMessages, formatTime: (iso: string) => string): ContextRow[] {
  const text = (label: string, value: unknown, highlight = false): ContextRow => ({ kind: 'text', label, value: shown(value) || m.none, highlight });
  const pos = ticket.context?.pos ?? {};
  const rows: ContextRow[] = [
    text(m.reason, ticket.reason),
    text(m.priority, m.priorities[ticket.priority] ?? ticket.priority, ticket.priority === 'high'),
    text(m.channel, channelName(ticket.channel, m)),
    text(m.user, ticket.userName || ticket.userId),
  ];
  // The widget's visitor has no name: where they were and what they first said tell who they are.
  const visitor = ticket.context?.visitor;
  if (visitor?.page) rows.push({ kind: 'text', label: m.visitorPage, value: pageLabel(visitor.page), page: true });
  if (visitor?.firstMessage) rows.push(text(m.firstMessage, visitor.firstMessage));
  rows.push(text(m.createdAt, formatTime(ticket.createdAt)));
  if (ticket.afterHours) rows.push(text(m.afterHours, m.yes));
  rows.push(text(m.terminalSerial, pos.terminalSerial), text(m.merchantNumber, pos.merchantNumber), text(m.responseCode, pos.responseCode));
  const flowId = ticket.context?.flowId;
  if (flowId) rows.push(text(m.flow, flowId));
  const vars = Object.entries(ticket.context?.vars ?? {}).filter(([, value]) => shown(value) !== '');
  if (vars.length > 0) rows.push(text(m.collected, vars.map(([key, value]) => `${key}: ${shown(value)}`).join('\n')));
  const articles = ticket.context?.articlesShown ?? [];
  if (articles.length > 0) rows.push({ kind: 'articles', label: m.articlesShown, ids: articles });
  return rows;
}
