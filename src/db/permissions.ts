import type { ActualState, PermissionReading } from '../model/actual-state.js';
import type { Db } from './db.js';
import { dialectFor, type LayoutRow } from './dialects/index.js';
import { readersStatement } from './dialects/permission-reads.js';
import { readLayout, reading as readingAs, run } from './read-statement.js';

/**
 * The tables (and their columns) OTRS computes permissions from (docs/otrs.md, "Agent
 * permissions"). An instance, or an embedded database made before the tool created them, may
 * lack some: the check is then skipped, since reading only part of the grants would report
 * readable groups as unreadable.
 */
const PERMISSION_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  group_user: ['user_id', 'group_id', 'permission_key'],
  roles: ['id', 'valid_id'],
  role_user: ['user_id', 'role_id'],
  group_role: ['role_id', 'group_id', 'permission_key', 'permission_value'],
};
const PERMISSION_TABLES = Object.keys(PERMISSION_COLUMNS);

const SKIPPED = 'so which agents can read a group cannot be told, and the permission check was skipped';

/**
 * Reads, in a fixed number of statements (whatever the number of channels, groups, agents), the
 * readers of the given groups (all groups when omitted). Never throws for missing tables/columns:
 * returns { kind: 'skipped', reason }.
 *
 * Two statements: 1. the catalog probe for the permission tables and `group_user.permission_value`
 * (where unqualified names resolve, like every other read); 2. the distinct (group, agent) pairs
 * with at least `ro`, direct and through roles. With no group to read, only the probe runs. Call
 * it on the connection (or inside the transaction) `actual` was read from.
 */
export async function readAgentPermissions(db: Db, actual: ActualState, groupIds?: readonly number[]): Promise<PermissionReading> {
  const wanted = groupIds === undefined ? actual.groups.map((g) => g.id) : [...new Set(groupIds)];
  return reading(async () => {
    const layout = permissionLayout(await readLayout(db, PERMISSION_TABLES));
    if (layout.kind === 'skipped') return layout;

    const readersByGroup = new Map<number, Set<number>>(wanted.map((id) => [id, new Set<number>()]));
    if (wanted.length > 0) {
      const statement = readersStatement(db.dialect, {
        groupTable: actual.capabilities.groupTable,
        groupUserHasValue: layout.groupUserHasValue,
        ...(groupIds === undefined ? {} : { groupIds: wanted }),
      });
      for (const row of await run<{ group_id: unknown; user_id: unknown }>(db, statement)) {
        // A statement past MySQL's list limit reads every group: keep the ones asked for.
        readersByGroup.get(Number(row.group_id))?.add(Number(row.user_id));
      }
    }
    return { kind: 'read', permissions: { readersByGroup } };
  });
}

/** What the probe found: enough to read the permissions, or why not. */
type PermissionLayout = { readonly kind: 'readable'; readonly groupUserHasValue: boolean } | { readonly kind: 'skipped'; readonly reason: string };

/** Decides from the probe's rows; pure. */
function permissionLayout(rows: readonly LayoutRow[]): PermissionLayout {
  const columns = new Map<string, Set<string>>();
  for (const row of rows) columns.set(row.table_name, (columns.get(row.table_name) ?? new Set()).add(row.column_name));

  const missing = PERMISSION_TABLES.filter((t) => !columns.has(t));
  if (missing.length > 0) {
    // Only the role tables missing is what an embedded database from before they were added looks like.
    const hint = missing.includes('group_user') ? '' : ' (an embedded database created by an earlier version of this tool lacks the role tables; one created afresh has them)';
    return { kind: 'skipped', reason: `the database has no ${andList(missing)} table${missing.length > 1 ? 's' : ''}, ${SKIPPED}${hint}` };
  }
  for (const table of PERMISSION_TABLES) {
    const has = columns.get(table) ?? new Set();
    const lacking = (PERMISSION_COLUMNS[table] ?? []).filter((c) => !has.has(c));
    if (lacking.length > 0) {
      return { kind: 'skipped', reason: `${table} has no ${lacking.join(', ')} column${lacking.length > 1 ? 's' : ''} (a layout this tool does not know), ${SKIPPED}` };
    }
  }
  return { kind: 'readable', groupUserHasValue: columns.get('group_user')?.has('permission_value') ?? false };
}

/** "a", "a and b", "a, b and c". */
function andList(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.slice(-1).join('')}` : names.join('');
}

/** A statement that fails here is a database problem, not a bug: say so, once, with the driver's words. */
function reading<T>(fn: () => Promise<T>): Promise<T> {
  return readingAs(fn, 'reading agent permissions', 'reading who can read each group');
}
