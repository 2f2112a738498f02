import { expect, it } from 'vitest';
import { createRedactionCarryStore } from '../../src/storage/index.js';
import { describeEachDialect, useTempDatabases } from './tempDatabases.js';

describeEachDialect((dialect) => {
  const temp = useTempDatabases(dialect);

  it("gives one connection's carry to another, forgets it when set to nothing, and ignores it once expired", async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const a = createRedactionCarryStore((await temp.open()).db, { ttlMs: 60_000, now });
    const b = createRedactionCarryStore((await temp.open()).db, { ttlMs: 60_000, now });
    await a.set('directline/c1', 'carry-1');
    expect(await b.get('directline/c1')).toBe('carry-1');
    await b.set('directline/c1', 'carry-2');
    expect(await a.get('directline/c1')).toBe('carry-2');
    await a.set('directline/c1', undefined);
    expect(await b.get('directline/c1')).toBeUndefined();

    await a.set('directline/c2', 'carry-3');
    clock += 60_001;
    expect(await b.get('directline/c2')).toBeUndefined();
  });

  it('purges expired carries as it goes', async () => {
    let clock = 1_000_000;
    const { db } = await temp.open();
    const store = createRedactionCarryStore(db, { ttlMs: 60_000, now: () => clock });
    await store.set('directline/old', 'carry');
    clock += 120_000;
    await store.set('directline/new', 'carry');
    expect((await db.selectFrom('redaction_carries').select('conversation_key').execute()).map((r) => r.conversation_key)).toEqual(['directline/new']);
  });
});
