/**
 * What a command reads and writes besides its arguments. The command's module passes the
 * process's own (`process.env`, `process.stdin`, ...); tests pass theirs and run the command in
 * their process.
 */
export interface CliContext {
  /** The environment kefu's configuration is read from (`loadConfig`). */
  readonly env: NodeJS.ProcessEnv;
  /** What relative paths in the configuration resolve against. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** `isTTY` is true on a terminal: passwords are then typed, and the chat prompts. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Writes `text` and a newline, as `console.log` does with one string. */
export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
