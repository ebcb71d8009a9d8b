import type { Db } from '../../src/db/db.js';
import { waitFor } from '../wait-for.js';

/**
 * What the sessions of a test's database wait for, seen from `observer`, a connection of its own:
 * the others are busy waiting, and inside a transaction PostgreSQL would show the same
 * pg_stat_activity snapshot again and again.
 * - `'any'`: a lock of any kind (the apply lock or a row's).
 * - `'apply-lock'`: the apply lock only (PostgreSQL's advisory lock, MySQL's GET_LOCK).
 */
export type LockKind = 'any' | 'apply-lock';

function waitersSql(dialect: Db['dialect'], kind: LockKind): string {
  if (dialect === 'postgres') {
    // pg_locks: a lock not granted is a session waiting for it.
    return (
      'SELECT count(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ' +
      `WHERE NOT l.granted AND a.datname = current_database()${kind === 'apply-lock' ? " AND l.locktype = 'advisory'" : ''}`
    );
  }
  // No reliable view of row lock waits here; the holders sit idle in their transactions, so every
  // other statement still running in this database is one that waits. GET_LOCK waits show as such.
  return (
    'SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND INFO IS NOT NULL' +
    (kind === 'apply-lock' ? " AND INFO LIKE '%GET_LOCK(%'" : '')
  );
}

/** How many sessions of this database wait for a lock of `kind` right now. */
export async function lockWaiterCount(observer: Db, kind: LockKind = 'any'): Promise<number> {
  const [row] = await observer.query<{ n: unknown }>(waitersSql(observer.dialect, kind));
  return Number(row?.n);
}

/** Waits (polling) until at least `count` sessions of this database wait for a lock of `kind`. */
export async function lockWaiters(observer: Db, count: number, kind: LockKind = 'any'): Promise<void> {
  await waitFor(async () => (await lockWaiterCount(observer, kind)) >= count, {
    timeoutMs: 20_000,
    what: `${count} session(s) waiting for ${kind === 'apply-lock' ? 'the apply lock' : 'a lock'}`,
  });
}

/** Waits (polling) until the server no longer lists the session `id` (a pg backend pid or a MySQL connection id). */
export async function sessionGone(observer: Db, id: number): Promise<void> {
  const sql =
    observer.dialect === 'postgres'
      ? 'SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1'
      : 'SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?';
  await waitFor(
    async () => {
      const [row] = await observer.query<{ n: unknown }>(sql, [id]);
      return Number(row?.n) === 0;
    },
    { timeoutMs: 20_000, what: `session ${id} to end on the server` },
  );
}
