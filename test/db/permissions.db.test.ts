import { expect, test } from 'vitest';
import { dialectFor } from '../../src/db/dialects/index.js';
import { introspect } from '../../src/db/introspect.js';
import { readAgentPermissions } from '../../src/db/permissions.js';
import type { GroupTable, PermissionReading } from '../../src/model/actual-state.js';
import type { Validity } from '../../src/model/validity.js';
import { describeDatabases, type TestDatabase } from './harness.js';

/**
 * docs/otrs.md, "Agent permissions": who can read a group is who has `ro` or `rw` on it, directly
 * or through a valid role whose grant has permission_value = 1, counting only valid agents,
 * roles and groups; read in two statements whatever the number of agents, groups and grants.
 */

/** A role and what it grants, as the test arranges it. */
interface RoleSpec {
  readonly name: string;
  readonly valid?: Validity;
  readonly agents: readonly string[];
  /** [group, permission_key, permission_value] */
  readonly grants: readonly (readonly [string, string, number])[];
}

interface Grants {
  /** [login, group, permission_key] rows of group_user. */
  readonly direct?: readonly (readonly [string, string, string])[];
  readonly roles?: readonly RoleSpec[];
}

const AUDIT = ['create_time', 'create_by', 'change_time', 'change_by'];
const CHUNK = 200;

/** Multi-row INSERTs with the audit columns OTRS fills (user 1, now); `$n` placeholders work on every database. */
async function insertRows(t: TestDatabase, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const q = dialectFor(t.db.dialect).quoteIdentifier;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    let n = 0;
    const tuples = chunk.map((row) => `(${row.map(() => `$${++n}`).join(', ')}, current_timestamp, 1, current_timestamp, 1)`);
    await t.rows(`INSERT INTO ${q(table)} (${[...columns, ...AUDIT].map(q).join(', ')}) VALUES ${tuples.join(', ')}`, chunk.flat());
  }
}

async function idsByName(t: TestDatabase, sql: string): Promise<Map<string, number>> {
  const rows = await t.rows<{ id: unknown; name: unknown }>(sql);
  return new Map(rows.map((r) => [String(r.name), Number(r.id)]));
}

function must(ids: ReadonlyMap<string, number>, name: string): number {
  const id = ids.get(name);
  if (id === undefined) throw new Error(`the test names "${name}", which the database does not have`);
  return id;
}

/** Writes group_user, roles, role_user and group_role rows by names (agents and groups must exist). */
async function grant(t: TestDatabase, grants: Grants): Promise<void> {
  const q = dialectFor(t.db.dialect).quoteIdentifier;
  const users = await idsByName(t, `SELECT id, login AS name FROM ${q('users')}`);
  const groups = await idsByName(t, `SELECT id, name FROM ${q(t.layout.groupTable)}`);
  const valid = await idsByName(t, `SELECT id, name FROM ${q('valid')}`);
  await insertRows(t, 'group_user', ['user_id', 'group_id', 'permission_key'], (grants.direct ?? []).map(([login, group, key]) => [must(users, login), must(groups, group), key]));
  const roles = grants.roles ?? [];
  await insertRows(t, 'roles', ['name', 'valid_id'], roles.map((r) => [r.name, must(valid, r.valid ?? 'valid')]));
  const roleIds = await idsByName(t, `SELECT id, name FROM ${q('roles')}`);
  await insertRows(t, 'role_user', ['user_id', 'role_id'], roles.flatMap((r) => r.agents.map((login) => [must(users, login), must(roleIds, r.name)])));
  await insertRows(
    t,
    'group_role',
    ['role_id', 'group_id', 'permission_key', 'permission_value'],
    roles.flatMap((r) => r.grants.map(([group, key, value]) => [must(roleIds, r.name), must(groups, group), key, value])),
  );
}

/** The reading as logins per group name, sorted, so a failure reads as names. */
async function readers(t: TestDatabase, groupNames?: readonly string[]): Promise<Record<string, string[]>> {
  const reading = await read(t, groupNames);
  if (reading.kind !== 'read') throw new Error(`expected a reading, got skipped: ${reading.reason}`);
  const q = dialectFor(t.db.dialect).quoteIdentifier;
  const logins = new Map([...(await idsByName(t, `SELECT id, login AS name FROM ${q('users')}`))].map(([login, id]) => [id, login]));
  const names = new Map([...(await idsByName(t, `SELECT id, name FROM ${q(t.layout.groupTable)}`))].map(([name, id]) => [id, name]));
  return Object.fromEntries(
    [...reading.permissions.readersByGroup].map(([group, agents]) => [names.get(group) ?? `#${group}`, [...agents].map((a) => logins.get(a) ?? `#${a}`).sort()]),
  );
}

async function read(t: TestDatabase, groupNames?: readonly string[]): Promise<PermissionReading> {
  const actual = await introspect(t.db);
  const ids = groupNames?.map((name) => actual.groups.find((g) => g.name === name)?.id ?? -1);
  return readAgentPermissions(t.db, actual, ids);
}

describeDatabases('agent permissions', ({ fresh }) => {
  test('a fresh install: root@localhost reads users, admin and stats (its rw grants)', async () => {
    const t = await fresh();
    expect(await readers(t)).toEqual({ users: ['root@localhost'], admin: ['root@localhost'], stats: ['root@localhost'] });
    expect(await readers(t, ['users'])).toEqual({ users: ['root@localhost'] });
  });

  test('direct grants: ro and rw count; move_into, create, note, owner and priority alone do not', async () => {
    const t = await fresh();
    await t.seed({ groups: [{ name: 'support' }], users: ['reader', 'writer', 'mover', 'others'].map((login) => ({ login })) });
    await grant(t, {
      direct: [
        ['reader', 'support', 'ro'],
        ['writer', 'support', 'rw'],
        ['mover', 'support', 'move_into'],
        ...['create', 'note', 'owner', 'priority'].map((key) => ['others', 'support', key] as const),
      ],
    });
    expect(await readers(t, ['support'])).toEqual({ support: ['reader', 'writer'] });
  });

  test('through a role: a valid role with permission_value 1 counts; an invalid role, a 0 grant and move_into do not', async () => {
    const t = await fresh();
    await t.seed({ groups: [{ name: 'support' }], users: ['ann', 'bob', 'cid', 'dan', 'eve'].map((login) => ({ login })) });
    await grant(t, {
      roles: [
        { name: 'readers', agents: ['ann'], grants: [['support', 'ro', 1]] },
        { name: 'writers', agents: ['bob'], grants: [['support', 'rw', 1]] },
        { name: 'retired', valid: 'invalid', agents: ['cid'], grants: [['support', 'rw', 1]] },
        { name: 'paused', valid: 'invalid-temporarily', agents: ['cid'], grants: [['support', 'ro', 1]] },
        { name: 'leftover', agents: ['dan'], grants: [['support', 'rw', 0]] },
        { name: 'movers', agents: ['eve'], grants: [['support', 'move_into', 1]] },
      ],
    });
    expect(await readers(t, ['support'])).toEqual({ support: ['ann', 'bob'] });
  });

  test('an invalid agent counts neither directly nor through a role', async () => {
    const t = await fresh();
    await t.seed({
      groups: [{ name: 'support' }],
      users: [{ login: 'gone', valid: 'invalid' }, { login: 'away', valid: 'invalid-temporarily' }, { login: 'here' }],
    });
    await grant(t, {
      direct: [
        ['gone', 'support', 'rw'],
        ['here', 'support', 'ro'],
      ],
      roles: [{ name: 'team', agents: ['gone', 'away'], grants: [['support', 'rw', 1]] }],
    });
    expect(await readers(t, ['support'])).toEqual({ support: ['here'] });
  });

  test('an invalid group is read by nobody, whatever the grants', async () => {
    const t = await fresh();
    await t.seed({ groups: [{ name: 'old', valid: 'invalid' }, { name: 'paused', valid: 'invalid-temporarily' }], users: [{ login: 'ann' }] });
    await grant(t, {
      direct: [
        ['ann', 'old', 'rw'],
        ['root@localhost', 'paused', 'rw'],
      ],
      roles: [{ name: 'team', agents: ['ann'], grants: [['old', 'ro', 1], ['paused', 'ro', 1]] }],
    });
    expect(await readers(t, ['old', 'paused'])).toEqual({ old: [], paused: [] });
  });

  test('group_user.permission_value, where a product adds it: only rows with 1 grant', async () => {
    const t = await fresh();
    await t.seed({ groups: [{ name: 'support' }], users: [{ login: 'on' }, { login: 'off' }] });
    await grant(t, {
      direct: [
        ['on', 'support', 'rw'],
        ['off', 'support', 'rw'],
      ],
    });
    const q = dialectFor(t.db.dialect).quoteIdentifier;
    await t.rows(`ALTER TABLE ${q('group_user')} ADD COLUMN ${q('permission_value')} SMALLINT NOT NULL DEFAULT 1`);
    await t.rows(`UPDATE ${q('group_user')} SET ${q('permission_value')} = 0 WHERE user_id = (SELECT id FROM ${q('users')} WHERE login = $1)`, ['off']);
    expect(await readers(t, ['support'])).toEqual({ support: ['on'] });
  });

  test('several grants of one agent (direct, two roles) give one reader', async () => {
    const t = await fresh();
    await t.seed({ groups: [{ name: 'support' }], users: [{ login: 'ann' }] });
    await grant(t, {
      direct: [
        ['ann', 'support', 'ro'],
        ['ann', 'support', 'rw'],
      ],
      roles: [
        { name: 'a', agents: ['ann'], grants: [['support', 'ro', 1]] },
        { name: 'b', agents: ['ann'], grants: [['support', 'rw', 1]] },
      ],
    });
    const reading = await read(t, ['support']);
    expect(reading.kind === 'read' && [...reading.permissions.readersByGroup.values()].map((s) => s.size)).toEqual([1]);
  });

  test('a group asked for that nobody reads, or that does not exist, maps to an empty set', async () => {
    const t = await fresh();
    await t.seed({ groups: [{ name: 'empty' }] });
    const actual = await introspect(t.db);
    const empty = actual.groups.find((g) => g.name === 'empty')?.id ?? -1;
    const reading = await readAgentPermissions(t.db, actual, [empty, 9999, empty]);
    expect(reading).toEqual({ kind: 'read', permissions: { readersByGroup: new Map([[empty, new Set()], [9999, new Set()]]) } });
  });

  test('no group asked for: the probe alone, and an empty reading', async () => {
    const t = await fresh();
    const actual = await introspect(t.db);
    const before = t.db.statementCount;
    expect(await readAgentPermissions(t.db, actual, [])).toEqual({ kind: 'read', permissions: { readersByGroup: new Map() } });
    expect(t.db.statementCount - before).toBe(1);
  });

  test.for<GroupTable>(['permission_groups', 'groups_table'])('reads through the group table %s', async (groupTable) => {
    const t = await fresh({ groupTable });
    await t.seed({ groups: [{ name: 'support' }, { name: 'old', valid: 'invalid' }], users: [{ login: 'ann' }, { login: 'bob' }] });
    await grant(t, {
      direct: [
        ['ann', 'support', 'ro'],
        ['ann', 'old', 'ro'],
      ],
      roles: [{ name: 'team', agents: ['bob'], grants: [['support', 'rw', 1]] }],
    });
    expect(await readers(t, ['support', 'old'])).toEqual({ support: ['ann', 'bob'], old: [] });
  });

  test('more group ids than MySQL lists in one statement: still one read, only the groups asked for', async () => {
    const t = await fresh();
    const actual = await introspect(t.db);
    const ids = Array.from({ length: 1500 }, (_, i) => i + 2);
    const before = t.db.statementCount;
    const reading = await readAgentPermissions(t.db, actual, ids);
    expect(t.db.statementCount - before).toBe(2);
    if (reading.kind !== 'read') throw new Error(reading.reason);
    expect(reading.permissions.readersByGroup.size).toBe(1500);
    expect(reading.permissions.readersByGroup.has(1)).toBe(false);
    expect([...(reading.permissions.readersByGroup.get(2) ?? [])]).toEqual([1]);
    expect([...(reading.permissions.readersByGroup.get(3) ?? [])]).toEqual([1]);
  });

  test('two statements for 1 agent and 1 group as for 200 agents × 20 groups with direct and role grants', async () => {
    const measure = async (agents: number, groups: number): Promise<{ statements: number; pairs: number }> => {
      const t = await fresh();
      const logins = Array.from({ length: agents }, (_, i) => `agent${i}`);
      const names = Array.from({ length: groups }, (_, i) => `group${i}`);
      await t.seed({ groups: names.map((name) => ({ name })), users: logins.map((login) => ({ login })) });
      await grant(t, {
        // Every even agent reads every group directly; every odd one through its role.
        direct: logins.flatMap((login, i) => (i % 2 === 0 ? names.map((group) => [login, group, 'ro'] as const) : [])),
        roles: logins.flatMap((login, i) =>
          i % 2 === 1 ? [{ name: `role${i}`, agents: [login], grants: names.map((group) => [group, i % 4 === 1 ? 'rw' : 'ro', 1] as const) }] : [],
        ),
      });
      const actual = await introspect(t.db);
      const ids = actual.groups.filter((g) => g.name.startsWith('group')).map((g) => g.id);
      const before = t.db.statementCount;
      const reading = await readAgentPermissions(t.db, actual, ids);
      const statements = t.db.statementCount - before;
      if (reading.kind !== 'read') throw new Error(reading.reason);
      const sets = [...reading.permissions.readersByGroup.values()];
      expect(sets.every((s) => s.size === agents)).toBe(true);
      return { statements, pairs: sets.reduce((n, s) => n + s.size, 0) };
    };
    const one = await measure(1, 1);
    const many = await measure(200, 20);
    expect(one).toEqual({ statements: 2, pairs: 1 });
    expect(many).toEqual({ statements: 2, pairs: 4000 });
  });

  test('missing role tables (an embedded database made before them): skipped, with a reason naming them', async () => {
    const t = await fresh();
    const q = dialectFor(t.db.dialect).quoteIdentifier;
    for (const table of ['group_role', 'role_user', 'roles']) await t.rows(`DROP TABLE ${q(table)}`);
    const reading = await read(t);
    expect(reading).toEqual({ kind: 'skipped', reason: expect.stringContaining('the database has no roles, role_user and group_role tables') });
    expect(reading.kind === 'skipped' && reading.reason).toMatch(/permission check was skipped.*embedded database created by an earlier version/);
  });

  test('one missing table or column is skipped as well, never a crash', async () => {
    const t = await fresh();
    const q = dialectFor(t.db.dialect).quoteIdentifier;
    await t.rows(`ALTER TABLE ${q('group_role')} DROP COLUMN ${q('permission_value')}`);
    expect(await read(t)).toEqual({ kind: 'skipped', reason: expect.stringMatching(/^group_role has no permission_value column .*skipped$/) });
    await t.rows(`DROP TABLE ${q('role_user')}`);
    expect(await read(t)).toEqual({ kind: 'skipped', reason: expect.stringContaining('the database has no role_user table,') });
    await t.rows(`DROP TABLE ${q('group_user')}`);
    const reading = await read(t);
    expect(reading).toEqual({ kind: 'skipped', reason: expect.stringContaining('the database has no group_user and role_user tables,') });
    expect(reading.kind === 'skipped' && reading.reason).not.toContain('embedded');
  });

  test('inside a transaction, as plan reads it', async () => {
    const t = await fresh();
    const reading = await t.db.transaction(async (tx) => readAgentPermissions(tx, await introspect(tx), [1]));
    expect(reading).toEqual({ kind: 'read', permissions: { readersByGroup: new Map([[1, new Set([1])]]) } });
  });
});

// The parameters ('valid', 'ro', 'rw') are compared with columns of the tables' character set;
// utf8mb3 tables under a utf8mb4 connection must not give "Illegal mix of collations".
describeDatabases(
  'agent permissions on utf8mb3 tables',
  ({ fresh }) => {
    test('reads direct and role grants', async () => {
      const t = await fresh({ charset: 'utf8mb3' });
      await t.seed({ groups: [{ name: 'support' }], users: [{ login: 'ann' }, { login: 'bob' }] });
      await grant(t, { direct: [['ann', 'support', 'ro']], roles: [{ name: 'team', agents: ['bob'], grants: [['support', 'rw', 1]] }] });
      expect(await readers(t, ['support'])).toEqual({ support: ['ann', 'bob'] });
    });
  },
  { on: ['mariadb'] },
);
