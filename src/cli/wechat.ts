/**
 * The WeChat Official Account, from the command line.
 *   npm run wechat -- menu [--dry-run]   sends knowledge/wechat-menu.yaml to WeChat (menu/create)
 * Reads WECHAT_APP_ID, WECHAT_APP_SECRET and WECHAT_API_BASE like the server. With --dry-run it
 * prints what it would send. Exit code 1 when the menu is invalid or WeChat refuses it, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { createWechatApi, wechatMenuButtons } from '../channels/wechat/index.js';
import { loadConfig } from '../config/index.js';
import { formatProblem, loadKnowledge } from '../knowledge/index.js';

const usage = `用法：
  npm run wechat -- menu [--dry-run]   把 knowledge/wechat-menu.yaml 发布为公众号菜单（--dry-run 只打印，不发送）

usage:
  npm run wechat -- menu [--dry-run]   publish knowledge/wechat-menu.yaml as the account's menu (--dry-run prints it instead)`;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
if (values.help || positionals[0] !== 'menu' || positionals.length > 1) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}

const config = loadConfig();
const snapshot = await loadKnowledge(config.knowledgeDir);
const menuProblems = snapshot.problems.filter((p) => p.file === 'wechat-menu.yaml' && p.severity === 'error');
if (menuProblems.length > 0 || !snapshot.wechatMenu) {
  for (const p of menuProblems) console.error(formatProblem(p));
  if (!snapshot.wechatMenu) console.error(`菜单文件不存在 / no wechat-menu.yaml in ${config.knowledgeDir}`);
  process.exit(1);
}
const menu = { button: wechatMenuButtons(snapshot.wechatMenu) };
if (values['dry-run']) {
  console.log(JSON.stringify(menu, null, 2));
  process.exit(0);
}
if (!config.wechat) {
  console.error('未配置公众号：请设置 WECHAT_TOKEN、WECHAT_APP_ID 和 WECHAT_APP_SECRET / the WeChat channel is not configured (WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_APP_SECRET)');
  process.exit(1);
}
try {
  await createWechatApi({ appId: config.wechat.appId, appSecret: config.wechat.appSecret, baseUrl: config.wechat.apiBase }).createMenu(menu);
  console.log(`菜单已发布，${menu.button.length} 个按钮 / menu published, ${menu.button.length} buttons`);
} catch (error) {
  console.error(`发布失败 / WeChat refused the menu: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
