import { defineConfig } from 'vitest/config';

/*
 * Three projects, so a developer runs the fast part in seconds (`npm run test:unit`):
 *   unit     pure code and single modules over a SQLite file: no server, no process, no browser,
 *            no file watching;
 *   e2e      kefu on a port (or as its own process, or a CLI) with real HTTP and WebSocket clients;
 *   browser  Debian's Chromium through playwright-core.
 * `npm test` runs all three.
 *
 * Files share each worker's modules (isolate: false): the knowledge base's analyzer, jieba,
 * botbuilder and the shared knowledge index (test/support/sharedKnowledge.ts) load once per
 * worker, not once per file (unit 33-35 s -> 14-15 s, e2e ~180 s -> ~68 s, browser ~54 s -> ~32 s
 * on this 2-core machine). A test must leave no global state behind (fake timers, environment,
 * module mocks, open servers); each project passes in shuffled order
 * (`npx vitest run --project e2e --sequence.shuffle`).
 */
const browser = ['test/**/*.browser.test.ts'];
const e2e = [
  'test/**/*.e2e.test.ts',
  'test/**/*.http.test.ts',
  'test/main.test.ts',
  'test/bot/**/*.test.ts',
  'test/channels/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/security/**/*.test.ts',
  'test/server/**/*.test.ts',
  'test/storage/lockDataDir.test.ts',
  // Real file watching: they wait for the operating system to report a saved file.
  'test/content/createLiveKnowledge.test.ts',
  'test/content/liveFlows.test.ts',
];

export default defineConfig({
  test: {
    // KEFU_TEST_BEIJING_TIME=HH:MM pins Date for the whole run (see the file).
    setupFiles: ['test/support/pinClock.ts'],
    // The jieba dictionary takes ~200 ms to load per worker; the default 5 s is ample.
    testTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...browser, ...e2e], isolate: false } },
      { extends: true, test: { name: 'e2e', include: e2e, exclude: browser, isolate: false } },
      { extends: true, test: { name: 'browser', include: browser, isolate: false } },
    ],
  },
});
