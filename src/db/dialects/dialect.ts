import type { AvailabilityColumns, DatabaseCapabilities, GroupTable, NameComparison } from '../../model/actual-state.js';
import type { Db } from '../db.js';
import type { Statement } from '../statement.js';

/** One column of one OTRS table, as the layout query reports it. */
export interface LayoutRow {
  readonly table_name: string;
  readonly column_name: string;
  /** The column's SQL type as the database names it (`smallint`, `character varying(200)`...). */
  readonly column_type: string;
  /** MySQL: the text column's character set (`utf8mb4`, `utf8mb3`...); absent on PostgreSQL. */
  readonly character_set?: string | null;
  /** MySQL: the text column's collation (`utf8mb4_unicode_ci`...); absent on PostgreSQL. */
  readonly collation_name?: string | null;
  /** MySQL: the table's storage engine (`InnoDB`...); absent on PostgreSQL. */
  readonly table_engine?: string | null;
}

/**
 * Everything that differs between databases when reading: identifier quoting, SQL text,
 * type names. Nothing else. Each query is one statement whatever the number of rows.
 */
export interface Dialect {
  readonly name: Db['dialect'];
  /** The one quoting helper: every identifier that goes into SQL text passes through it. */
  quoteIdentifier(name: string): string;
  /** The columns of each of `tables` that exists where unqualified names resolve (search_path / current database). */
  layoutQuery(tables: readonly string[]): Statement;
  /**
   * `layoutQuery`'s rows as layout rows, in table and column order, where the query returns
   * them in another shape.
   * @default the rows as read
   */
  layoutRows?(rows: readonly Readonly<Record<string, unknown>>[]): LayoutRow[];
  /** Whether a column of this SQL type can hold the 0/1 availability flags. */
  isIntegerType(columnType: string): boolean;
  /** Throws UnsupportedDatabaseError when a table the tool writes could not be rolled back (MySQL: not InnoDB). */
  checkWritable?(layout: readonly LayoutRow[]): void;
  /** How the database compares channel and group names, and whether it stores 4-byte characters, from the layout. */
  textCapabilities(layout: readonly LayoutRow[], groupTable: GroupTable): { nameComparison: NameComparison; supportsFourByteCharacters: boolean };
  /**
   * Where names compare under a collation (MySQL/MariaDB): how to ask the server for each name's
   * key (src/db/dialects/mysql-name-keys.ts). Absent where names compare exactly after NFC.
   */
  readonly collationKeys?: CollationKeyReads;
  /**
   * The reads the state digest covers in place of `layoutQuery` (state-digest.ts), when that is
   * cheaper inside one statement: their results together decide the layout's rows.
   * @default `layoutQuery` itself
   */
  layoutDigestReads?(tables: readonly string[]): DigestedRead[];
  /** Whether `layoutQuery` reads outside the transaction's snapshot (MySQL's information_schema). */
  readonly catalogOutsideSnapshot?: boolean;
  /** Rows: id, name. */
  validQuery(): Statement;
  /** Rows: id, name, valid_id, and where names compare under a collation (`collationKeys`) name_weight. */
  groupsQuery(groupTable: GroupTable): Statement;
  /**
   * Rows, in no particular order (introspect sorts them by id): id, name, group_id, valid_id, comments, customer_flag and public_flag when given, and with
   * `stamps` change_login (NULL when the agent is gone) and change_at (`YYYY-MM-DD HH:MM:SS`); where
   * names compare under a collation (`collationKeys`), name_weight: the name's weight string in
   * hex under its column's collation, as `collationKeys` reads it for the same text.
   */
  channelsQuery(availability: AvailabilityColumns | null, stamps?: boolean): Statement;
  /**
   * Rows: id, name, effective_value, and per system-wide row (NULL when none) modified_id, modified_value,
   * modified_is_valid, modified_login, modified_at.
   */
  settingsQuery(names: readonly string[]): Statement;
  /** Rows (`UserRow`): at most one, the exact login first. */
  userQuery(login: string): Statement;
}

/** A row of `userQuery`: an agent and the name of its valid state (NULL when that row is gone). */
export interface UserRow {
  readonly id: unknown;
  readonly login: unknown;
  readonly valid_name: unknown;
}

/** Asking a server which names its collations hold equal, in a fixed number of statements. */
export interface CollationKeyReads {
  /** The statements for these (NFC, distinct) names under these collations; one unless a server limit forces more. */
  /**
   * `capabilities`: those of the state the names come from, when read from this server — they say
   * which statement shapes it takes (mysql-server-version.ts); without them, shapes every server takes.
   */
  statements(names: readonly string[], collations: readonly string[], capabilities?: Pick<DatabaseCapabilities, 'nameComparison'>): Statement[];
  /**
   * Each collation's key of each name, from every statement's rows in order; `known[j]`: weight
   * strings (hex) of further names under collation j, read with the rows they name (`name_weight`),
   * whose keys are given too. The maps of `known` are taken over: their values become the keys.
   */
  keys(
    names: readonly string[],
    collations: readonly string[],
    rowsPerStatement: readonly (readonly Readonly<Record<string, unknown>>[])[],
    known?: readonly Map<string, string>[],
  ): ReadonlyMap<string, string>[];
}

/** One of the reads the state digest stands for (state-digest.ts), with the names of its result columns (MySQL has no row-to-text to digest a row without them). */
export interface DigestedRead {
  readonly statement: Statement;
  readonly columns: readonly string[];
}
