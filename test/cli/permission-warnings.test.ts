import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { parseDatabaseTarget } from '../../src/db/connection/resolve-target.js';
import type { Db } from '../../src/db/db.js';
import { dialectFor } from '../../src/db/dialects/index.js';
import type { GroupTable } from '../../src/model/actual-state.js';
import { PERMISSION_WARNING_CODES } from '../../src/plan/permission-checks.js';
import { toQuestionMarks } from '../db/harness.js';
import { expectValidOutput } from '../schema/output-schemas.js';
import { describeWithServer } from '../servers.js';
import { expectNoStackTrace, runCli, type CliResult } from './run-cli.js';
import { serverDatabase } from './server-database.js';

/**
 * Issue 12 through the real binary, on PGlite, PostgreSQL and MariaDB: who can chat after apply
 * (docs/design.md §3). A fresh install with chat on is healthy; each case of a config leaving
 * chats unanswerable warns in every format; --strict and reconcile.strict make the warnings
 * errors (exit 1, the same text, over --detailed-exitcode) before anything is written; a
 * database without the role tables gets one warning that the check was skipped.
 */

/** Where the binary runs and how the test reaches the same database. */
interface Target {
  /** `--database` for the binary. */
  url(): string;
  /** The directory the binary runs in and the config files are written to. */
  dir(): string;
  open(): Promise<Db>;
  readonly groupTable: GroupTable;
}

/** The permission warnings of a JSON plan: the plan's warnings with their codes. */
function permissionWarnings(doc: Record<string, any>): { code: string }[] {
  return (doc.warnings as { code: string }[]).filter((w) => (PERMISSION_WARNING_CODES as readonly string[]).includes(w.code));
}

const HEALTHY = `version: 1
settings:
  ChatEngine::Active: true
channels:
  - name: Support
    group: users
    availableToCustomerUsers: true
    comment: Customers with a contract.
`;

/** Nobody can read "sales"; only alice (not a chat-receiving agent) can read "night". */
const UNANSWERABLE = `version: 1
settings:
  ChatEngine::Active: true
  ChatEngine::PermissionGroup::ChatStartingAgents: sales
channels:
  - name: Sales
    group: sales
    availableToCustomerUsers: true
    comment: Questions from prospects before they buy.
  - name: Night desk
    group: night
    comment: Questions after hours.
`;

const NOBODY_RECEIVES = `version: 1
settings:
  ChatEngine::Active: true
  ChatEngine::PermissionGroup::ChatReceivingAgents: sales
`;

const NO_COMMENTS = `version: 1
channels:
${['A', 'B', 'C', 'D', 'E'].map((n) => `  - name: ${n}\n    group: users\n`).join('')}`;

function suite(target: Target): void {
  const cli = (args: readonly string[]): Promise<CliResult> => runCli([...args, '--database', target.url()], { cwd: target.dir() });
  const write = (name: string, text: string): void => writeFileSync(join(target.dir(), name), text);

  async function sql(statement: string, params: readonly unknown[] = []): Promise<void> {
    const db = await target.open();
    try {
      const s = db.dialect === 'mysql' ? toQuestionMarks(statement, params) : { sql: statement, params: [...params] };
      await db.query(s.sql, s.params);
    } finally {
      await db.close();
    }
  }
  const q = (name: string, dialect: Db['dialect']): string => dialectFor(dialect).quoteIdentifier(name);
  const AUDIT = 'current_timestamp, 1, current_timestamp, 1';
  async function addGroup(name: string, dialect: Db['dialect']): Promise<void> {
    await sql(`INSERT INTO ${q(target.groupTable, dialect)} (name, valid_id, create_time, create_by, change_time, change_by) VALUES ($1, 1, ${AUDIT})`, [name]);
  }
  async function grantDirect(login: string, group: string, key: string, dialect: Db['dialect']): Promise<void> {
    await sql(
      `INSERT INTO group_user (user_id, group_id, permission_key, create_time, create_by, change_time, change_by) ` +
        `SELECT u.id, g.id, $3, ${AUDIT} FROM ${q('users', dialect)} u, ${q(target.groupTable, dialect)} g WHERE u.login = $1 AND g.name = $2`,
      [login, group, key],
    );
  }
  async function dialect(): Promise<Db['dialect']> {
    const db = await target.open();
    const d = db.dialect;
    await db.close();
    return d;
  }
  /** The permission warnings' lines of a text plan, without their "  ! ". */
  const permissionLines = (stdout: string): string[] => {
    const section = stdout.split('\n\n').find((s) => s.startsWith('Permission warnings (who can chat):')) ?? '';
    return section.split('\n').slice(1).map((l) => l.replace(/^ {2}! /, ''));
  };

  it('finds nothing wrong on a fresh install with chat switched on', async () => {
    write('healthy.yaml', HEALTHY);
    const text = await cli(['plan', 'healthy.yaml', '--detailed-exitcode']);
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).not.toMatch(/Permission warnings/);
    expect(text.stderr).not.toMatch(/permission warning|hint:/);
    const json = await cli(['plan', 'healthy.yaml', '--format', 'json', '--strict']);
    expect(json.code, json.stderr).toBe(0);
    expect(permissionWarnings(expectValidOutput('plan.schema.json', json.stdout))).toEqual([]);
  });

  it('warns about each way a config leaves chats unanswerable, in text, JSON and Markdown, and exits 0', async () => {
    const d = await dialect();
    await addGroup('sales', d);
    await addGroup('night', d);
    await sql(
      `INSERT INTO ${q('users', d)} (login, pw, first_name, last_name, valid_id, create_time, create_by, change_time, change_by) VALUES ('alice', 'x', 'Alice', 'Night', 1, ${AUDIT})`,
    );
    await grantDirect('alice', 'night', 'ro', d);
    write('a.yaml', UNANSWERABLE);
    write('b.yaml', NOBODY_RECEIVES);

    const text = await cli(['plan', 'a.yaml', '--detailed-exitcode']);
    expect(text.code, text.stderr).toBe(2);
    expect(permissionLines(text.stdout)).toEqual([
      expect.stringMatching(/^a\.yaml:4:\d+: chat is on \(ChatEngine::Active\), but no valid agent can start chats: none has ro or rw on group "sales" \(ChatEngine::PermissionGroup::ChatStartingAgents\) \(grant .* ro on group "sales"/),
      expect.stringMatching(/^a\.yaml:6:\d+: channel "Sales" is available to customer users, but no valid agent can read its group "sales": its chats can never be answered \(/),
      expect.stringMatching(/^a\.yaml:10:\d+: channel "Night desk" is in group "night", which none of the agents who can receive chats \(group "users", ChatEngine::PermissionGroup::ChatReceivingAgents\) can read/),
    ]);
    expect(text.stderr).toMatch(/^warning: 3 permission warnings \(who can chat\) in the plan above; --strict or reconcile\.strict makes them errors\.$/m);

    const json = await cli(['plan', 'a.yaml', '--format', 'json']);
    const doc = expectValidOutput('plan.schema.json', json.stdout);
    expect(permissionWarnings(doc).map((w) => w.code)).toEqual(['no-starting-agents', 'unanswerable-channel', 'channel-without-receiving-agent']);
    expect(permissionWarnings(doc)[1]).toMatchObject({ location: { file: 'a.yaml', line: 6 } });

    const md = await cli(['plan', 'a.yaml', '--format', 'markdown']);
    expect(md.stdout).toMatch(/^> \[!CAUTION\]\n> \*\*Permission warnings \(who can chat\):\*\*\n> - a\.yaml:4:\d+: chat is on/m);

    const b = await cli(['plan', 'b.yaml', '--format', 'json']);
    const bDoc = expectValidOutput('plan.schema.json', b.stdout);
    expect(permissionWarnings(bDoc)).toEqual([
      expect.objectContaining({ code: 'no-receiving-agents', message: expect.stringContaining('no valid agent can receive chats: none has ro or rw on group "sales"'), location: expect.objectContaining({ line: 4 }) }),
    ]);
  });

  it('--strict and reconcile.strict make them errors with the same text, over --detailed-exitcode; --no-strict wins', async () => {
    const warned = permissionLines((await cli(['plan', 'a.yaml'])).stdout);
    expect(warned).toHaveLength(3);

    const strict = await cli(['plan', 'a.yaml', '--strict', '--detailed-exitcode', '--out', 'never.json']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr.split('\n').filter((l) => l.startsWith('a.yaml:'))).toEqual(warned);
    expect(strict.stderr).toMatch(/^3 permission warnings \(who can chat\) are errors under --strict\.$/m);
    expectNoStackTrace(strict.stderr);

    const json = await cli(['plan', 'a.yaml', '--strict', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(expectValidOutput('error.schema.json', json.stdout)).toMatchObject({ ok: false, error: 'plan', problems: [{ code: 'no-starting-agents' }, { code: 'unanswerable-channel' }, { code: 'channel-without-receiving-agent' }] });

    write('strict.yaml', `${UNANSWERABLE}reconcile:\n  strict: true\n`);
    const fromConfig = await cli(['plan', 'strict.yaml', '--detailed-exitcode']);
    expect(fromConfig.code).toBe(1);
    expect(fromConfig.stderr).toMatch(/are errors under reconcile\.strict\.$/m);
    expect((await cli(['plan', 'strict.yaml', '--no-strict', '--detailed-exitcode'])).code).toBe(2);
  });

  it('apply --strict refuses before writing anything, from the config or a saved plan', async () => {
    const apply = await cli(['apply', 'a.yaml', '--strict', '--yes']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/are errors under --strict/);
    expect((await cli(['plan', 'a.yaml', '--out', 'saved.json'])).code).toBe(0);
    const saved = await cli(['apply', '--plan', 'saved.json', '--strict', '--yes']);
    expect(saved.code).toBe(1);
    expect(saved.stderr).toMatch(/^3 permission warnings \(who can chat\) are errors under --strict\.$/m);
    // Nothing was written: the plan still creates both channels.
    const again = await cli(['plan', 'a.yaml']);
    expect(again.stdout).toMatch(/\+ channel "Sales"/);
    expect(again.stdout).toMatch(/\+ channel "Night desk"/);
  });

  it('counts a direct rw grant and a role grant', async () => {
    const d = await dialect();
    await grantDirect('alice', 'sales', 'rw', d);
    await sql(`INSERT INTO roles (name, valid_id, create_time, create_by, change_time, change_by) VALUES ('night shift', 1, ${AUDIT})`);
    await sql(`INSERT INTO role_user (user_id, role_id, create_time, create_by, change_time, change_by) SELECT u.id, r.id, ${AUDIT} FROM ${q('users', d)} u, roles r WHERE u.login = 'root@localhost' AND r.name = 'night shift'`);
    await sql(
      `INSERT INTO group_role (role_id, group_id, permission_key, permission_value, create_time, create_by, change_time, change_by) ` +
        `SELECT r.id, g.id, 'ro', 1, ${AUDIT} FROM roles r, ${q(target.groupTable, d)} g WHERE r.name = 'night shift' AND g.name = 'night'`,
    );
    const doc = expectValidOutput('plan.schema.json', (await cli(['plan', 'a.yaml', '--format', 'json'])).stdout);
    // alice can now read "sales" (start chats, answer Sales), root "night" through the role; alice receives no chats.
    expect(permissionWarnings(doc)).toEqual([expect.objectContaining({ code: 'channel-without-receiving-agent', message: expect.stringContaining('channel "Sales" is in group "sales"') })]);
  });

  it('gives the comment hint once, with a count, and never changes the exit code, not even under --strict', async () => {
    write('bare.yaml', NO_COMMENTS);
    const plan = await cli(['plan', 'bare.yaml', '--strict']);
    expect(plan.code, plan.stderr).toBe(0);
    const hints = plan.stderr.split('\n').filter((l) => l.startsWith('hint:'));
    expect(hints).toEqual([expect.stringMatching(/^hint: bare\.yaml:3:5: 5 channels have no comment: "A", "B" \(bare\.yaml:5\), "C" \(bare\.yaml:7\) and 2 more \(OTRS shows the comment/)]);
    expect((await cli(['plan', 'bare.yaml', '--quiet'])).stderr).not.toMatch(/hint:/);
  });

  it('warns once that the check was skipped when the database lacks a permission table; --strict makes it an error', async () => {
    await sql('DROP TABLE group_role');
    const json = await cli(['plan', 'a.yaml', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(permissionWarnings(expectValidOutput('plan.schema.json', json.stdout))).toEqual([
      { code: 'permission-check-skipped', message: expect.stringMatching(/^who can chat was not checked, since the agents' permissions could not be read: .*group_role/) },
    ]);
    const strict = await cli(['plan', 'a.yaml', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^1 permission warning \(who can chat\) is an error under --strict\.$/m);
  });
}

describe('the comment hint in validate', () => {
  it('is one line on stderr with the count, in the JSON document, hidden by --quiet, and exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'occ-hint-'));
    try {
      writeFileSync(join(dir, 'bare.yaml'), NO_COMMENTS);
      const text = await runCli(['validate', 'bare.yaml'], { cwd: dir });
      expect(text.code).toBe(0);
      expect(text.stdout).toBe('✓ 5 channels, 0 settings in 1 file\n');
      expect(text.stderr).toMatch(/^hint: bare\.yaml:3:5: 5 channels have no comment: "A", "B" \(bare\.yaml:5\), "C" \(bare\.yaml:7\) and 2 more \(OTRS shows the comment in its overview of chat channels: give each channel a full sentence/);
      expect(text.stderr.trim().split('\n')).toHaveLength(1);
      const json = await runCli(['validate', 'bare.yaml', '--format', 'json'], { cwd: dir });
      expect(json.code).toBe(0);
      expect(json.stderr).toBe('');
      expect(expectValidOutput('validate-output.schema.json', json.stdout).hints).toEqual([
        expect.objectContaining({ file: 'bare.yaml', line: 3, column: 5, code: 'channel-without-comment', message: expect.stringContaining('5 channels have no comment') }),
      ]);
      const quiet = await runCli(['validate', 'bare.yaml', '--quiet'], { cwd: dir });
      expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, '', '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('who can chat: PGlite (embedded database)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'occ-perm-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  suite({
    url: () => 'embedded:db',
    dir: () => dir,
    open: () => openDatabase(parseDatabaseTarget('embedded:db', {}, dir, 'test'), { lockTimeoutMs: 10_000 }),
    groupTable: 'groups',
  });
});

for (const server of ['postgres', 'mariadb'] as const) {
  describeWithServer(server, `who can chat: ${server} (real binary)`, () => {
    const database = serverDatabase(server, { groupTable: 'permission_groups' });
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'occ-perm-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    suite({ url: () => database.url(), dir: () => dir, open: () => database.open(), groupTable: 'permission_groups' });
  });
}
