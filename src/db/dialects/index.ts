import type { Db } from '../db.js';
import type { Dialect } from './dialect.js';
import { mysql } from './mysql.js';
import { createMysqlWrites } from './mysql-write.js';
import { postgres } from './postgres.js';
import { postgresWrites } from './postgres-write.js';
import type { WriteDialect } from './write-dialect.js';

export type { Dialect, DigestedRead, LayoutRow, UserRow } from './dialect.js';
export type { WriteDialect } from './write-dialect.js';

/** The one place a database's name chooses its SQL: reading. */
export function dialectFor(name: Db['dialect']): Dialect {
  switch (name) {
    case 'postgres':
      return postgres;
    case 'mysql':
      return mysql;
  }
}

/** The one place a database's name chooses its SQL: writing, and the apply lock. */
export function writeDialectFor(name: Db['dialect']): WriteDialect {
  switch (name) {
    case 'postgres':
      return postgresWrites;
    case 'mysql':
      // A fresh one per call (per apply): it keeps the server's packet limit read with the lock.
      return createMysqlWrites();
  }
}
