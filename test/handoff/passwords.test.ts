import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../src/handoff/index.js';

describe('hashPassword and verifyPassword', () => {
  it('encodes scrypt with its parameters, a 16-byte salt and a 64-byte key', async () => {
    const encoded = await hashPassword('收银台-correct horse');
    const [scheme, N, r, p, salt, hash, ...rest] = encoded.split('$');

    expect([scheme, N, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(64);
    expect(rest).toEqual([]);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('收银台-correct horse');

    expect(await verifyPassword('收银台-correct horse', encoded)).toBe(true);
    expect(await verifyPassword('收银台-correct horsE', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('treats full-width characters typed by an input method as their half-width forms', async () => {
    const encoded = await hashPassword('ｐａｓｓｗｏｒｄ１２３');

    expect(await verifyPassword('password123', encoded)).toBe(true);
  });

  it('verifies a hash with other parameters, read from the encoding', async () => {
    // As an older kefu with cheaper parameters might have stored it.
    const salt = Buffer.from('kefu salt 2025');
    const key = scryptSync('password', salt, 32, { N: 1024, r: 8, p: 2 });
    const encoded = `scrypt$1024$8$2$${salt.toString('base64')}$${key.toString('base64')}`;

    expect(await verifyPassword('password', encoded)).toBe(true);
    expect(await verifyPassword('Password', encoded)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another scheme', '$2b$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012'],
    ['too few fields', 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA=='],
    ['not base64', 'scrypt$32768$8$1$!!!!$????'],
    ['N not a power of two', `scrypt$1000$8$1$${'A'.repeat(22)}==$${'A'.repeat(86)}==`],
    ['N too large to spend on', `scrypt$1073741824$8$1$${'A'.repeat(22)}==$${'A'.repeat(86)}==`],
    ['r zero', `scrypt$16384$0$1$${'A'.repeat(22)}==$${'A'.repeat(86)}==`],
    ['hash too short', 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA==$AAAA'],
    ['salt too short', `scrypt$16384$8$1$TmFDbA==$${'A'.repeat(86)}==`],
  ])('is false, without throwing, for a malformed encoding (%s)', async (_what, encoded) => {
    await expect(verifyPassword('anything at all', encoded)).resolves.toBe(false);
  });
});

describe('checkPasswordPolicy', () => {
  it.each([
    ['0123456789', undefined],
    ['收银机密码很长很长的了', undefined],
    ['x'.repeat(200), undefined],
  ])('accepts %j', (password, problem) => {
    expect(checkPasswordPolicy(password)).toBe(problem);
  });

  it.each(['', 'short', '123456789', '九个汉字的密码不够'])('refuses %j as too short, in Chinese and English', (password) => {
    expect(checkPasswordPolicy(password)).toBe('密码至少需要 10 个字符 / the password must be at least 10 characters long');
  });

  it('refuses more than 200 characters', () => {
    expect(checkPasswordPolicy('x'.repeat(201))).toMatch(/^密码不能超过 200 个字符 \/ the password must be at most 200 characters long$/);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPasswordPolicy('😀'.repeat(9))).toBeDefined();
    expect(checkPasswordPolicy('😀'.repeat(10))).toBeUndefined();
  });
});
