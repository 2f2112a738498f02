import { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.js';
import { redactionMarks } from '../../src/privacy/index.js';

const VISA = '4111111111111111';

/** A logger whose lines are collected, parsed, as pino writes them (synchronously). */
function capture(level = 'info') {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  const logger = createLogger({ level, destination });
  const written = () => lines.join('');
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, written, records };
}

describe('createLogger', () => {
  it('writes JSON lines with the service, level, time and message', () => {
    const { logger, records } = capture();
    logger.info({ route: '/api/kb' }, '查询知识库');
    expect(records()).toEqual([
      expect.objectContaining({ service: 'kefu', level: 30, route: '/api/kb', msg: '查询知识库', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
    ]);
  });

  it('honours the level', () => {
    const { logger, records } = capture('warn');
    logger.info(`卡号${VISA}`);
    logger.warn('warned');
    expect(records().map((record) => record.msg)).toEqual(['warned']);
  });

  it('redacts a card number in the message', () => {
    const { logger, written, records } = capture();
    logger.info(`用户说：卡号${VISA}刷不了`);
    expect(written()).not.toContain(VISA);
    expect(records()[0]!.msg).toBe(`用户说：卡号${redactionMarks.card}刷不了`);
  });

  it('redacts card numbers and PIN phrases in the logged object, however deep, keeping the rest', () => {
    const { logger, written, records } = capture();
    const message = { text: `密码是123456，卡号 ${VISA}`, history: [{ user: 'cvv 321' }], orderNo: '202401150001' };
    logger.info({ conversation: 'c-1', message }, 'user message');
    const text = written();
    expect(text).not.toContain(VISA);
    expect(text).not.toContain('123456');
    expect(text).not.toContain('321');
    expect(records()[0]).toMatchObject({
      conversation: 'c-1',
      message: {
        text: `密码是${redactionMarks.pin}，卡号 ${redactionMarks.card}`,
        history: [{ user: `cvv ${redactionMarks.cvv}` }],
        orderNo: '202401150001',
      },
      msg: 'user message',
    });
    expect(message.text).toBe(`密码是123456，卡号 ${VISA}`); // the caller's object is untouched
  });

  it('redacts interpolated values', () => {
    const { logger, written, records } = capture();
    logger.info('user %s said %o', 'u-1', { text: '身份证11010519491231002X' });
    expect(written()).not.toContain('11010519491231002X');
    expect(records()[0]!.msg).toBe(`user u-1 said {"text":"身份证${redactionMarks['id-card']}"}`);
  });

  it('redacts a logged error: its message, the msg taken from it and its stack', () => {
    const { logger, written, records } = capture();
    logger.error(new Error(`卡号${VISA}被拒`));
    logger.error({ err: new Error(`密码123456错误`) });
    expect(written()).not.toContain(VISA);
    expect(written()).not.toContain('123456');
    const [first, second] = records();
    expect(first).toMatchObject({ msg: `卡号${redactionMarks.card}被拒`, err: { type: 'Error', message: `卡号${redactionMarks.card}被拒` } });
    expect((first!.err as { stack: string }).stack).toContain(`Error: 卡号${redactionMarks.card}被拒`);
    expect(second).toMatchObject({ msg: `密码${redactionMarks.pin}错误`, err: { message: `密码${redactionMarks.pin}错误` } });
  });

  it('redacts what child loggers write', () => {
    const { logger, written, records } = capture();
    logger.child({ module: 'bot' }).info({ text: `卡号${VISA}` }, 'turn');
    expect(written()).not.toContain(VISA);
    expect(records()[0]).toMatchObject({ module: 'bot', text: `卡号${redactionMarks.card}` });
  });

  it('writes a readable line each in the pretty format, redacted like the JSON', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ format: 'pretty', destination });
    logger.info({ route: '/api/kb' }, `查询知识库 卡号${VISA}`);
    const written = lines.join('');
    expect(written).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: 查询知识库 卡号\[卡号已隐藏\]/);
    expect(written).toContain('route: "/api/kb"');
    expect(written).not.toContain(VISA);
    expect(() => JSON.parse(written)).toThrow();
  });
});
