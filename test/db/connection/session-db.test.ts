import { expect, test } from 'vitest';
import type { Db } from '../../../src/db/db.js';
import { describeDatabases, type TestDatabase } from '../harness.js';

/** A transaction's characteristics are in effect from its first statement, on every database. */
describeDatabases('transactions started with characteristics', ({ fresh }) => {
  /**
   * How the running transaction reads: a second session inserts a row between two counts
   * (repeatable read sees the first count twice). PGlite has one session only: it is asked.
   * (MariaDB 10.11's information_schema.INNODB_TRX can report an earlier transaction's level.)
   */
  const isolationOf = async (t: TestDatabase, tx: Db): Promise<string> => {
    const other = await t.connectAgain();
    if (!other) return String((await tx.query<{ transaction_isolation: string }>('SHOW transaction_isolation'))[0]?.transaction_isolation);
    const count = async (): Promise<number> => Number((await tx.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM valid'))[0]?.n);
    const before = await count();
    await other.query(`INSERT INTO valid (name, create_time, create_by, change_time, change_by) VALUES ('probe ${Math.random()}', current_timestamp, 1, current_timestamp, 1)`);
    return (await count()) === before ? 'repeatable read' : 'read committed';
  };
  const write = (tx: Db): Promise<unknown> => tx.query("UPDATE chat_channel SET comments = 'x'");

  test('repeatable read, read only: as asked, and writing is refused', async () => {
    const t = await fresh();
    expect(await t.db.transaction((tx) => isolationOf(t, tx), { isolation: 'repeatable read', readOnly: true })).toBe('repeatable read');
    await expect(t.db.transaction(write, { readOnly: true })).rejects.toThrow();
    await t.db.transaction(write);
  });

  test('read committed, and the next transaction is back to the default', async () => {
    const t = await fresh();
    expect(await t.db.transaction((tx) => isolationOf(t, tx), { isolation: 'read committed' })).toBe('read committed');
    const fallback = t.database.dialect === 'postgres' ? 'read committed' : 'repeatable read';
    expect(await t.db.transaction((tx) => isolationOf(t, tx))).toBe(fallback);
    expect(await t.db.transaction((tx) => isolationOf(t, tx), { isolation: 'repeatable read' })).toBe('repeatable read');
  });
});
