import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, never a downloaded build; CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suites run: always under CI (which installs chromium, so a missing one
 * fails loudly); on a developer machine only when Chromium is there, with a note otherwise.
 */
export function browserTestsEnabled(suite: string): boolean {
  const available = existsSync(chromiumPath);
  if (!available && process.env.CI !== 'true') console.warn(`${suite} skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);
  return available || process.env.CI === 'true';
}

/** Headless, with the flags this closed network needs (no background calls to Google's hosts). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
