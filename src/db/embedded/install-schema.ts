import type { Db } from '../db.js';
import { readOtrsSchemaSql } from './otrs-schema.js';
import { runSqlScript } from './sql-script.js';

/**
 * Creates the OTRS tables and a fresh install's rows, all or nothing, on a database without
 * tables. "Fresh" means no table in the current schema, so a first run that died half-way is
 * redone, not left half-made. Used on the pristine data folder when it is made, and on every
 * open (a folder an older version made in place may lack them).
 */
export async function installSchemaIfEmpty(db: Db): Promise<void> {
  const [row] = await db.query<{ tables: number }>(
    'SELECT count(*)::int AS tables FROM pg_catalog.pg_tables WHERE schemaname = current_schema()',
  );
  if (Number(row?.tables) > 0) return;
  await db.transaction((tx) => runSqlScript(tx, readOtrsSchemaSql()));
}
