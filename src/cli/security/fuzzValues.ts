/** The odd values mutations are made of: tokens, path segments, strings and wrongly typed JSON. */
import type { Random } from './createRandom.js';
import { PLACEHOLDERS, SESSIONS } from './FuzzRequest.js';
import { TEST_CARDS, cardSpellings } from './testCards.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** A token kefu never issued, and why it is wrong (the mutation's name). */
export function badToken(random: Random): { kind: string; token: string } {
  const other = random.int(SESSIONS);
  return random.pick([
    () => ({ kind: 'garbage', token: random.bytes(random.between(1, 48)).toString('base64url') }),
    () => ({ kind: 'expired-looking', token: `${b64(JSON.stringify({ c: PLACEHOLDERS.conversation(other), u: 'dl_x', e: 1 }))}.${random.bytes(32).toString('base64url')}` }),
    () => ({ kind: 'unsigned', token: `${b64(JSON.stringify({ c: 'x', u: 'y', e: 4102444800 }))}.` }),
    () => ({ kind: 'three-parts', token: `${PLACEHOLDERS.token(other)}.extra` }),
    () => ({ kind: 'tampered', token: PLACEHOLDERS.tamperedToken(other) }),
    () => ({ kind: 'bad-base64', token: '%%%.@@@' }),
    () => ({ kind: 'non-ascii', token: '令牌.签名' }),
    () => ({ kind: 'huge', token: 'A'.repeat(random.pick([1024, 8000, 15000])) }),
    () => ({ kind: 'json-payload', token: `${b64('{"c":{"$gt":""},"u":[],"e":"x"}')}.${b64('sig')}` }),
    () => ({ kind: 'proto-payload', token: `${b64('{"__proto__":{"c":"x"},"constructor":{}}')}.${b64('sig')}` }),
    () => ({ kind: 'card', token: random.pick(TEST_CARDS) }),
    () => ({ kind: 'empty', token: '' }),
  ])();
}

/** The Authorization header a request carries, valid or one of many wrong ones. */
export function authorizationFor(random: Random, session: number, validShare = 0.7): { kind: string; header?: string } {
  if (random.chance(validShare)) return { kind: 'valid', header: `Bearer ${PLACEHOLDERS.token(session)}` };
  return random.pick([
    () => ({ kind: 'token:missing' }),
    () => ({ kind: 'token:other-conversation', header: `Bearer ${PLACEHOLDERS.token((session + 1) % SESSIONS)}` }),
    () => ({ kind: 'token:lowercase-scheme', header: `bearer ${PLACEHOLDERS.token(session)}` }),
    () => ({ kind: 'token:basic', header: `Basic ${b64('user:pass')}` }),
    () => ({ kind: 'token:bare', header: PLACEHOLDERS.token(session) }),
    () => ({ kind: 'token:double-space', header: `Bearer  ${PLACEHOLDERS.token(session)}  ` }),
    () => {
      const bad = badToken(random);
      return { kind: `token:${bad.kind}`, header: `Bearer ${bad.token}` };
    },
  ])();
}

/** Path segments where an id belongs: odd encodings, traversal, the very long and the empty. */
export function oddSegment(random: Random): { kind: string; segment: string } {
  return random.pick([
    { kind: 'seg:bad-percent', segment: '%ZZ' },
    { kind: 'seg:overlong-utf8', segment: '%C0%AF' },
    { kind: 'seg:lone-surrogate', segment: '%ED%A0%80' },
    { kind: 'seg:percent-nul', segment: 'a%00b' },
    { kind: 'seg:truncated-percent', segment: 'abc%' },
    { kind: 'seg:dotdot', segment: '..' },
    { kind: 'seg:encoded-dotdot', segment: '%2E%2E%2F%2E%2E%2Fpackage.json' },
    { kind: 'seg:encoded-slash', segment: 'a%2Fb' },
    { kind: 'seg:long', segment: 'x'.repeat(random.pick([300, 4000, 12000])) },
    { kind: 'seg:raw-utf8', segment: '会话' },
    { kind: 'seg:card', segment: random.pick(TEST_CARDS) },
    { kind: 'seg:proto', segment: '__proto__' },
    { kind: 'seg:constructor', segment: 'constructor' },
    { kind: 'seg:number', segment: String(random.between(-5, 99999)) },
    { kind: 'seg:huge-number', segment: '99999999999999999999999' },
    { kind: 'seg:float', segment: '1.5e3' },
    { kind: 'seg:spaces', segment: '%20%201' },
    { kind: 'seg:semicolon', segment: '1;x=y' },
    { kind: 'seg:other-conversation', segment: PLACEHOLDERS.conversation(random.int(SESSIONS)) },
  ]);
}

/** Strings people and programs send: Chinese, emoji, control characters, cards, markup. */
export function oddText(random: Random): string {
  return random.pick([
    () => '刷卡密码错误',
    () => '怎么退款',
    () => '转人工',
    () => 'hello',
    () => '',
    () => ' ',
    () => `我的卡号是 ${random.pick(cardSpellings(random.pick(TEST_CARDS)))}`,
    () => `卡号${random.pick(TEST_CARDS)}密码123456`,
    () => '<script>alert(1)</script>',
    () => "'; DROP TABLE tickets; --",
    () => '\u0000\u0001\u0007\u001b[31m',
    () => '\u202eevil\u202c',
    () => '😀'.repeat(random.between(1, 200)),
    () => '\ud800',
    () => '%s%s%s%n',
    () => '${7*7}{{7*7}}',
    () => 'a'.repeat(random.pick([1000, 5000, 20000])),
    () => '__proto__',
    () => '１２３４５６',
  ])();
}

/** A JSON value of some type other than the one expected. */
export function wrongType(random: Random): { kind: string; value: unknown } {
  return random.pick<{ kind: string; value: unknown }>([
    { kind: 'array', value: ['刷卡', 1] },
    { kind: 'number', value: random.pick([0, -1, 1e308, 3.14]) },
    { kind: 'object', value: { text: 'nested', toString: 'x' } },
    { kind: 'null', value: null },
    { kind: 'boolean', value: true },
    { kind: 'empty-object', value: {} },
    { kind: 'card-number', value: Number(TEST_CARDS[0]) },
  ]);
}

/** A query string (without `?`) that no route expects. */
export function oddQuery(random: Random): string {
  return random.pick([
    () => 'a=%ZZ',
    () => 'a=%C0%AF',
    () => 'x[]=1&x[]=2',
    () => '__proto__[polluted]=1&constructor[prototype][x]=1',
    () => `q=${'a'.repeat(random.pick([100, 3000, 9000]))}`,
    () => '&&&==&',
    () => 'a=1&a=2&a=3',
    () => `card=${random.pick(TEST_CARDS)}`,
    () => 'a=%00',
    () => '%',
    () => Array.from({ length: random.pick([50, 500]) }, (_, i) => `k${i}=v`).join('&'),
  ])();
}

/** The opening and closing of one level of nesting: `[[[…]]]` stays under 64 kB at 30,000 levels, `{"v":…}` does not. */
export function nestingLevel(shape: 'array' | 'object'): { open: string; close: string } {
  return shape === 'array' ? { open: '[', close: ']' } : { open: '{"v":', close: '}' };
}
