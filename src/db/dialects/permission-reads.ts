import type { GroupTable } from '../../model/actual-state.js';
import type { Db } from '../db.js';
import type { Statement } from '../statement.js';
import { quoteIdentifier as quoteMysql } from './mysql.js';
import { quoteIdentifier as quotePostgres } from './postgres.js';

/**
 * The one statement that reads who can read which group (docs/otrs.md, "Agent permissions"), in
 * either dialect. Its text differs between databases only in identifier quoting, placeholders
 * and how a list of ids is bound, so it is written once here with those three passed in.
 */

/** What the catalog probe found, and which groups to read. */
export interface ReadersQuery {
  readonly groupTable: GroupTable;
  /** Newer products' `group_user.permission_value`: when present, only rows with 1 grant. */
  readonly groupUserHasValue: boolean;
  /** `undefined`: every group. */
  readonly groupIds?: readonly number[];
}

/** The keys that give at least `ro`: `rw` includes every other key. */
export const READ_KEYS: readonly string[] = ['ro', 'rw'];

/**
 * MySQL binds a list one `?` per id, twice (once per branch of the UNION). Past this many ids the
 * statement reads every group instead (the caller keeps the ones it asked for): still one
 * statement, far below the server's 65,535 placeholders.
 */
export const MYSQL_MAX_LISTED_GROUPS = 1000;

/**
 * Rows: group_id, user_id, distinct. Two branches joined by UNION (which also removes duplicates):
 * 1. direct grants in group_user (with permission_value = 1 where the column exists);
 * 2. grants of a valid role (group_role.permission_value = 1) to each of its agents (role_user).
 * Both keep only valid agents and valid groups, validity being the `valid` row named `valid`.
 */
export function readersStatement(dialect: Db['dialect'], query: ReadersQuery): Statement {
  const q = dialect === 'postgres' ? quotePostgres : quoteMysql;
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return dialect === 'postgres' ? `$${params.length}` : '?';
  };
  const ids = query.groupIds;
  const listed = ids !== undefined && (dialect === 'postgres' || ids.length <= MYSQL_MAX_LISTED_GROUPS);
  const inGroups = (column: string): string => {
    if (!listed) return '';
    return dialect === 'postgres' ? ` AND ${column} = ANY(${bind(ids)}::integer[])` : ` AND ${column} IN (${ids.map(bind).join(', ')})`;
  };
  const isValid = (alias: string): string => `${alias}.name = ${bind('valid')}`;
  const readKey = (column: string): string => `${column} IN (${READ_KEYS.map(bind).join(', ')})`;
  const validAgentAndGroup = (userColumn: string, groupColumn: string): string =>
    `JOIN ${q('users')} u ON u.id = ${userColumn} JOIN ${q('valid')} uv ON uv.id = u.valid_id ` +
    `JOIN ${q(query.groupTable)} g ON g.id = ${groupColumn} JOIN ${q('valid')} gv ON gv.id = g.valid_id `;

  const direct =
    `SELECT gu.group_id AS group_id, gu.user_id AS user_id FROM ${q('group_user')} gu ` +
    validAgentAndGroup('gu.user_id', 'gu.group_id') +
    `WHERE ${isValid('uv')} AND ${isValid('gv')} AND ${readKey('gu.permission_key')}` +
    (query.groupUserHasValue ? ' AND gu.permission_value = 1' : '') +
    inGroups('gu.group_id');
  const throughRoles =
    `SELECT gr.group_id AS group_id, ru.user_id AS user_id FROM ${q('group_role')} gr ` +
    `JOIN ${q('roles')} r ON r.id = gr.role_id JOIN ${q('valid')} rv ON rv.id = r.valid_id ` +
    `JOIN ${q('role_user')} ru ON ru.role_id = gr.role_id ` +
    validAgentAndGroup('ru.user_id', 'gr.group_id') +
    `WHERE ${isValid('rv')} AND ${isValid('uv')} AND ${isValid('gv')} AND ${readKey('gr.permission_key')} AND gr.permission_value = 1` +
    inGroups('gr.group_id');
  return { sql: `${direct} UNION ${throughRoles}`, params };
}
