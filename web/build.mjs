// Bundles the browser code and prints the sizes. Run: node web/build.mjs
//   web/widget/index.ts -> web/dist/widget.js, with the demo page beside it (web/dist/index.html)
//   web/agent/index.ts  -> web/dist/agent/agent.js, with its page (web/dist/agent/index.html)
//   web/workspace/index.ts -> web/dist/workspace/workspace.js, with its page (web/dist/workspace/index.html)
//   web/reports/index.ts -> web/dist/reports/reports.js, with its page (web/dist/reports/index.html)
// All are minified IIFEs for ES2019. The staff pages (console, workspace, reports) share one look:
// web/shared/base.css goes into each where the page says <!-- kefu:shared-css -->, followed by the
// styles of a library the page draws with (uPlot's, for the reports' charts).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const web = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);
const dist = `${web}dist`;
// Budgets far above today's sizes: crossing one means something heavy slipped into a bundle.
const bundles = [
  { name: 'widget.js', entry: `${web}widget/index.ts`, outfile: `${dist}/widget.js`, page: [`${web}demo/index.html`, `${dist}/index.html`], gzipBudget: 30 * 1024 },
  { name: 'agent/agent.js', entry: `${web}agent/index.ts`, outfile: `${dist}/agent/agent.js`, page: [`${web}agent/index.html`, `${dist}/agent/index.html`], gzipBudget: 40 * 1024, withSharedCss: true },
  { name: 'workspace/workspace.js', entry: `${web}workspace/index.ts`, outfile: `${dist}/workspace/workspace.js`, page: [`${web}workspace/index.html`, `${dist}/workspace/index.html`], gzipBudget: 30 * 1024, withSharedCss: true },
  // uPlot is most of it (about 20 KB gzipped).
  {
    name: 'reports/reports.js',
    entry: `${web}reports/index.ts`,
    outfile: `${dist}/reports/reports.js`,
    page: [`${web}reports/index.html`, `${dist}/reports/index.html`],
    gzipBudget: 60 * 1024,
    withSharedCss: true,
    libraryCss: [require.resolve('uplot/dist/uPlot.min.css')],
  },
];
const SHARED_CSS_MARKER = '<!-- kefu:shared-css -->';
const sharedCss = await readFile(`${web}shared/base.css`, 'utf8');

/** The page as served: the shared styles (and its libraries' after them) put in where it asks for them. */
async function buildPage([from, to], withSharedCss, libraryCss) {
  let html = await readFile(from, 'utf8');
  if (withSharedCss) {
    if (!html.includes(SHARED_CSS_MARKER)) throw new Error(`web/build.mjs: ${from} has no ${SHARED_CSS_MARKER}`);
    const libraries = (await Promise.all(libraryCss.map((file) => readFile(file, 'utf8')))).map((css) => `    ${css.trim()}\n`).join('');
    html = html.replace(SHARED_CSS_MARKER, () => `<style>\n${sharedCss}${libraries}  </style>`);
  }
  await writeFile(to, html);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const { name, entry, outfile, page, gzipBudget, withSharedCss = false, libraryCss = [] } of bundles) {
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
  await buildPage(page, withSharedCss, libraryCss);

  const code = await readFile(outfile);
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`web/dist/${name.padEnd(22)} ${kb(code.length)} raw, ${kb(gzipped)} gzipped (budget ${kb(gzipBudget)})`);
  if (gzipped > gzipBudget) {
    console.error(`web/build.mjs: ${name} is ${kb(gzipped)} gzipped, over the ${kb(gzipBudget)} budget`);
    process.exitCode = 1;
  }
}
