import { randomBytes } from 'node:crypto';
import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { parseDatabaseTarget } from '../../src/db/connection/resolve-target.js';
import type { Db } from '../../src/db/db.js';
import { dialectFor } from '../../src/db/dialects/index.js';
import { mysqlDdl, type MysqlCharset } from '../../src/db/dialects/mysql-ddl.js';
import { readOtrsSchemaSql, renderOtrsSchema } from '../../src/db/embedded/otrs-schema.js';
import { wrapPglite } from '../../src/db/connection/pglite-connection.js';
import { STANDARD_AVAILABILITY_COLUMNS } from '../../src/db/schema-layout.js';
import { runSqlScript } from '../../src/db/embedded/sql-script.js';
import type { GroupTable } from '../../src/model/actual-state.js';
import { SERVER_ENV_VARS, serverSuiteName, serverUrl, type ServerName } from '../servers.js';
import { seedDatabase, type SeedLayout, type SeedState } from './seed-state.js';

/**
 * Database tests are one suite run on every database at hand (docs/architecture.md): PGlite always, the
 * PostgreSQL server in OTRS_TEST_DATABASE_URL and the MariaDB / MySQL server in
 * OTRS_TEST_MYSQL_URL when set. Each test gets its own fresh schema (PGlite) or database
 * (servers) holding the OTRS tables in the variant it asks for.
 */

/** The schema variants real installs have (docs/otrs.md). */
export interface Variant {
  /** @default 'groups' (OTRS 6); 'permission_groups' (Znuny, OTRS 7+), 'groups_table' (OTOBO) */
  readonly groupTable?: GroupTable;
  /** @default 'standard' (customer_interface, public_interface); 'none' (OTRS 6); or the two columns' other names */
  readonly availabilityColumns?: 'standard' | 'none' | readonly [string, string];
  /** MySQL only: the tables' character set (utf8mb4 with utf8mb4_unicode_ci, or utf8mb3 with utf8mb3_general_ci). @default 'utf8mb4' */
  readonly charset?: MysqlCharset;
}

export interface TestDatabase {
  readonly db: Db;
  readonly database: DatabaseUnderTest;
  readonly layout: SeedLayout;
  /** Adds the scenario's rows to the fresh install's, through the db layer. */
  seed(state: SeedState): Promise<void>;
  /**
   * Any SQL, for arranging and checking (counted in db.statementCount: take differences).
   * `$1`, `$2`... work on every database: on MySQL they become `?` with the values in that order.
   */
  rows<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Another connection to the same database, closed with the test; `null` where there is only one (PGlite). */
  connectAgain(): Promise<Db | null>;
}

/** One kind of database the suite runs on. */
export interface DatabaseUnderTest {
  readonly name: 'pglite' | 'postgres' | 'mariadb';
  readonly dialect: Db['dialect'];
  /** A database (or schema) of its own, with no tables. */
  createEmpty(): Promise<EmptyDatabase>;
  acquire(): void;
  /** After the last test of a file: closes shared connections. */
  release(): Promise<void>;
}

export interface EmptyDatabase {
  readonly db: Db;
  connectAgain(): Promise<Db | null>;
  dispose(): Promise<void>;
}

export interface DatabaseContext {
  readonly database: DatabaseUnderTest;
  /** The OTRS tables of a fresh install in the given variant; dropped after the test. */
  fresh(variant?: Variant): Promise<TestDatabase>;
  /** Nothing at all: for "this is not an OTRS database" cases. */
  empty(): Promise<TestDatabase>;
}

const suffix = (): string => randomBytes(6).toString('hex');

/**
 * One in-memory PGlite per test file (it takes seconds to start); each test in its own schema.
 * The instance is one session, so each Db switches search_path to its schema before it queries.
 */
function pgliteDatabase(): DatabaseUnderTest {
  let instance: Promise<PGlite> | undefined;
  let active: string | undefined;
  let users = 0;
  return {
    name: 'pglite',
    dialect: 'postgres',
    acquire: () => void users++,
    async createEmpty() {
      instance ??= PGlite.create();
      const pglite = await instance;
      const schema = `t_${suffix()}`;
      await pglite.query(`CREATE SCHEMA ${schema}`);
      const scoped: Pick<PGliteInterface, 'query'> = {
        async query(sql, params, options) {
          if (active !== schema) {
            await pglite.query(`SET search_path TO ${schema}`);
            active = schema;
          }
          return pglite.query(sql, params, options);
        },
      };
      return {
        db: wrapPglite(scoped, { description: `PGlite schema ${schema}` }),
        connectAgain: () => Promise.resolve(null),
        async dispose() {
          active = undefined;
          await pglite.query('SET search_path TO public');
          await pglite.query(`DROP SCHEMA ${schema} CASCADE`);
        },
      };
    },
    async release() {
      if (--users > 0 || !instance) return;
      const closing = instance;
      instance = undefined;
      await (await closing).close();
    },
  };
}

/** How one kind of server creates and drops a test's own database. */
interface ServerKind {
  readonly name: 'postgres' | 'mariadb';
  readonly dialect: Db['dialect'];
  readonly envVar: string;
  createSql(name: string): string;
  dropSql(name: string): string;
}

const POSTGRES_SERVER: ServerKind = {
  name: 'postgres',
  dialect: 'postgres',
  envVar: SERVER_ENV_VARS.postgres,
  createSql: (name) => `CREATE DATABASE ${name}`,
  // FORCE: a test that failed half-way may leave a session behind.
  dropSql: (name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
};

const MYSQL_SERVER: ServerKind = {
  name: 'mariadb',
  dialect: 'mysql',
  envVar: SERVER_ENV_VARS.mariadb,
  createSql: (name) => `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  dropSql: (name) => `DROP DATABASE IF EXISTS \`${name}\``,
};

/** A real server: each test creates a database of its own and drops it afterwards. */
function serverDatabase(kind: ServerKind, url: string): DatabaseUnderTest {
  const open = (text: string): Promise<Db> => openDatabase(parseDatabaseTarget(text, process.env, process.cwd(), kind.envVar), { lockTimeoutMs: 0 });
  let admin: Promise<Db> | undefined;
  let users = 0;
  return {
    name: kind.name,
    dialect: kind.dialect,
    acquire: () => void users++,
    async createEmpty() {
      admin ??= open(url);
      const server = await admin;
      const name = `otrs_test_${suffix()}`;
      await server.query(kind.createSql(name));
      const own = new URL(url);
      own.pathname = `/${name}`;
      const connections = [await open(own.toString())];
      return {
        db: connections[0] as Db,
        async connectAgain() {
          const another = await open(own.toString());
          connections.push(another);
          return another;
        },
        async dispose() {
          for (const c of connections) await c.close();
          await server.query(kind.dropSql(name));
        },
      };
    },
    async release() {
      if (--users > 0 || !admin) return;
      const closing = admin;
      admin = undefined;
      await (await closing).close();
    },
  };
}

/** Every database the suite knows; the servers only run when their variable is set (test/servers.ts). */
export type DatabaseName = DatabaseUnderTest['name'];
const ALL_DATABASES: readonly DatabaseName[] = ['pglite', 'postgres', 'mariadb'];

function databaseAtHand(name: DatabaseName): DatabaseUnderTest | undefined {
  if (name === 'pglite') return pgliteDatabase();
  const url = serverUrl(name);
  return url ? serverDatabase(name === 'postgres' ? POSTGRES_SERVER : MYSQL_SERVER, url) : undefined;
}

const atHand = new Map(ALL_DATABASES.flatMap((name) => {
  const database = databaseAtHand(name);
  return database ? [[name, database] as const] : [];
}));

/** The databases at hand: PGlite, and each server whose variable is set. */
export const databases: readonly DatabaseUnderTest[] = [...atHand.values()];

/** Stands in for a server that is not at hand, so its tests can be registered as skipped; never opened. */
function absentDatabase(name: ServerName): DatabaseUnderTest {
  return {
    name,
    dialect: name === 'postgres' ? 'postgres' : 'mysql',
    createEmpty: () => Promise.reject(new Error(`${SERVER_ENV_VARS[name]} is not set`)),
    acquire: () => undefined,
    release: () => Promise.resolve(),
  };
}

/**
 * `$n` placeholders as MySQL's `?`, the values reordered (and repeated) to match; quoted text is
 * left alone. SQL with `?` already passes through unchanged.
 */
export function toQuestionMarks(sql: string, params: readonly unknown[] = []): { sql: string; params: unknown[] } {
  const ordered: unknown[] = [];
  let found = false;
  const text = sql.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\$(\d+)/g, (match, n: string | undefined) => {
    if (n === undefined) return match;
    found = true;
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return found ? { sql: text, params: ordered } : { sql, params: [...params] };
}

/**
 * Registers the suite once per database, with `fresh()` handing out a database per test. `on`
 * narrows it to the databases a behaviour exists on (MySQL's collations, a second session): the
 * others do not register those tests at all. A server of `on` whose variable is unset gets the
 * same tests registered as skipped, named `[postgres] (set OTRS_TEST_DATABASE_URL to run)`, so a
 * file never ends up without a test, and a run shows what it left out.
 */
export function describeDatabases(
  name: string,
  fn: (ctx: DatabaseContext) => void,
  options: { on?: readonly DatabaseName[] } = {},
): void {
  for (const which of options.on ?? ALL_DATABASES) {
    const present = atHand.get(which);
    if (present) describe(`${name} [${which}]`, () => registerSuite(present, fn));
    else if (which !== 'pglite') describe.skip(serverSuiteName(which, `${name} [${which}]`), () => registerSuite(absentDatabase(which), fn));
  }
}

/** The hooks that hand out and drop a database per test, and the suite's own tests. */
function registerSuite(database: DatabaseUnderTest, fn: (ctx: DatabaseContext) => void): void {
  const disposals: (() => Promise<void>)[] = [];
  beforeAll(() => database.acquire());
  afterEach(async () => {
    for (const dispose of disposals.splice(0).reverse()) await dispose();
  });
  afterAll(() => database.release());

  const make = async (variant: Variant | undefined, withSchema: boolean): Promise<TestDatabase> => {
    const empty = await database.createEmpty();
    disposals.push(() => empty.dispose());
    const layout = layoutOf(variant);
    if (withSchema) await createOtrsTables(empty.db, variant);
    return {
      db: empty.db,
      database,
      layout,
      seed: (state) => seedDatabase(empty.db, layout, state),
      rows: (sql, params) => {
        if (empty.db.dialect !== 'mysql') return empty.db.query(sql, params);
        const translated = toQuestionMarks(sql, params);
        return empty.db.query(translated.sql, translated.params);
      },
      connectAgain: () => empty.connectAgain(),
    };
  };
  fn({ database, fresh: (variant) => make(variant, true), empty: () => make(undefined, false) });
}

function layoutOf(variant: Variant | undefined): SeedLayout {
  const availability = variant?.availabilityColumns ?? 'standard';
  return {
    groupTable: variant?.groupTable ?? 'groups',
    availabilityColumns:
      availability === 'none'
        ? null
        : availability === 'standard'
          ? [STANDARD_AVAILABILITY_COLUMNS.customer, STANDARD_AVAILABILITY_COLUMNS.public]
          : availability,
  };
}

/** The shipped schema (rendered for MySQL), then the variant made by renaming or dropping, as the real products differ. */
export async function createOtrsTables(db: Db, variant: Variant | undefined): Promise<void> {
  const q = dialectFor(db.dialect).quoteIdentifier;
  const { customer, public: pub } = STANDARD_AVAILABILITY_COLUMNS;
  const mysql = db.dialect === 'mysql';
  // MySQL commits DDL on its own; a failed test setup is dropped with its database anyway.
  await db.transaction(async (tx) => {
    // Adding the keys after the rows without checking them again takes a tenth of the time.
    if (mysql) await tx.query('SET foreign_key_checks = 0');
    await runSqlScript(tx, mysql ? renderOtrsSchema(mysqlDdl(variant?.charset ?? 'utf8mb4')) : readOtrsSchemaSql());
    if (mysql) await tx.query('SET foreign_key_checks = 1');
    const groupTable = variant?.groupTable ?? 'groups';
    if (groupTable !== 'groups') await tx.query(`ALTER TABLE ${q('groups')} RENAME TO ${q(groupTable)}`);
    const availability = variant?.availabilityColumns ?? 'standard';
    if (availability === 'none') {
      for (const column of [customer, pub]) await tx.query(`ALTER TABLE ${q('chat_channel')} DROP COLUMN ${q(column)}`);
    } else if (availability !== 'standard') {
      await tx.query(`ALTER TABLE ${q('chat_channel')} RENAME COLUMN ${q(customer)} TO ${q(availability[0])}`);
      await tx.query(`ALTER TABLE ${q('chat_channel')} RENAME COLUMN ${q(pub)} TO ${q(availability[1])}`);
    }
  });
}
