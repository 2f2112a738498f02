/** A line typed in the terminal chat: a command, a message for the bot, or nothing. */
export type ConsoleLine =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'command'; readonly command: ConsoleCommand }
  | { readonly kind: 'unknown-command'; readonly typed: string }
  | { readonly kind: 'empty' };

export type ConsoleCommand = 'new' | 'quit' | 'help';

const COMMANDS: Readonly<Record<string, ConsoleCommand>> = { new: 'new', quit: 'quit', exit: 'quit', q: 'quit', help: 'help', h: 'help', '?': 'help' };

/**
 * Reads one typed line. A line starting with a slash is a command (/new, /quit or /exit,
 * /help or /?), in any case and with a full-width slash too, as a Chinese input method types it
 * (／new); anything else is a message, trimmed.
 */
export function parseConsoleLine(line: string): ConsoleLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (!/^[/／]/.test(text)) return { kind: 'message', text };
  const typed = text.normalize('NFKC');
  const command = COMMANDS[typed.slice(1).trim().toLowerCase()];
  return command ? { kind: 'command', command } : { kind: 'unknown-command', typed };
}
