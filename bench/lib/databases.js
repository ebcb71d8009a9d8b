// The databases the bench measures on, each able to hand out a FRESH database per measurement:
// - pglite: a copy of a pristine embedded folder (made once by the product itself: initdb, the
//   OTRS tables and a fresh install's rows), opened through its `embedded:<dir>` target;
// - postgres / mariadb: a database of their own on the server, with the OTRS tables created the
//   way test/db/harness.ts creates them (copied here: bench/ may not import test/), dropped after.
// Every database the bench makes is named otrs_bench_<hex>; sweep() drops leftovers of a killed run.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, resolveDatabaseTarget } from '../../dist/src/index.js';
import { mysqlDdl } from '../../dist/src/db/dialects/mysql-ddl.js';
import { readOtrsSchemaSql, renderOtrsSchema } from '../../dist/src/db/embedded/otrs-schema.js';
import { splitSqlScript } from '../../dist/src/db/embedded/sql-script.js';
import { SEED_GROUP_IDS } from './config-files.js';

export const DATABASES = ['pglite', 'postgres', 'mariadb'];
export const TITLES = { pglite: 'PGlite (embedded PostgreSQL)', postgres: 'PostgreSQL', mariadb: 'MariaDB' };
export const URL_VARIABLES = { postgres: 'OTRS_TEST_DATABASE_URL', mariadb: 'OTRS_TEST_MYSQL_URL' };
const PREFIX = 'otrs_bench_';
/** PREFIX as a LIKE pattern: `_` matches any character unless escaped. */
const LIKE_PREFIX = `${PREFIX.replaceAll('_', '\\_')}%`;

const open = (text) => openDatabase(resolveDatabaseTarget(text, {}, process.cwd()), { lockTimeoutMs: 30_000 });

/** The OTRS schema as statements for a dialect: the shipped PostgreSQL file, or its MySQL rendering. */
export function otrsSchemaStatements(dialect) {
  return splitSqlScript(dialect === 'mysql' ? renderOtrsSchema(mysqlDdl('utf8mb4')) : readOtrsSchemaSql());
}

/**
 * Creates the OTRS tables through `exec` in one transaction (MySQL commits DDL by itself anyway),
 * then checks the seed gave the groups the ids the floors write.
 */
export async function createOtrsTables(exec, dialect) {
  const mysql = dialect === 'mysql';
  await exec('BEGIN');
  // As the test harness: keys added after the rows without checking them again (MySQL).
  if (mysql) await exec('SET foreign_key_checks = 0');
  for (const statement of otrsSchemaStatements(dialect)) await exec(statement);
  if (mysql) await exec('SET foreign_key_checks = 1');
  await exec('COMMIT');
  const groups = await exec(`SELECT id, name FROM ${mysql ? '`groups`' : '"groups"'} ORDER BY id`);
  for (const [name, id] of Object.entries(SEED_GROUP_IDS)) {
    if (!groups.some((g) => Number(g.id) === id && g.name === name)) throw new Error(`the seed did not give group ${name} the id ${id}`);
  }
}

/** A URL for the named database on the server of `url` (user, host, port and options kept). */
function withDatabase(url, name) {
  const own = new URL(url);
  own.pathname = `/${name}`;
  return own.toString();
}

/**
 * One kind of database: `fresh()` gives { target (for --database and openDatabase), url (servers),
 * dir (pglite), dispose() }. `close()` ends the admin connection.
 */
export async function openBackend(name, { url, workDir, pristine }) {
  if (name === 'pglite') return pgliteBackend(workDir, pristine);
  const admin = await open(url);
  const mysql = admin.dialect === 'mysql';
  const create = mysql ? (db) => `CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci` : (db) => `CREATE DATABASE ${db}`;
  // FORCE: a measurement killed by its timeout may leave a session behind.
  const drop = mysql ? (db) => `DROP DATABASE IF EXISTS \`${db}\`` : (db) => `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`;
  const [row] = await admin.query(mysql ? 'SELECT VERSION() AS v' : 'SHOW server_version');
  const version = String(mysql ? row.v : row.server_version);
  return {
    name,
    dialect: admin.dialect,
    version,
    async fresh() {
      const db = `${PREFIX}${randomBytes(5).toString('hex')}`;
      await admin.query(create(db));
      const own = withDatabase(url, db);
      const conn = await open(own);
      try {
        await createOtrsTables((sql) => conn.query(sql), conn.dialect);
      } finally {
        await conn.close();
      }
      return { target: own, url: own, name: db, dispose: () => admin.query(drop(db)) };
    },
    /** Ends every session on a bench database (a killed process's statement may still run on the server). */
    async killSessions() {
      if (!mysql) {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE $1 AND pid <> pg_backend_pid()', [LIKE_PREFIX]);
        return;
      }
      const sessions = await admin.query('SELECT id FROM information_schema.processlist WHERE db LIKE ? AND id <> CONNECTION_ID()', [LIKE_PREFIX]);
      for (const s of sessions) await admin.query(`KILL ${Number(s.id)}`).catch(() => undefined);
    },
    /** Drops every database a bench made, e.g. left by a run that was killed. */
    async sweep() {
      const rows = mysql
        ? await admin.query('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [LIKE_PREFIX])
        : await admin.query('SELECT datname AS name FROM pg_database WHERE datname LIKE $1', [LIKE_PREFIX]);
      for (const r of rows) await admin.query(drop(String(r.name)));
      return rows.length;
    },
    close: () => admin.close(),
  };
}

/**
 * PGlite: a pristine folder made once by the product (its first open runs initdb and creates the
 * tables), copied per use. A child process is handed the parent's `pristine` folder instead.
 */
async function pgliteBackend(workDir, existing) {
  const root = join(workDir, existing ? `pglite-${process.pid}` : 'pglite');
  mkdirSync(root, { recursive: true });
  const pristine = existing ?? join(root, 'pristine');
  let version;
  if (!existing) {
    const db = await open(`embedded:${pristine}`);
    const [row] = await db.query('SHOW server_version');
    version = String(row.server_version);
    await db.close();
  }
  let count = 0;
  return {
    name: 'pglite',
    dialect: 'postgres',
    version,
    pristine,
    async fresh() {
      const dir = join(root, `db-${++count}`);
      cpSync(pristine, dir, { recursive: true });
      return {
        target: `embedded:${dir}`,
        dir,
        name: dir,
        dispose: async () => {
          rmSync(dir, { recursive: true, force: true });
          rmSync(`${dir}.lock`, { recursive: true, force: true });
        },
      };
    },
    // Each PGlite is in a process of its own: killing the process ends it.
    killSessions: async () => undefined,
    sweep: async () => 0,
    close: async () => undefined,
  };
}
