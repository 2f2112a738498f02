import { describe, expect, it } from 'vitest';
import { createTicketStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  describe(`expiring waiting tickets from two instances at once (${dialect})`, () => {
    const temp = useTempDatabases(dialect);

    it('expires each ticket once: the instance whose update took it tells its user, the other never sees it', async () => {
      const a = createTicketStore((await temp.open()).db);
      const b = createTicketStore((await temp.open()).db);
      for (let i = 0; i < 20; i++) {
        await a.create({
          conversationId: `c${i}`,
          channel: 'directline',
          userId: `u${i}`,
          userName: null,
          locale: 'zh-CN',
          reason: 'test',
          priority: 'normal',
          afterHours: false,
          createdAt: '2026-12-01T00:00:00.000Z',
          context: {},
          address: {},
        });
      }
      const [byA, byB] = await Promise.all([a.expireWaiting('2026-12-02T00:00:00.000Z', '2026-12-02T00:00:01.000Z'), b.expireWaiting('2026-12-02T00:00:00.000Z', '2026-12-02T00:00:01.000Z')]);
      const ids = [...byA, ...byB].map((t) => t.id).sort((x, y) => x - y);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
      expect(await a.expireWaiting('2026-12-02T00:00:00.000Z', '2026-12-02T00:00:02.000Z')).toEqual([]);
    });
  });
});
