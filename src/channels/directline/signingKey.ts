import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What signs Direct Line tokens: the Direct Line secret when there is one (several instances
 * must share it: start-up refuses DATABASE_URL without it); otherwise a random key kept in
 * `dataDir/directline.key`, so tokens survive a restart of this one instance.
 */
export async function signingKey({ directLineSecret, dataDir }: { readonly directLineSecret?: string | undefined; readonly dataDir: string }): Promise<Buffer> {
  if (directLineSecret) return Buffer.from(directLineSecret);
  const file = path.join(dataDir, 'directline.key');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return Buffer.from(existing.trim(), 'hex');
  const key = randomBytes(32);
  await writeFile(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
