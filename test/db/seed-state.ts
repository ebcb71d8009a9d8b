import type { Db } from '../../src/db/db.js';
import { dialectFor } from '../../src/db/dialects/index.js';
import type { GroupTable } from '../../src/model/actual-state.js';
import type { Validity } from '../../src/model/validity.js';

/**
 * A database's prior state as plain data: the `state.yaml` of a golden scenario. It is written
 * through the db layer, so one scenario runs on every database. Everything is added to a fresh
 * install (valid states, root@localhost, groups users/admin/stats, the catalog's settings).
 */
export interface SeedState {
  readonly groups?: readonly SeedGroup[];
  readonly users?: readonly SeedUser[];
  /** Inserted in order, so ids follow the list. */
  readonly channels?: readonly SeedChannel[];
  readonly settings?: Readonly<Record<string, SeedSetting>>;
}

export interface SeedGroup {
  readonly name: string;
  /** @default 'valid' */
  readonly valid?: Validity;
  readonly comment?: string | null;
}

export interface SeedUser {
  readonly login: string;
  /** @default 'valid' */
  readonly valid?: Validity;
}

export interface SeedChannel {
  readonly name: string;
  /** A group's name; it must exist (fresh install or `groups`). */
  readonly group: string;
  /** @default 'valid' */
  readonly valid?: Validity;
  /** `null` stores NULL. @default null */
  readonly comment?: string | null;
  /** Stored only when the table has the flags; `true` on a table without them is a mistake in the scenario. @default false */
  readonly availableToCustomerUsers?: boolean;
  readonly availableToPublicUsers?: boolean;
}

/** Values are the stored `effective_value` text exactly, e.g. `"--- '1'\n"`. */
export interface SeedSetting {
  /** Replaces `sysconfig_default.effective_value`; adds the row when the setting is not there. */
  readonly default?: string;
  /** One system-wide `sysconfig_modified` row (user_id NULL) per entry; two model the OTRS ambiguity. */
  readonly systemWide?: readonly (string | { readonly value: string; readonly valid?: boolean; readonly dirty?: boolean })[];
  /** Agents' personal values (user_id set): never the system-wide value. */
  readonly perAgent?: readonly { readonly login: string; readonly value: string }[];
  /** Removes the setting from `sysconfig_default`: the feature is not installed. */
  readonly absent?: boolean;
}

/** Where the fixture keeps what the seed writes (the variant of the schema under test). */
export interface SeedLayout {
  readonly groupTable: GroupTable;
  /** `null`: chat_channel has no availability columns. */
  readonly availabilityColumns: readonly [string, string] | null;
}

const AUDIT = ['create_time', 'create_by', 'change_time', 'change_by'];
const CHUNK = 100;

export async function seedDatabase(db: Db, layout: SeedLayout, state: SeedState): Promise<void> {
  const dialect = dialectFor(db.dialect);
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const valid = await idsByName(db, `SELECT id, name FROM ${q('valid')}`);

  /** Multi-row INSERTs with the audit columns filled as OTRS fills them (user 1, now). */
  const insert = async (table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> => {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      let position = 0;
      const tuples = chunk.map((row) => `(${row.map(() => bindMarker(db.dialect, ++position)).join(', ')}, current_timestamp, 1, current_timestamp, 1)`);
      await db.query(
        `INSERT INTO ${q(table)} (${[...columns, ...AUDIT].map(q).join(', ')}) VALUES ${tuples.join(', ')}`,
        chunk.flat(),
      );
    }
  };
  const validId = (v: Validity | undefined): number => must(valid, v ?? 'valid', 'valid state');

  await insert(layout.groupTable, ['name', 'comments', 'valid_id'], (state.groups ?? []).map((g) => [g.name, g.comment ?? null, validId(g.valid)]));
  await insert(
    'users',
    ['login', 'pw', 'first_name', 'last_name', 'valid_id'],
    (state.users ?? []).map((u) => [u.login, '!', u.login, 'Agent', validId(u.valid)]),
  );

  const groups = await idsByName(db, `SELECT id, name FROM ${q(layout.groupTable)}`);
  const flags = layout.availabilityColumns;
  const channels = state.channels ?? [];
  if (!flags && channels.some((c) => c.availableToCustomerUsers || c.availableToPublicUsers)) {
    throw new Error('the scenario sets an availability flag, but this variant of chat_channel has no such columns');
  }
  await insert(
    'chat_channel',
    ['name', 'group_id', 'valid_id', 'comments', ...(flags ?? [])],
    channels.map((c) => [
      c.name,
      must(groups, c.group, 'group'),
      validId(c.valid),
      c.comment ?? null,
      ...(flags ? [c.availableToCustomerUsers ? 1 : 0, c.availableToPublicUsers ? 1 : 0] : []),
    ]),
  );

  for (const [name, setting] of Object.entries(state.settings ?? {})) await seedSetting(db, name, setting, insert);
}

async function seedSetting(
  db: Db,
  name: string,
  setting: SeedSetting,
  insert: (table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) => Promise<void>,
): Promise<void> {
  const dialect = dialectFor(db.dialect);
  const q = (n: string): string => dialect.quoteIdentifier(n);
  const p = (n: number): string => bindMarker(db.dialect, n);
  const findDefault = async (): Promise<number | undefined> => {
    const [row] = await db.query<{ id: unknown }>(`SELECT id FROM ${q('sysconfig_default')} WHERE name = ${p(1)}`, [name]);
    return row ? Number(row.id) : undefined;
  };

  let defaultId = await findDefault();
  if (setting.absent) {
    if (defaultId !== undefined) {
      await db.query(`DELETE FROM ${q('sysconfig_modified')} WHERE sysconfig_default_id = ${p(1)}`, [defaultId]);
      await db.query(`DELETE FROM ${q('sysconfig_default')} WHERE id = ${p(1)}`, [defaultId]);
    }
    return;
  }
  if (setting.default !== undefined) {
    if (defaultId === undefined) {
      await insert('sysconfig_default', ['name', 'effective_value'], [[name, setting.default]]);
      defaultId = await findDefault();
    } else {
      await db.query(`UPDATE ${q('sysconfig_default')} SET effective_value = ${p(1)} WHERE id = ${p(2)}`, [setting.default, defaultId]);
    }
  }
  if (defaultId === undefined) throw new Error(`setting ${name} is not in sysconfig_default: give it a default in the scenario`);

  const users = await idsByName(db, `SELECT id, login AS name FROM ${q('users')}`);
  const columns = ['sysconfig_default_id', 'name', 'user_id', 'is_valid', 'user_modification_active', 'effective_value', 'is_dirty', 'reset_to_default'];
  const systemWide = (setting.systemWide ?? []).map((entry) => {
    const row = typeof entry === 'string' ? { value: entry } : entry;
    return [defaultId, name, null, row.valid === false ? 0 : 1, 0, row.value, row.dirty === false ? 0 : 1, 0];
  });
  const perAgent = (setting.perAgent ?? []).map((a) => [defaultId, name, must(users, a.login, 'user'), 1, 1, a.value, 1, 0]);
  await insert('sysconfig_modified', columns, [...systemWide, ...perAgent]);
}

async function idsByName(db: Db, sql: string): Promise<Map<string, number>> {
  const rows = await db.query<{ id: unknown; name: unknown }>(sql);
  return new Map(rows.map((r) => [String(r.name), Number(r.id)]));
}

function must(ids: ReadonlyMap<string, number>, name: string, what: string): number {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`the scenario names the ${what} "${name}", which the database does not have (${[...ids.keys()].join(', ')})`);
  return id;
}

/** The bind parameter at 1-based `position`, as the database spells it (`$1` / `?`). */
export function bindMarker(dialect: Db['dialect'], position: number): string {
  return dialect === 'postgres' ? `$${position}` : '?';
}
