/**
 * The WeChat Official Account, from the command line.
 *   npm run wechat -- menu [--dry-run]   sends knowledge/wechat-menu.yaml to WeChat (menu/create)
 * Reads WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_API_BASE like the server. With --dry-run it
 * prints what it would send. Exit code 1 when the menu is invalid or WeChat refuses it, 2 on bad usage.
 * The command itself is runWechatCli, which tests run in their own process; this module only
 * hands it the process's arguments, environment and streams.
 */
import { runWechatCli } from './runWechatCli.js';

process.exitCode = await runWechatCli(process.argv.slice(2), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
