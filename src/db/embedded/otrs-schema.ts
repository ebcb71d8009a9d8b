import { readFileSync } from 'node:fs';
import { SETTING_CATALOG } from '../../settings/catalog.js';
import { encodeEffectiveValue } from '../../settings/codec.js';

/**
 * The OTRS tables this tool touches, described once (names, types and constraints from OTRS's own
 * schema files, docs/otrs.md) and rendered per dialect, the way OTRS renders its XML schema.
 * `otrs-schema.sql` is the PostgreSQL rendering, checked in and read at run time; a test fails
 * when it drifts from this description.
 */

export type ColumnType = 'serial' | 'smallint' | 'integer' | 'varchar' | 'text' | 'timestamp';

export interface ColumnDef {
  readonly name: string;
  /** `serial` is OTRS's auto-increment id (and the primary key); `timestamp` is `timestamp(0)` / `DATETIME`; `text` is long text. */
  readonly type: ColumnType;
  /** For `varchar`. */
  readonly length?: number;
  /** @default false (OTRS columns are NOT NULL unless it says otherwise) */
  readonly nullable?: boolean;
  /** Only where this project eases seeding; OTRS itself sets every value. */
  readonly default?: number | string;
  /** A `serial` that OTRS makes SMALLINT (valid.id): MySQL renders SMALLINT AUTO_INCREMENT, PostgreSQL serial either way. */
  readonly small?: boolean;
}

/** The types every dialect spells alike; a dialect passes how it spells the other three. */
export function renderColumnType(column: ColumnDef, own: { serial: string; text: string; timestamp: string }): string {
  switch (column.type) {
    case 'serial':
      return own.serial;
    case 'smallint':
      return 'SMALLINT';
    case 'integer':
      return 'INTEGER';
    case 'varchar':
      if (column.length === undefined) throw new Error(`VARCHAR column ${column.name} needs a length`);
      return `VARCHAR (${column.length})`;
    case 'text':
      return own.text;
    case 'timestamp':
      return own.timestamp;
  }
}

export interface TableDef {
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  readonly unique?: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly indexes?: readonly { readonly name: string; readonly columns: readonly string[] }[];
  /** Each column references `id` of `table`; added after the seed rows, as OTRS does. */
  readonly foreignKeys?: readonly { readonly column: string; readonly table: string }[];
}

/** Stands for the database's current time in a seed row. */
export const NOW = Symbol('current_timestamp');
export type SeedValue = string | number | null | typeof NOW;

export interface SeedInsert {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SeedValue[])[];
}

/** What a dialect supplies to render the description. */
export interface DdlDialect {
  quoteIdentifier(name: string): string;
  columnType(column: ColumnDef): string;
  literal(value: string | number | null): string;
  readonly currentTimestamp: string;
  /** `DEFAULT <literal>` unless the dialect words it otherwise (MySQL: TEXT defaults in parentheses). */
  defaultClause?(column: ColumnDef, literal: string): string;
  /** After `CREATE TABLE ... )`, e.g. MySQL's engine and character set. */
  readonly tableOptions: string;
  /** One `ALTER TABLE` adding all of a table's foreign keys, rather than one per key (MySQL rebuilds the table for each). */
  readonly foreignKeysPerTable?: boolean;
}

const audit: readonly ColumnDef[] = [
  { name: 'create_time', type: 'timestamp' },
  { name: 'create_by', type: 'integer' },
  { name: 'change_time', type: 'timestamp' },
  { name: 'change_by', type: 'integer' },
];
const auditKeys = [
  { column: 'create_by', table: 'users' },
  { column: 'change_by', table: 'users' },
] as const;
const id: ColumnDef = { name: 'id', type: 'serial' };

export const OTRS_TABLES: readonly TableDef[] = [
  {
    name: 'valid',
    columns: [{ ...id, small: true }, { name: 'name', type: 'varchar', length: 200 }, ...audit],
    unique: [{ name: 'valid_name', columns: ['name'] }],
    foreignKeys: auditKeys,
  },
  {
    name: 'users',
    columns: [
      id,
      { name: 'login', type: 'varchar', length: 200 },
      { name: 'pw', type: 'varchar', length: 128 },
      { name: 'title', type: 'varchar', length: 50, nullable: true },
      { name: 'first_name', type: 'varchar', length: 100 },
      { name: 'last_name', type: 'varchar', length: 100 },
      { name: 'valid_id', type: 'smallint' },
      ...audit,
    ],
    unique: [{ name: 'users_login', columns: ['login'] }],
    foreignKeys: [{ column: 'valid_id', table: 'valid' }, ...auditKeys],
  },
  {
    // OTRS 6's name; fixtures rename it to permission_groups (Znuny, OTRS 7+) or groups_table (OTOBO).
    name: 'groups',
    columns: [
      id,
      { name: 'name', type: 'varchar', length: 200 },
      { name: 'comments', type: 'varchar', length: 250, nullable: true },
      { name: 'valid_id', type: 'smallint' },
      ...audit,
    ],
    unique: [{ name: 'groups_name', columns: ['name'] }],
    foreignKeys: [{ column: 'valid_id', table: 'valid' }, ...auditKeys],
  },
  {
    name: 'group_user',
    columns: [
      { name: 'user_id', type: 'integer' },
      { name: 'group_id', type: 'integer' },
      { name: 'permission_key', type: 'varchar', length: 20 },
      ...audit,
    ],
    indexes: [
      { name: 'group_user_group_id', columns: ['group_id'] },
      { name: 'group_user_user_id', columns: ['user_id'] },
    ],
    foreignKeys: [{ column: 'user_id', table: 'users' }, { column: 'group_id', table: 'groups' }, ...auditKeys],
  },
  {
    // Roles, their agents and their grants: how OTRS 6 grants permissions besides group_user
    // (docs/otrs.md, "Agent permissions"). A fresh install has no roles.
    name: 'roles',
    columns: [
      id,
      { name: 'name', type: 'varchar', length: 200 },
      { name: 'comments', type: 'varchar', length: 250, nullable: true },
      { name: 'valid_id', type: 'smallint' },
      ...audit,
    ],
    unique: [{ name: 'roles_name', columns: ['name'] }],
    foreignKeys: [{ column: 'valid_id', table: 'valid' }, ...auditKeys],
  },
  {
    // OTRS 6 gives role_id no foreign key here (its schema file does not).
    name: 'role_user',
    columns: [{ name: 'user_id', type: 'integer' }, { name: 'role_id', type: 'integer' }, ...audit],
    indexes: [
      { name: 'role_user_user_id', columns: ['user_id'] },
      { name: 'role_user_role_id', columns: ['role_id'] },
    ],
    foreignKeys: [{ column: 'user_id', table: 'users' }, ...auditKeys],
  },
  {
    name: 'group_role',
    columns: [
      { name: 'role_id', type: 'integer' },
      { name: 'group_id', type: 'integer' },
      { name: 'permission_key', type: 'varchar', length: 20 },
      // OTRS writes 1; rows with 0 left by OTRS 4 or earlier grant nothing.
      { name: 'permission_value', type: 'smallint' },
      ...audit,
    ],
    indexes: [
      { name: 'group_role_role_id', columns: ['role_id'] },
      { name: 'group_role_group_id', columns: ['group_id'] },
    ],
    foreignKeys: [{ column: 'role_id', table: 'roles' }, { column: 'group_id', table: 'groups' }, ...auditKeys],
  },
  {
    name: 'chat_channel',
    columns: [
      id,
      { name: 'name', type: 'varchar', length: 200 },
      { name: 'group_id', type: 'integer' },
      { name: 'valid_id', type: 'smallint' },
      { name: 'comments', type: 'varchar', length: 250, nullable: true },
      // This project's names for the availability flags; OTRS 7/8 does not publish its own (docs/otrs.md).
      { name: 'customer_interface', type: 'smallint', default: 0 },
      { name: 'public_interface', type: 'smallint', default: 0 },
      ...audit,
    ],
    unique: [{ name: 'chat_channel_name', columns: ['name'] }],
    foreignKeys: [{ column: 'group_id', table: 'groups' }, { column: 'valid_id', table: 'valid' }, ...auditKeys],
  },
  {
    name: 'sysconfig_default',
    columns: [
      id,
      { name: 'name', type: 'varchar', length: 250 },
      { name: 'description', type: 'text', default: '' },
      { name: 'navigation', type: 'varchar', length: 200, default: '' },
      { name: 'is_invisible', type: 'smallint', default: 0 },
      { name: 'is_readonly', type: 'smallint', default: 0 },
      { name: 'is_required', type: 'smallint', default: 0 },
      { name: 'is_valid', type: 'smallint', default: 1 },
      { name: 'has_configlevel', type: 'smallint', default: 0 },
      { name: 'user_modification_possible', type: 'smallint', default: 0 },
      { name: 'user_modification_active', type: 'smallint', default: 0 },
      { name: 'user_preferences_group', type: 'varchar', length: 250, nullable: true },
      { name: 'xml_content_raw', type: 'text', default: '' },
      { name: 'xml_content_parsed', type: 'text', default: '' },
      { name: 'xml_filename', type: 'varchar', length: 250, default: '' },
      { name: 'effective_value', type: 'text' },
      { name: 'is_dirty', type: 'smallint', default: 0 },
      { name: 'exclusive_lock_guid', type: 'varchar', length: 32, default: '0' },
      { name: 'exclusive_lock_user_id', type: 'integer', nullable: true },
      { name: 'exclusive_lock_expiry_time', type: 'timestamp', nullable: true },
      ...audit,
    ],
    unique: [{ name: 'sysconfig_default_name', columns: ['name'] }],
    foreignKeys: [{ column: 'exclusive_lock_user_id', table: 'users' }, ...auditKeys],
  },
  {
    name: 'sysconfig_modified',
    columns: [
      id,
      { name: 'sysconfig_default_id', type: 'integer' },
      { name: 'name', type: 'varchar', length: 250 },
      { name: 'user_id', type: 'integer', nullable: true },
      { name: 'is_valid', type: 'smallint' },
      { name: 'user_modification_active', type: 'smallint' },
      { name: 'effective_value', type: 'text' },
      { name: 'is_dirty', type: 'smallint' },
      { name: 'reset_to_default', type: 'smallint' },
      ...audit,
    ],
    // NULLs are distinct: this does not stop a second system-wide row (docs/otrs.md).
    unique: [{ name: 'sysconfig_modified_per_user', columns: ['sysconfig_default_id', 'user_id'] }],
    foreignKeys: [{ column: 'sysconfig_default_id', table: 'sysconfig_default' }, { column: 'user_id', table: 'users' }, ...auditKeys],
  },
];

const stamped = (table: string, columns: readonly string[], rows: readonly (readonly SeedValue[])[]): SeedInsert => ({
  table,
  columns: [...columns, 'create_time', 'create_by', 'change_time', 'change_by'],
  rows: rows.map((row) => [...row, NOW, 1, NOW, 1]),
});

/** A fresh install's rows (OTRS's initial insert), plus every known ChatEngine setting at its seed. */
export const OTRS_SEED: readonly SeedInsert[] = [
  stamped('valid', ['name'], [['valid'], ['invalid'], ['invalid-temporarily']]),
  // '!' matches no password: nobody logs in to this stand-in database.
  stamped('users', ['login', 'pw', 'first_name', 'last_name', 'valid_id'], [['root@localhost', '!', 'Admin', 'OTRS', 1]]),
  stamped(
    'groups',
    ['name', 'comments', 'valid_id'],
    [
      ['users', 'Group for default access.', 1],
      ['admin', 'Group of all administrators.', 1],
      ['stats', 'Group for statistics access.', 1],
    ],
  ),
  stamped('group_user', ['user_id', 'group_id', 'permission_key'], [[1, 1, 'rw'], [1, 2, 'rw'], [1, 3, 'rw']]),
  stamped(
    'sysconfig_default',
    ['name', 'description', 'navigation', 'xml_filename', 'effective_value'],
    SETTING_CATALOG.map((s) => [s.name, s.description, 'Chat::ChatEngine', 'ChatEngine.xml', encodeEffectiveValue(s.type, s.seed)]),
  ),
];

/** The comment at the top of a rendered schema. */
export const SCHEMA_HEADER: readonly string[] = [
  'The OTRS tables otrs-chat-config touches, with a fresh install\'s rows: the embedded database',
  'and the tests start from this. Generated from src/db/embedded/otrs-schema.ts; after changing that file,',
  'regenerate with: npx vitest run test/db/embedded/otrs-schema.test.ts -u',
];

/** Tables, seed rows, then foreign keys and indexes, as OTRS's schema / initial-insert / post files. */
export function renderOtrsSchema(d: DdlDialect, header: readonly string[] = SCHEMA_HEADER): string {
  const q = (name: string): string => d.quoteIdentifier(name);
  const list = (names: readonly string[]): string => names.map(q).join(', ');
  const out: string[] = header.map((line) => `-- ${line}`.trimEnd());
  if (out.length > 0) out.push('');

  for (const table of OTRS_TABLES) {
    const lines = table.columns.map((c) => {
      const value = c.default === undefined ? undefined : d.literal(c.default);
      const dflt = value === undefined ? '' : ` ${d.defaultClause ? d.defaultClause(c, value) : `DEFAULT ${value}`}`;
      return `    ${q(c.name)} ${d.columnType(c)} ${c.nullable ? 'NULL' : 'NOT NULL'}${dflt}`;
    });
    const key = table.columns.find((c) => c.type === 'serial');
    if (key) lines.push(`    PRIMARY KEY (${q(key.name)})`);
    for (const u of table.unique ?? []) lines.push(`    CONSTRAINT ${q(u.name)} UNIQUE (${list(u.columns)})`);
    out.push(`CREATE TABLE ${q(table.name)} (\n${lines.join(',\n')}\n)${d.tableOptions};`);
  }
  out.push('');
  for (const insert of OTRS_SEED) {
    for (const row of insert.rows) {
      const values = row.map((v) => (v === NOW ? d.currentTimestamp : d.literal(v)));
      out.push(`INSERT INTO ${q(insert.table)} (${list(insert.columns)})\n    VALUES (${values.join(', ')});`);
    }
  }
  out.push('');
  for (const table of OTRS_TABLES) {
    const keys = (table.foreignKeys ?? []).map(
      (fk) => `ADD CONSTRAINT ${q(`fk_${table.name}_${fk.column}_id`)} FOREIGN KEY (${q(fk.column)}) REFERENCES ${q(fk.table)} (${q('id')})`,
    );
    if (d.foreignKeysPerTable && keys.length > 0) out.push(`ALTER TABLE ${q(table.name)}\n    ${keys.join(',\n    ')};`);
    else for (const key of keys) out.push(`ALTER TABLE ${q(table.name)} ${key};`);
    for (const index of table.indexes ?? []) out.push(`CREATE INDEX ${q(index.name)} ON ${q(table.name)} (${list(index.columns)});`);
  }
  return `${out.join('\n')}\n`;
}

/** The PostgreSQL rendering shipped beside this module (copied into dist/ by the build). */
export function readOtrsSchemaSql(): string {
  return readFileSync(new URL('./otrs-schema.sql', import.meta.url), 'utf8');
}
