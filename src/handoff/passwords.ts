import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * Agents' passwords, hashed with scrypt from node:crypto (no dependency: Node's OpenSSL binding
 * is the well-kept library here). The encoding names its parameters, so they can be raised later
 * and old hashes still verify.
 */

/** Production's scrypt cost (N). Tests may pass a lower one; production's is tested once. */
export const PASSWORD_COST = 2 ** 15;
const COST = PASSWORD_COST;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;
const MIN_LENGTH = 10;
const MAX_LENGTH = 200;
// The most verifyPassword accepts from a stored hash: room to raise the cost, not to make one
// login take minutes or gigabytes (N=2^17, r=8 is 128 MiB).
const MAX_COST = 2 ** 17;
const MAX_BLOCK_SIZE = 8;
const MAX_PARALLELISM = 4;
// scrypt needs a little over 128 * N * r bytes (32 MiB here), and Node's default maxmem of
// 32 MiB refuses that: allow twice the need.
const maxmem = (cost: number, blockSize: number) => 2 * 128 * cost * blockSize;

const ENCODED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/**
 * Hashes `password` with scrypt (N=2^15, r=8, p=1) and a random 16-byte salt into
 * `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`. Takes tens of milliseconds, on the libuv
 * thread pool.
 */
export async function hashPassword(password: string, { cost = COST }: { readonly cost?: number } = {}): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, { N: cost, r: BLOCK_SIZE, p: PARALLELISM });
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Whether `password` matches a hash from {@link hashPassword}, compared in constant time.
 * A malformed encoding, or one whose parameters are out of bounds, gives false; this never throws.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const match = ENCODED.exec(encoded);
  if (!match) return false;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const salt = Buffer.from(match[4]!, 'base64');
  const expected = Buffer.from(match[5]!, 'base64');
  const valid =
    N >= 2 && N <= MAX_COST && (N & (N - 1)) === 0 && r >= 1 && r <= MAX_BLOCK_SIZE && p >= 1 && p <= MAX_PARALLELISM && salt.length >= 8 && expected.length >= 16;
  if (!valid) return false;
  try {
    const actual = await derive(password, salt, expected.length, { N, r, p });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/**
 * What is wrong with `password` as a new agent password, in Chinese then English, or undefined
 * when it is acceptable: 10 to 200 characters.
 */
export function checkPasswordPolicy(password: string): string | undefined {
  const length = [...normalize(password)].length;
  if (length < MIN_LENGTH) return `密码至少需要 ${MIN_LENGTH} 个字符 / the password must be at least ${MIN_LENGTH} characters long`;
  if (length > MAX_LENGTH) return `密码不能超过 ${MAX_LENGTH} 个字符 / the password must be at most ${MAX_LENGTH} characters long`;
  return undefined;
}

// Chinese input methods switch between full-width and half-width characters: folding with NFKC
// makes "ｐａｓｓ１２３" and "pass123" the same password, as the agent meant.
function normalize(password: string): string {
  return password.normalize('NFKC');
}

function derive(password: string, salt: Buffer, keyLength: number, { N, r, p }: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: maxmem(N, r) };
  return new Promise((resolve, reject) => {
    scrypt(normalize(password), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * A well-formed hash, with the parameters hashPassword uses, that no password matches: verifying
 * against it when there is no such user costs what verifying a real one does.
 */
export const unmatchableHash = (cost = COST) => ['scrypt', cost, BLOCK_SIZE, PARALLELISM, Buffer.alloc(SALT_BYTES).toString('base64'), Buffer.alloc(KEY_BYTES).toString('base64')].join('$');
