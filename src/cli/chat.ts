/**
 * `npm run chat [-- --user alice] [-- --en]`: talk to the bot in a terminal, with the same turn
 * code and the same stored state as the server (so editors can try flows before publishing).
 *
 * Replies are printed as plain text, their options numbered: typing the number picks one, as on
 * any text-only channel. The conversation is kept in DATA_DIR, and the next start carries on the
 * user's last one (saying so, and showing the bot's last message) unless it never got past the
 * greeting. Commands, also listed at start and by /help:
 *   /new    a fresh conversation (the old one stays in the transcript)
 *   /quit   leave; so do /exit, Ctrl-D and Ctrl-C
 *   /help   the commands
 * Exit code 2 on bad usage. The command itself is runChatCli, which tests run in their own
 * process; this module only hands it the process's arguments, environment and streams.
 */
import { runChatCli } from './runChatCli.js';

process.exitCode = await runChatCli(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
