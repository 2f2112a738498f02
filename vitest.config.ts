import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // KEFU_TEST_BEIJING_TIME=HH:MM pins Date for the whole run (see the file).
    setupFiles: ['test/support/pinClock.ts'],
    // The jieba dictionary takes ~200 ms to load per worker; the default 5 s is ample.
    testTimeout: 20_000,
  },
});
