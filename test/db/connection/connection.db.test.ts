import { expect, test } from 'vitest';
import { KEPT_STATEMENT_CHARS } from '../../../src/db/connection/mysql-connection.js';
import { sqlStateOf } from '../../../src/db/sql-state.js';
import { ConnectionError } from '../../../src/errors.js';
import { describeDatabases } from '../harness.js';
import { sessionGone } from '../server-sessions.js';

describeDatabases('a Db connection', ({ fresh, database }) => {
  test('a failing statement rejects with the driver error and its SQLSTATE, and the connection stays usable', async () => {
    const { db } = await fresh();
    const failure = await db.query('SELECT * FROM no_such_table').catch((err: unknown) => err);
    expect(sqlStateOf(failure)).toBe(database.dialect === 'mysql' ? '42S02' : '42P01');
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  testOn(database.dialect === 'postgres')('bind parameters, arrays included; ids and counts come back as numbers', async () => {
    const { db } = await fresh();
    const rows = await db.query<{ n: unknown; c: unknown; t: unknown }>(
      'SELECT count(*) AS c, $1::int AS n, array_length($2::text[], 1) AS t FROM valid',
      [7, ['a', 'b']],
    );
    expect(rows).toEqual([{ c: 3, n: 7, t: 2 }]);
  });

  testOn(database.dialect === 'mysql')('MySQL: ? parameters, text and numbers; ids and counts come back as numbers', async () => {
    const { db } = await fresh();
    const rows = await db.query('SELECT count(*) AS c, ? AS n, CHAR_LENGTH(?) AS t, MIN(id) AS id FROM valid', [7, 'a\'b😀']);
    expect(rows).toEqual([{ c: 3, n: 7, t: 4, id: 1 }]);
  });

  testOn(database.dialect === 'mysql')('MySQL: a fixed-shape statement is prepared once per connection; a long one is closed after each use', async () => {
    const { db } = await fresh();
    const status = async (): Promise<{ prepared: number; closed: number }> => {
      const rows = await db.query<{ Variable_name: string; Value: string }>("SHOW SESSION STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Com_stmt_close')");
      const value = (name: string): number => Number(rows.find((r) => r.Variable_name === name)?.Value);
      return { prepared: value('Com_stmt_prepare'), closed: value('Com_stmt_close') };
    };
    const short = 'SELECT name FROM valid WHERE id = ?';
    const before = await status();
    for (const id of [1, 2, 3]) expect(await db.query(short, [id])).toHaveLength(1);
    const afterShort = await status();
    expect(afterShort.prepared - before.prepared).toBe(1);
    expect(afterShort.closed - before.closed).toBe(0);
    // One placeholder per value, as a server without JSON_TABLE gets: too long to keep.
    const ids = Array.from({ length: 3000 }, (_, i) => i + 1);
    const long = `SELECT COUNT(*) AS n FROM valid WHERE id IN (${ids.map(() => '?').join(', ')})`;
    expect(long.length).toBeGreaterThan(KEPT_STATEMENT_CHARS);
    for (let i = 0; i < 2; i++) expect(await db.query(long, ids)).toEqual([{ n: 3 }]);
    const afterLong = await status();
    expect(afterLong.prepared - afterShort.prepared).toBe(2);
    expect(afterLong.closed - afterShort.closed).toBe(2);
  });

  test('a transaction commits on success and counts its BEGIN and COMMIT', async () => {
    const t = await fresh();
    const before = t.db.statementCount;
    await t.db.transaction(async (tx) => {
      await tx.query("INSERT INTO valid (name, create_time, create_by, change_time, change_by) VALUES ('x', current_timestamp, 1, current_timestamp, 1)");
    });
    expect(t.db.statementCount - before).toBe(3);
    expect(await t.rows("SELECT name FROM valid WHERE name = 'x'")).toHaveLength(1);
  });

  test('a transaction rolls back on any error and rethrows it', async () => {
    const t = await fresh();
    const boom = new Error('boom');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query("INSERT INTO valid (name, create_time, create_by, change_time, change_by) VALUES ('x', current_timestamp, 1, current_timestamp, 1)");
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await t.rows("SELECT name FROM valid WHERE name = 'x'")).toHaveLength(0);
    await expect(t.db.transaction((tx) => tx.transaction(() => Promise.resolve()))).rejects.toThrow(/do not nest/);
  });

  testOn(database.name === 'postgres')('a connection the server ends turns the next query into a ConnectionError', async () => {
    const t = await fresh();
    const other = await t.connectAgain();
    const [{ pid } = { pid: 0 }] = await t.rows<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    if (!other) throw new Error('this database has one session only');
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    await sessionGone(other, pid);
    const failure = await t.db.query('SELECT 1').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as Error).message).toMatch(/^lost the connection to postgres:\/\/.*; nothing more was sent$/);
  });

  testOn(database.dialect === 'mysql')('MySQL: a connection the server ends turns the next query into a ConnectionError', async () => {
    const t = await fresh();
    const other = await t.connectAgain();
    const [{ id } = { id: 0 }] = await t.rows<{ id: number }>('SELECT CONNECTION_ID() AS id');
    if (!other) throw new Error('this database has one session only');
    await other.query(`KILL CONNECTION ${Number(id)}`);
    await sessionGone(other, Number(id));
    const failure = await t.db.query('SELECT 1').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as Error).message).toMatch(/^lost the connection to mysql:\/\/.*; nothing more was sent$/);
  });
});

/** Registers a test only where its behaviour exists, instead of reporting it skipped elsewhere. */
function testOn(applies: boolean): (name: string, fn: () => Promise<void>) => void {
  return applies ? (name, fn) => test(name, fn) : () => undefined;
}
