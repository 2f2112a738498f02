import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { reusingStatements } from '../../src/storage/openDatabase.js';

/** A real in-memory database whose `prepare` calls are counted. */
function counted() {
  const connection = new SQLite(':memory:');
  const prepares: string[] = [];
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((text: string) => {
    prepares.push(text);
    return prepare(text);
  }) as typeof connection.prepare;
  return { connection, prepares };
}

describe('reusingStatements', () => {
  const open: SQLite.Database[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) if (c.open) c.close();
  });

  it('prepares a statement text once and reuses it, with each run given its own parameters', () => {
    const { connection, prepares } = counted();
    open.push(connection);
    const db = reusingStatements(connection);
    db.prepare('create table t (n integer)').run();
    for (const n of [1, 2, 3]) db.prepare('insert into t (n) values (?)').run(n);
    expect(db.prepare('select n from t where n >= ? order by n').all(2)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(db.prepare('select n from t where n >= ? order by n').all(3)).toEqual([{ n: 3 }]);
    expect(prepares.filter((p) => p.startsWith('insert'))).toHaveLength(1);
    expect(prepares.filter((p) => p.startsWith('select'))).toHaveLength(1);
  });

  it('keeps the 256 most recently used texts: an older one is prepared again', () => {
    const { connection, prepares } = counted();
    open.push(connection);
    const db = reusingStatements(connection);
    db.prepare('select 0').get();
    for (let i = 1; i <= 256; i++) db.prepare(`select ${i}`).get();
    // 'select 0' was the least recently used when the 257th text came: it is prepared anew.
    db.prepare('select 0').get();
    expect(prepares.filter((p) => p === 'select 0')).toHaveLength(2);
    // 'select 256' is still kept.
    db.prepare('select 256').get();
    expect(prepares.filter((p) => p === 'select 256')).toHaveLength(1);
  });

  it('closes the connection', () => {
    const { connection } = counted();
    const db = reusingStatements(connection);
    db.prepare('select 1').get();
    db.close();
    expect(connection.open).toBe(false);
  });
});
