/**
 * `npm run bench:wechat [-- --messages 200 --runs 3]`
 *
 * WeChat's passive reply in safe mode: from the POST of a sealed message to `/wechat` to its
 * sealed answer, over real HTTP on loopback (signature, decryption, the once-only record, the
 * turn, the reply sealed). The same questions over Direct Line, in the same run, are the
 * baseline. Medians over --runs runs of p50 and p99.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildWechatXml, createWechatCrypto, wechatSignature } from '../src/channels/wechat/index.js';
import { loadConfig } from '../src/config/index.js';
import { createHttpServer } from '../src/app/createHttpServer.js';
import { createRuntime, type Runtime } from '../src/app/createRuntime.js';
import { createLogger } from '../src/log/index.js';
import { listen } from '../src/server/index.js';
import { startFakeWechatApi } from '../test/support/fakeWechatApi.js';
import { timeDirectLineTurns } from './support/timeDirectLineTurns.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '200' }, runs: { type: 'string', default: '3' } } });
const count = Number(values.messages);
const runs = Number(values.runs);
// Short questions answered from the knowledge base in one passive reply each.
const questions = ['刷卡提示密码错误怎么办', '余额不足怎么办', '卡过期了', '客服几点上班', '刷卡提示无效卡号', '机器连不上网络', '打印不出小票', '电签机押金多少'];
const texts = Array.from({ length: count }, (_, i) => questions[i % questions.length]!);
const TOKEN = 'benchToken1';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const median = (xs: number[]) => percentile(xs, 0.5);

async function withRuntime<T>(work: (runtime: Runtime, env: { appId: string }) => Promise<T>): Promise<T> {
  const api = await startFakeWechatApi();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-bench-wechat-'));
  const env = { DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'silent', WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: api.appId, WECHAT_APP_SECRET: api.appSecret, WECHAT_AES_KEY: AES_KEY, WECHAT_API_BASE: api.baseUrl };
  const runtime = await createRuntime(loadConfig(env, process.cwd()), createLogger({ level: 'silent' }), { watch: false });
  try {
    return await work(runtime, { appId: api.appId });
  } finally {
    await runtime.close();
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function wechatRun(): Promise<number[]> {
  return withRuntime(async (runtime, { appId }) => {
    const logger = createLogger({ level: 'silent' });
    const http = createHttpServer(runtime, logger);
    const server = await listen(http.server, 0, '127.0.0.1');
    const crypto = createWechatCrypto({ token: TOKEN, appId, aesKey: AES_KEY });
    const latencies: number[] = [];
    for (const [i, text] of texts.entries()) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = `n${i}`;
      const xml = buildWechatXml({ ToUserName: 'gh_bench', FromUserName: `oBENCH${i % 20}`, CreateTime: timestamp, MsgType: 'text', Content: text, MsgId: String(1_000_000 + i) });
      const sealed = crypto.seal(xml, { timestamp, nonce });
      const query = new URLSearchParams({ signature: wechatSignature({ token: TOKEN, timestamp, nonce }), timestamp, nonce, encrypt_type: 'aes', msg_signature: sealed.MsgSignature });
      const t0 = performance.now();
      const response = await fetch(`http://127.0.0.1:${server.port}/wechat?${query}`, { method: 'POST', body: buildWechatXml({ ToUserName: 'gh_bench', Encrypt: sealed.Encrypt }) });
      const body = await response.text();
      latencies.push(performance.now() - t0);
      if (!body.includes('<Encrypt>')) throw new Error(`message ${i} got no passive reply: ${body.slice(0, 80)}`);
    }
    await http.close();
    await server.close();
    return latencies;
  });
}

const wechat: number[][] = [];
const directLine: number[][] = [];
for (let r = 0; r < runs; r++) {
  wechat.push(await wechatRun());
  directLine.push(await withRuntime((runtime) => timeDirectLineTurns(runtime, texts)));
}
const row = (name: string, all: number[][]) => {
  const p50 = median(all.map((xs) => percentile(xs, 0.5)));
  const p99 = median(all.map((xs) => percentile(xs, 0.99)));
  console.log(`${name.padEnd(40)} p50 ${p50.toFixed(2).padStart(7)} ms   p99 ${p99.toFixed(2).padStart(7)} ms`);
  return { p50, p99 };
};
console.log(`message -> reply, ${count} messages per run, median of ${runs} runs, node ${process.version}\n`);
const w = row('WeChat passive reply (safe mode)', wechat);
const d = row('Direct Line (HTTP POST -> WebSocket)', directLine);
console.log(`\nWeChat / Direct Line: p50 ${(w.p50 / d.p50).toFixed(2)}x, p99 ${(w.p99 / d.p99).toFixed(2)}x`);
