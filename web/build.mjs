// Bundles the browser code and prints the sizes. Run: node web/build.mjs
//   web/widget/index.ts -> web/dist/widget.js, with the demo page beside it (web/dist/index.html)
//   web/agent/index.ts  -> web/dist/agent/agent.js, with its page (web/dist/agent/index.html)
// Both are minified IIFEs for ES2019.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const web = fileURLToPath(new URL('.', import.meta.url));
const dist = `${web}dist`;
// Budgets far above today's sizes: crossing one means something heavy slipped into a bundle.
const bundles = [
  { name: 'widget.js', entry: `${web}widget/index.ts`, outfile: `${dist}/widget.js`, page: [`${web}demo/index.html`, `${dist}/index.html`], gzipBudget: 30 * 1024 },
  { name: 'agent/agent.js', entry: `${web}agent/index.ts`, outfile: `${dist}/agent/agent.js`, page: [`${web}agent/index.html`, `${dist}/agent/index.html`], gzipBudget: 40 * 1024 },
];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const { name, entry, outfile, page, gzipBudget } of bundles) {
  await mkdir(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(page[0], page[1]);

  const code = await readFile(outfile);
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`web/dist/${name.padEnd(15)} ${kb(code.length)} raw, ${kb(gzipped)} gzipped (budget ${kb(gzipBudget)})`);
  if (gzipped > gzipBudget) {
    console.error(`web/build.mjs: ${name} is ${kb(gzipped)} gzipped, over the ${kb(gzipBudget)} budget`);
    process.exitCode = 1;
  }
}
