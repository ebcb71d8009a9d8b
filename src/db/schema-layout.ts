import { UnsupportedDatabaseError } from '../errors.js';
import type { AvailabilityColumns, GroupTable } from '../model/actual-state.js';
import type { LayoutRow } from './dialects/index.js';

/** Where this OTRS keeps what the tool reads: found at connect time, never assumed (docs/otrs.md). */
export interface OtrsLayout {
  readonly groupTable: GroupTable;
  /** `null`: chat_channel has no availability columns (OTRS 6). */
  readonly availabilityColumns: AvailabilityColumns | null;
}

export const GROUP_TABLES: readonly GroupTable[] = ['groups', 'permission_groups', 'groups_table'];
const REQUIRED_TABLES = ['valid', 'users', 'sysconfig_default', 'sysconfig_modified'] as const;
/** The tables the layout query asks about. */
export const LAYOUT_TABLES: readonly string[] = [...GROUP_TABLES, 'chat_channel', ...REQUIRED_TABLES];

/** Where to look when a database has none of OTRS's tables: the advice differs between the two kinds. */
function noTablesMessage(database: { readonly dialect: 'postgres' | 'mysql'; readonly description: string } | undefined): string {
  const where = database ? ` in ${database.description}` : '';
  if (database?.dialect === 'mysql') {
    return (
      `no OTRS tables found${where}: is this the OTRS database? On MySQL and MariaDB it is the database named at the end ` +
      'of the URL (mysql://USER@HOST:PORT/DATABASE); SHOW DATABASES lists those on the server'
    );
  }
  return (
    `no OTRS tables found${where}: is this the OTRS database named at the end of the URL, and is its schema on the search_path ` +
    '(options=-c%20search_path%3DSCHEMA in the URL)?'
  );
}

/** This project's names for the flags (OTRS 7/8 does not publish its own). */
export const STANDARD_AVAILABILITY_COLUMNS: AvailabilityColumns = { customer: 'customer_interface', public: 'public_interface' };
/** chat_channel's own OTRS columns: read by name, and never an availability flag. */
const CHANNEL_COLUMNS = ['id', 'name', 'group_id', 'valid_id', 'comments', 'create_time', 'create_by', 'change_time', 'change_by'];
const READ_CHANNEL_COLUMNS = ['id', 'name', 'group_id', 'valid_id', 'comments'];

/**
 * Decides the layout from the tables and columns found. Every way this database is not one the
 * tool can serve is an `UnsupportedDatabaseError` that says what was found.
 * @param requested the operator's availability columns (customer, public); they end up in SQL
 *   text, so only existing integer columns of chat_channel are accepted.
 * @param database which database was read, for advice that fits it
 */
export function detectLayout(
  rows: readonly LayoutRow[],
  requested: readonly [string, string] | undefined,
  isIntegerType: (columnType: string) => boolean,
  database?: { readonly dialect: 'postgres' | 'mysql'; readonly description: string },
): OtrsLayout {
  const columns = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const table = columns.get(row.table_name) ?? new Map<string, string>();
    table.set(row.column_name, row.column_type);
    columns.set(row.table_name, table);
  }

  const groupTables = GROUP_TABLES.filter((t) => columns.has(t));
  const missing = REQUIRED_TABLES.filter((t) => !columns.has(t));
  if (groupTables.length === 0 && missing.length === REQUIRED_TABLES.length) {
    throw new UnsupportedDatabaseError(noTablesMessage(database));
  }
  if (groupTables.length === 0) {
    throw new UnsupportedDatabaseError(`no group table (${GROUP_TABLES.join(', ')}) found: this is not an OTRS 6 or later database the tool knows`);
  }
  const [groupTable] = groupTables;
  if (groupTable === undefined || groupTables.length > 1) {
    throw new UnsupportedDatabaseError(`several group tables found (${groupTables.join(', ')}): cannot tell which one this OTRS uses`);
  }
  if (missing.length > 0) {
    throw new UnsupportedDatabaseError(`no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''} found: this is not an OTRS 6 or later database`);
  }
  const channel = columns.get('chat_channel');
  if (!channel) throw new UnsupportedDatabaseError('the chat feature is not installed in this OTRS database (no chat_channel table)');
  const lacking = READ_CHANNEL_COLUMNS.filter((c) => !channel.has(c));
  if (lacking.length > 0) {
    throw new UnsupportedDatabaseError(`chat_channel has no ${lacking.join(', ')} column${lacking.length > 1 ? 's' : ''}: a layout this tool does not know`);
  }
  return { groupTable, availabilityColumns: availability(channel, requested, isIntegerType) };
}

function availability(
  channel: ReadonlyMap<string, string>,
  requested: readonly [string, string] | undefined,
  isIntegerType: (columnType: string) => boolean,
): AvailabilityColumns | null {
  const existing = `chat_channel's columns are: ${[...channel.keys()].join(', ')}`;
  if (requested === undefined) {
    const { customer, public: pub } = STANDARD_AVAILABILITY_COLUMNS;
    if (!channel.has(customer) && !channel.has(pub)) return null;
    if (!channel.has(customer) || !channel.has(pub)) {
      const [has, lacks] = channel.has(customer) ? [customer, pub] : [pub, customer];
      throw new UnsupportedDatabaseError(
        `chat_channel has ${has} but no ${lacks}: name both availability columns with --availability-columns CUSTOMER_COL,PUBLIC_COL (${existing})`,
      );
    }
    return STANDARD_AVAILABILITY_COLUMNS;
  }

  const [customer, pub] = requested;
  const unknown = requested.filter((c) => !channel.has(c));
  if (unknown.length > 0) {
    throw new UnsupportedDatabaseError(
      `--availability-columns names ${unknown.map((c) => `"${c}"`).join(' and ')}, which chat_channel does not have; ${existing}`,
    );
  }
  if (customer === pub) throw new UnsupportedDatabaseError(`--availability-columns names "${customer}" twice: give the customer column, then the public one`);
  for (const name of requested) {
    if (CHANNEL_COLUMNS.includes(name)) {
      throw new UnsupportedDatabaseError(`--availability-columns names "${name}", one of chat_channel's own OTRS columns, not an availability flag; ${existing}`);
    }
    const type = channel.get(name) ?? '';
    if (!isIntegerType(type)) {
      throw new UnsupportedDatabaseError(`--availability-columns names "${name}", a ${type} column; the flags are integer (0/1) columns`);
    }
  }
  return { customer, public: pub };
}
