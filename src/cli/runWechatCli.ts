import { parseArgs } from 'node:util';
import { createWechatApi, wechatMenuButtons } from '../channels/wechat/index.js';
import { loadConfig } from '../config/index.js';
import { formatProblem, loadKnowledge } from '../knowledge/index.js';
import { writeLine, type CliContext } from './CliContext.js';

const usage = `用法：
  npm run wechat -- menu [--dry-run]   把 knowledge/wechat-menu.yaml 发布为公众号菜单（--dry-run 只打印，不发送）

usage:
  npm run wechat -- menu [--dry-run]   publish knowledge/wechat-menu.yaml as the account's menu (--dry-run prints it instead)`;

/**
 * `npm run wechat -- ...args` (see wechat.ts): reads the configuration from `context.env`, prints
 * results on `context.stdout` and problems on `context.stderr`. Resolves to the exit code: 0, 1
 * when the menu is invalid, the channel is not configured or WeChat refuses the menu, 2 on bad
 * usage.
 */
export async function runWechatCli(args: readonly string[], context: CliContext): Promise<number> {
  const { stdout, stderr } = context;
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help || positionals[0] !== 'menu' || positionals.length > 1) {
    writeLine(stdout, usage);
    return values.help ? 0 : 2;
  }

  const config = loadConfig(context.env, context.cwd);
  const snapshot = await loadKnowledge(config.knowledgeDir);
  const menuProblems = snapshot.problems.filter((p) => p.file === 'wechat-menu.yaml' && p.severity === 'error');
  if (menuProblems.length > 0 || !snapshot.wechatMenu) {
    for (const p of menuProblems) writeLine(stderr, formatProblem(p));
    if (!snapshot.wechatMenu) writeLine(stderr, `菜单文件不存在 / no wechat-menu.yaml in ${config.knowledgeDir}`);
    return 1;
  }
  const menu = { button: wechatMenuButtons(snapshot.wechatMenu) };
  if (values['dry-run']) {
    writeLine(stdout, JSON.stringify(menu, null, 2));
    return 0;
  }
  if (!config.wechat) {
    writeLine(stderr, '未配置公众号：请设置 WECHAT_TOKEN、WECHAT_APP_ID 和 WECHAT_APP_SECRET / the WeChat channel is not configured (WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_APP_SECRET)');
    return 1;
  }
  try {
    await createWechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, baseUrl: config.wechat.apiBase }).createMenu(menu);
    writeLine(stdout, `菜单已发布，${menu.button.length} 个按钮 / menu published, ${menu.button.length} buttons`);
    return 0;
  } catch (error) {
    writeLine(stderr, `发布失败 / WeChat refused the menu: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
