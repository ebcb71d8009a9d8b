import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActualState, DesiredState, PermissionReading } from '../../src/model/index.js';
import { chatAfterApply, groupIdsToRead } from '../../src/plan/chat-after-apply.js';
import { checkPermissions, isPermissionWarning, PERMISSION_WARNING_CODES } from '../../src/plan/permission-checks.js';
import { actual, at, channel, desired, GROUPS, row, seededSettings, setting } from './builders.js';
import { diffStates } from './stand-in-keys.js';

// GROUPS: 1 users, 2 admin, 3 stats, 4 sales, 5 support. Agents are plain ids.
const ROOT = 1;
const ALICE = 2;

function read(readers: Record<number, number[]>): PermissionReading {
  return { kind: 'read', permissions: { readersByGroup: new Map(Object.entries(readers).map(([g, agents]) => [Number(g), new Set(agents)])) } };
}

/** A fresh install's grants: root@localhost has rw on users, admin and stats. */
const FRESH = read({ 1: [ROOT], 2: [ROOT], 3: [ROOT] });
const ACTIVE = setting('ChatEngine::Active', true, at(2));
const RECEIVING = 'ChatEngine::PermissionGroup::ChatReceivingAgents';
const STARTING = 'ChatEngine::PermissionGroup::ChatStartingAgents';

/** The warnings for `d` planned against `a`; each must be one `--strict` turns into an error. */
function check(d: DesiredState, a: ActualState, reading: PermissionReading) {
  const warnings = checkPermissions(chatAfterApply(d, a, diffStates(d, a)), reading);
  expect(warnings.filter((w) => !isPermissionWarning(w))).toEqual([]);
  return warnings;
}

describe('who can receive and start chats', () => {
  it('finds nothing wrong on a fresh install with chat switched on', () => {
    expect(check(desired({ settings: [ACTIVE] }), actual(), FRESH)).toEqual([]);
  });

  it('warns once per setting when nobody can read its group, naming setting and group and how to fix it', () => {
    const warnings = check(desired({ settings: [ACTIVE] }), actual(), read({ 2: [ROOT] }));
    expect(warnings).toEqual([
      {
        code: 'no-receiving-agents',
        message: `chat is on (ChatEngine::Active), but no valid agent can receive chats: none has ro or rw on group "users" (${RECEIVING})`,
        hint: `grant the agents who answer chats ro on group "users", in OTRS under Admin → Agents ↔ Groups or through a role, or set ${RECEIVING} to a group they have`,
        location: at(2),
      },
      expect.objectContaining({ code: 'no-starting-agents', message: expect.stringContaining(`no valid agent can start chats: none has ro or rw on group "users" (${STARTING})`) }),
    ]);
  });

  it('points at the configured setting, and reads the group the config gives it', () => {
    const receiving = setting(RECEIVING, 'sales', at(3));
    const warnings = check(desired({ settings: [ACTIVE, receiving] }), actual(), FRESH);
    expect(warnings).toEqual([expect.objectContaining({ code: 'no-receiving-agents', location: at(3), message: expect.stringContaining('group "sales"') })]);
    expect(check(desired({ settings: [ACTIVE, receiving] }), actual(), read({ 1: [ROOT], 4: [ALICE] }))).toEqual([]);
  });

  it('reads the stored value of a setting the config leaves alone, and says when its group does not exist', () => {
    const settings = seededSettings({ [STARTING]: [{ id: 7, effectiveValue: '--- gone\n', isValid: true }] });
    const warnings = check(desired({ settings: [ACTIVE] }), actual({ settings }), FRESH);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'no-starting-agents', message: expect.stringContaining('group "gone" does not exist'), hint: expect.stringContaining('create group "gone"') }),
    ]);
  });

  it('counts nobody in a group that is not valid, whatever the grants say', () => {
    const groups = GROUPS.map((g) => (g.name === 'users' ? { ...g, valid: false } : g));
    const warnings = check(desired({ settings: [ACTIVE, setting(RECEIVING, 'admin'), setting(STARTING, 'users')] }), actual({ groups }), FRESH);
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      ['no-starting-agents', expect.stringContaining('group "users" is not valid in OTRS')],
    ]);
  });

  it('says nothing about the settings while chat is off, or when ChatEngine::Active cannot be read', () => {
    expect(check(desired(), actual(), read({}))).toEqual([]);
    const settings = seededSettings({ 'ChatEngine::Active': [{ id: 1, effectiveValue: '--- [1\n', isValid: true }] });
    expect(check(desired(), actual({ settings }), read({}))).toEqual([]);
  });
});

describe('channels nobody can answer', () => {
  it('warns about a channel open to customers whose group nobody can read, at its place in the config', () => {
    const sales = channel('Sales', { group: 'sales', availableToCustomerUsers: true, location: at(10) });
    expect(check(desired({ channels: [sales] }), actual(), FRESH)).toEqual([
      {
        code: 'unanswerable-channel',
        message: 'channel "Sales" is available to customer users, but no valid agent can read its group "sales": its chats can never be answered',
        hint: 'grant the agents who should answer them ro on group "sales", in OTRS under Admin → Agents ↔ Groups or through a role, or move the channel to a group those agents have',
        location: at(10),
      },
    ]);
    expect(check(desired({ channels: [sales] }), actual(), read({ 1: [ROOT], 4: [ROOT] }))).toEqual([]);
  });

  it('gives one warning per group, naming the first three channels and counting the rest', () => {
    const channels = ['A', 'B', 'C', 'D', 'E'].map((n, i) => channel(n, { group: 'sales', availableToPublicUsers: true, location: at(20 + i) }));
    const warnings = check(desired({ channels }), actual(), FRESH);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'unanswerable-channel',
      message: '5 channels ("A", "B", "C" and 2 more) are available to customer or public users, but no valid agent can read their group "sales": their chats can never be answered',
      location: at(20),
    });
  });

  it('warns about a channel no chat-receiving agent can read, even when other agents can', () => {
    const internal = channel('Internal', { group: 'sales', location: at(11) });
    const warnings = check(desired({ channels: [internal] }), actual(), read({ 1: [ROOT], 4: [ALICE] }));
    expect(warnings).toEqual([
      {
        code: 'channel-without-receiving-agent',
        message: `channel "Internal" is in group "sales", which none of the agents who can receive chats (group "users", ${RECEIVING}) can read: no chat in it reaches an agent`,
        hint: 'grant agents of group "users" ro on group "sales", in OTRS under Admin → Agents ↔ Groups or through a role, or move the channel to a group they have',
        location: at(11),
      },
    ]);
    // An agent in both sets is enough.
    expect(check(desired({ channels: [internal] }), actual(), read({ 1: [ROOT, ALICE], 4: [ALICE] }))).toEqual([]);
  });

  it('does not repeat per channel what the receiving-agents warning already says', () => {
    const internal = channel('Internal', { group: 'sales' });
    const warnings = check(desired({ channels: [internal], settings: [ACTIVE] }), actual(), read({ 4: [ALICE] }));
    expect(warnings.map((w) => w.code)).toEqual(['no-receiving-agents', 'no-starting-agents']);
  });

  it('checks the channels as they are after apply: moved groups, invalidated rows, rows left alone', () => {
    const groups = GROUPS;
    const rows = [
      row(1, 'Moved', { groupId: 4, availableToCustomerUsers: true }),
      row(2, 'Retired', { groupId: 4, availableToCustomerUsers: true }),
      row(3, 'Already invalid', { groupId: 4, availableToCustomerUsers: true, valid: 'invalid' }),
    ];
    const moved = channel('Moved', { group: 'users', availableToCustomerUsers: true });
    // Moving "Moved" to users and invalidating "Retired" leaves nothing to warn about.
    expect(check(desired({ channels: [moved] }), actual({ channels: rows, groups }), FRESH)).toEqual([]);
    // A config that does not manage channels leaves "Retired" valid, without a place in the config.
    const leftAlone = check(desired({ managesChannels: false }), actual({ channels: rows, groups }), FRESH);
    expect(leftAlone).toEqual([expect.objectContaining({ code: 'unanswerable-channel', message: expect.stringContaining('2 channels ("Moved", "Retired")') })]);
    expect(leftAlone[0]).not.toHaveProperty('location');
    // The config moving a channel into a group nobody reads is caught before it is applied.
    const intoSales = channel('Moved', { group: 'sales', availableToCustomerUsers: true, location: at(30) });
    const rowsInUsers = [row(1, 'Moved', { groupId: 1, availableToCustomerUsers: true })];
    expect(check(desired({ channels: [intoSales] }), actual({ channels: rowsInUsers }), FRESH)).toEqual([expect.objectContaining({ code: 'unanswerable-channel', location: at(30) })]);
  });

  it('leaves channels that are not valid alone', () => {
    const off = channel('Off', { group: 'sales', availableToCustomerUsers: true, valid: 'invalid-temporarily' });
    expect(check(desired({ channels: [off] }), actual(), FRESH)).toEqual([]);
  });

  it('names a row whose group no longer exists', () => {
    const orphan = { ...row(1, 'Orphan', { availableToPublicUsers: true }), groupId: 99, group: null };
    const warnings = check(desired({ managesChannels: false }), actual({ channels: [orphan] }), FRESH);
    expect(warnings).toEqual([expect.objectContaining({ code: 'unanswerable-channel', message: expect.stringContaining('group "group id 99" does not exist') })]);
  });
});

describe('a reading that was skipped', () => {
  const skipped: PermissionReading = { kind: 'skipped', reason: 'this database has no table role_user' };

  it('gives exactly one warning with the reason', () => {
    const channels = [channel('A', { availableToCustomerUsers: true }), channel('B', { availableToCustomerUsers: true })];
    expect(check(desired({ channels, settings: [ACTIVE] }), actual(), skipped)).toEqual([
      { code: 'permission-check-skipped', message: "who can chat was not checked, since the agents' permissions could not be read: this database has no table role_user" },
    ]);
  });

  it('says nothing when there was nothing to check (chat off, no valid channel)', () => {
    expect(check(desired(), actual(), skipped)).toEqual([]);
  });
});

describe('groupIdsToRead', () => {
  it('asks only for the groups the checks need, each once, and none when there is nothing to check', () => {
    const d = desired({ settings: [ACTIVE, setting(STARTING, 'stats')], channels: [channel('A', { group: 'sales' }), channel('B', { group: 'sales' })] });
    const a = actual();
    expect(groupIdsToRead(chatAfterApply(d, a, diffStates(d, a)))).toEqual([1, 3, 4]);
    expect(groupIdsToRead(chatAfterApply(desired(), a, diffStates(desired(), a)))).toEqual([]);
  });

  it('leaves out groups that do not exist or are not valid: nobody reads them anyway', () => {
    const groups = GROUPS.map((g) => (g.name === 'sales' ? { ...g, valid: false } : g));
    const d = desired({ channels: [channel('A', { group: 'sales' })] });
    const a = actual({ groups });
    expect(groupIdsToRead(chatAfterApply(d, a, diffStates(d, a)))).toEqual([1]);
  });
});

describe('the permission warnings among the plan\'s warnings', () => {
  it('are told apart by their codes', () => {
    for (const code of PERMISSION_WARNING_CODES) expect(isPermissionWarning({ code, message: 'x' })).toBe(true);
    expect(isPermissionWarning({ code: 'invalid-group', message: 'x' })).toBe(false);
  });

  it('are each named in the plan schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/plan.schema.json', import.meta.url), 'utf8')) as { properties: { warnings: { description: string } } };
    for (const code of PERMISSION_WARNING_CODES) expect(schema.properties.warnings.description).toContain(code);
  });
});
