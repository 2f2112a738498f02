import { expect, it } from 'vitest';
import { createDailyCountStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  it('adds increments of one key together, within a call and across calls, and reads them as numbers', async () => {
    const store = createDailyCountStore((await temp.open()).db);
    await store.add([
      { day: '2026-03-01', channel: 'directline', metric: 'answered', subject: 'a1' },
      { day: '2026-03-01', channel: 'directline', metric: 'answered', subject: 'a1', by: 2 },
      { day: '2026-03-01', channel: 'wechat', metric: 'turns' },
    ]);
    await store.add([{ day: '2026-03-01', channel: 'directline', metric: 'answered', subject: 'a1' }, { day: '2026-03-02', channel: 'wechat', metric: 'turns', by: 5 }]);

    expect(await store.read({ from: '2026-03-01', to: '2026-03-02' })).toEqual([
      { day: '2026-03-01', channel: 'directline', metric: 'answered', subject: 'a1', count: 4 },
      { day: '2026-03-01', channel: 'wechat', metric: 'turns', subject: '', count: 1 },
      { day: '2026-03-02', channel: 'wechat', metric: 'turns', subject: '', count: 5 },
    ]);
    expect(await store.read({ from: '2026-03-02', to: '2026-03-02', channel: 'wechat', metrics: ['turns'] })).toEqual([{ day: '2026-03-02', channel: 'wechat', metric: 'turns', subject: '', count: 5 }]);
    expect(await store.totals({ from: '2026-03-01', to: '2026-03-02', metrics: ['turns'] })).toEqual([{ metric: 'turns', subject: '', count: 6 }]);
  });
});
