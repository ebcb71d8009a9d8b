import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlanError, UnsupportedDatabaseError } from '../../src/errors.js';
import { exportConfig } from '../../src/export/export-config.js';
import type { ActualState, DesiredState } from '../../src/model/index.js';
import { normalizeName } from '../../src/model/text.js';
import { namesToCompare } from '../../src/plan/compared-names.js';
import { diffStates } from '../../src/plan/diff.js';
import { serverNameKeys, type NameKeys } from '../../src/plan/name-key.js';
import { SETTING_CATALOG } from '../../src/settings/catalog.js';
import { actual, channel, desired, GROUPS, MYSQL_UTF8MB3, row, SEEDED_TEXT, setting } from './builders.js';
import { CASE_INSENSITIVE_KEYS, GENERAL_CI } from './stand-in-keys.js';

/**
 * On MySQL/MariaDB the server is asked once, before planning, for the key of every name the plan
 * can meet (`namesToCompare`); the planner and the export then look names up and refuse any it
 * was not given. So that list must hold every name they look up, whatever the state and config.
 */
function strictKeys(state: ActualState, config?: DesiredState): NameKeys {
  const names = namesToCompare(state, config);
  const asked = (list: readonly string[]): Map<string, string> => new Map(list.map((n) => [normalizeName(n), CASE_INSENSITIVE_KEYS.channel(n)]));
  return serverNameKeys(GENERAL_CI, { channels: asked(names.channels), groups: asked(names.groups) });
}

const NAMES = ['Sales', 'sales', 'SALES ', 'Default channel', 'default channel', 'Lobby', 'lobby', 'Café', 'Cafe\u0301', 'Chat 😀', 'users', 'Users'];
const GROUP_NAMES = [...GROUPS.map((g) => g.name), 'Sales', 'USERS', 'nobody', 'Straße'];
const TEXT = ['Lobby', ' Lobby ', 'lobby', 'Sales', 'SALES', 'users', 'Users', 'admin ', 'nobody', '', 'Café', 'Cafe\u0301'];
const STORED = [...TEXT.map((t) => `--- '${t}'\n`), "--- '1'\n", "--- '0'\n", '--- [broken\n', null];
const NAME_LIKE = SETTING_CATALOG.filter((s) => s.type === 'text' || s.type === 'group' || s.type === 'group-or-empty').map((s) => s.name);

const state: fc.Arbitrary<ActualState> = fc
  .record({
    rows: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 6 }),
    groupIds: fc.array(fc.constantFrom(...GROUPS.map((g) => g.id), 99), { minLength: 6, maxLength: 6 }),
    stored: fc.dictionary(fc.constantFrom(...NAME_LIKE, 'ChatEngine::Active'), fc.array(fc.record({ effectiveValue: fc.constantFrom(...STORED), isValid: fc.boolean() }), { maxLength: 2 })),
  })
  .map(({ rows, groupIds, stored }) =>
    actual({
      capabilities: { ...MYSQL_UTF8MB3, nameComparison: GENERAL_CI, supportsFourByteCharacters: true },
      channels: rows.map((name, i) => row(10 + i, name, groupIds[i] === 99 ? { groupId: 99, group: null } : { groupId: groupIds[i] })),
      settings: Object.entries(SEEDED_TEXT).map(([name, text], i) => ({
        name,
        defaultId: 100 + i,
        defaultEffectiveValue: text,
        systemWideRows: (stored[name] ?? []).map((r, j) => ({ id: 500 + i * 10 + j, ...r })),
      })),
    }),
  );

const config: fc.Arbitrary<DesiredState> = fc
  .record({
    channels: fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...NAMES), group: fc.oneof({ arbitrary: fc.constantFrom(...GROUPS.map((g) => g.name)), weight: 8 }, { arbitrary: fc.constantFrom(...GROUP_NAMES), weight: 1 }), previousNames: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 2 }) }),
      { maxLength: 5, selector: (c) => c.name },
    ),
    settings: fc.dictionary(fc.constantFrom(...NAME_LIKE), fc.constantFrom(...TEXT.filter((t) => t.trim() !== '')), { maxKeys: 2 }),
    active: fc.boolean(),
  })
  .map(({ channels, settings, active }) =>
    desired({
      channels: channels.map((c) => channel(c.name, { group: c.group, previousNames: c.previousNames.filter((p) => p !== c.name) })),
      settings: [...Object.entries(settings).map(([name, value]) => setting(name, value)), ...(active ? [setting('ChatEngine::Active', true)] : [])],
    }),
  );

describe('namesToCompare', () => {
  it('holds every name diffStates looks up, whatever the state and config', () => {
    let planned = 0;
    fc.assert(
      fc.property(state, config, (a, d) => {
        try {
          diffStates(d, a, { nameKeys: strictKeys(a, d) });
          planned++;
        } catch (e) {
          if (!(e instanceof PlanError || e instanceof UnsupportedDatabaseError)) throw e;
        }
      }),
      { numRuns: 1500 },
    );
    expect(planned).toBeGreaterThan(200);
  });

  it('holds every name the export looks up, from the state alone', () => {
    fc.assert(
      fc.property(state, (a) => {
        exportConfig(a, { nameKeys: strictKeys(a) });
      }),
      { numRuns: 500 },
    );
  });

  it('misses nothing it is tested with: a key the server was not asked for stops the plan', () => {
    const a = actual({ capabilities: { ...MYSQL_UTF8MB3, nameComparison: GENERAL_CI } });
    const keys = serverNameKeys(GENERAL_CI, { channels: new Map(), groups: new Map() });
    expect(() => diffStates(desired({ channels: [channel('Sales')] }), a, { nameKeys: keys })).toThrow(/no key was read for the (channel|group) name/);
  });
});
