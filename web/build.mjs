// Bundles the chat widget: web/widget/index.ts -> web/dist/widget.js (minified IIFE, ES2019),
// copies the demo page beside it, and prints the sizes. Run: node web/build.mjs
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const web = fileURLToPath(new URL('.', import.meta.url));
const dist = `${web}dist`;
const outfile = `${dist}/widget.js`;
// A budget far above today's size: crossing it means something heavy slipped into the bundle.
const GZIP_BUDGET = 30 * 1024;

await mkdir(dist, { recursive: true });
await build({
  entryPoints: [`${web}widget/index.ts`],
  outfile,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2019',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(`${web}demo/index.html`, `${dist}/index.html`);

const code = await readFile(outfile);
const gzipped = gzipSync(code, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`web/dist/widget.js  ${kb(code.length)} raw, ${kb(gzipped)} gzipped (budget ${kb(GZIP_BUDGET)})`);
if (gzipped > GZIP_BUDGET) {
  console.error(`web/build.mjs: widget.js is ${kb(gzipped)} gzipped, over the ${kb(GZIP_BUDGET)} budget`);
  process.exitCode = 1;
}
