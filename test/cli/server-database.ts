import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { parseDatabaseTarget } from '../../src/db/connection/resolve-target.js';
import type { Db } from '../../src/db/db.js';
import { createOtrsTables, type Variant } from '../db/harness.js';
import { SERVER_ENV_VARS, serverUrl, type ServerName } from '../servers.js';

export interface ServerDatabase {
  /** The database's name on the server. */
  readonly name: string;
  /** The URL of `database` (default: this one) on the server, as the binary takes it. */
  url(database?: string): string;
  /** A connection of the test's own to `database` (default: this one); the caller closes it. */
  open(database?: string): Promise<Db>;
}

/**
 * For CLI tests on a real server: a database of the suite's own holding the OTRS tables in
 * `variant`, created before its tests and dropped after them. Call it inside the suite's
 * `describeWithServer`, so nothing runs when the server's variable is unset.
 */
export function serverDatabase(server: ServerName, variant: Variant = {}): ServerDatabase {
  const name = `otrs_test_${randomBytes(6).toString('hex')}`;
  const url = (database = name): string => {
    const u = new URL(serverUrl(server) ?? '');
    u.pathname = `/${database}`;
    return u.toString();
  };
  const open = (database = name): Promise<Db> =>
    openDatabase(parseDatabaseTarget(url(database), {}, '/tmp', SERVER_ENV_VARS[server]), { lockTimeoutMs: 0 });
  const quoted = server === 'mariadb' ? `\`${name}\`` : `"${name}"`;
  let admin: Db | undefined;

  beforeAll(async () => {
    admin = await open(new URL(serverUrl(server) ?? '').pathname.slice(1));
    await admin.query(`CREATE DATABASE ${quoted}`);
    const db = await open();
    try {
      await createOtrsTables(db, variant);
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${quoted}`);
    await admin?.close();
  });

  return { name, url, open };
}
