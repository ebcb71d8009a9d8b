import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlanError, UnsupportedDatabaseError } from '../../src/errors.js';
import type { ActualChannel, ActualSetting, ActualState, DatabaseCapabilities, DesiredChannel, DesiredSetting, DesiredState } from '../../src/model/index.js';
import { VALIDITIES } from '../../src/model/validity.js';
import { diffStates, GENERAL_CI } from './stand-in-keys.js';
import { SETTING_CATALOG } from '../../src/settings/catalog.js';
import { at, GROUPS, POSTGRES, SEEDED_TEXT } from './builders.js';
import { simulate } from './simulate.js';

// Small pools, so that names collide, differ only by case or accent, and hit the default channel.
const NAMES = ['Sales', 'sales', 'Säles', 'Support', 'Help', 'Billing', 'Default channel', 'default channel', 'Lobby', 'Chat 💬', 'VIP'];
const GROUP_NAMES = GROUPS.map((g) => g.name);

/** Mostly `usual`, sometimes `rare`: refusals are worth generating, but not most of the time. */
function mostly<T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: rare, weight: 1 });
}
const COMMENTS = ['', 'Short.', 'Line one\nline two', 'x'.repeat(90), 'Grüße 😀'];
const TEXTS = ['Default channel', 'Lobby', 'Sales', 'Agent', ''];
const STORED = ["--- '0'\n", "--- '1'\n", "--- '2'\n", '--- users\n', '--- sales\n', "--- ''\n", "--- '48'\n", '--- Lobby\n', '--- [broken\n', null];

const capabilities: fc.Arbitrary<DatabaseCapabilities> = fc.record({
  nameComparison: fc.constantFrom<DatabaseCapabilities['nameComparison']>('exact', GENERAL_CI),
  withColumns: fc.boolean(),
  supportsFourByteCharacters: mostly(fc.constant(true), fc.constant(false)),
}).map(({ withColumns, ...c }) => ({ ...POSTGRES, ...c, availabilityColumns: withColumns ? POSTGRES.availabilityColumns : null }));

const channelRows = (columns: boolean): fc.Arbitrary<ActualChannel[]> =>
  fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 7 }).chain((names) =>
    fc.tuple(...names.map((name, i) =>
      fc.record({
        group: fc.constantFrom(...GROUPS),
        valid: fc.constantFrom(...VALIDITIES),
        customer: fc.boolean(),
        public: fc.boolean(),
        comment: fc.constantFrom(...COMMENTS),
      }).map((r): ActualChannel => ({
        id: 10 + i * 3,
        name,
        groupId: r.group.id,
        group: r.group.name,
        valid: r.valid,
        availableToCustomerUsers: columns ? r.customer : null,
        availableToPublicUsers: columns ? r.public : null,
        comment: r.comment,
      })),
    )),
  );

const row = fc.record({ effectiveValue: fc.constantFrom(...STORED), isValid: fc.boolean() });
const storedSettings: fc.Arbitrary<ActualSetting[]> = fc.tuple(
  ...SETTING_CATALOG.map((def, i) =>
    mostly(fc.array(row, { maxLength: 1 }), fc.array(row, { minLength: 2, maxLength: 2 })).map((rows): ActualSetting => ({
      name: def.name,
      defaultId: 100 + i,
      defaultEffectiveValue: SEEDED_TEXT[def.name] ?? null,
      systemWideRows: rows.map((r, j) => ({ id: 500 + i * 10 + j, ...r })),
    })),
  ),
);

const actualState: fc.Arbitrary<ActualState> = capabilities.chain((caps) =>
  fc.record({ channels: channelRows(caps.availabilityColumns !== null), settings: storedSettings }).map((s) => ({ capabilities: caps, groups: GROUPS, ...s })),
);

const desiredChannels: fc.Arbitrary<DesiredChannel[]> = fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 6 }).chain((names) =>
  fc.tuple(...names.map((name, i) =>
    fc.record({
      group: mostly(fc.constantFrom(...GROUP_NAMES), fc.constantFrom('Users', 'missing')),
      availableToCustomerUsers: fc.boolean(),
      availableToPublicUsers: fc.boolean(),
      valid: fc.constantFrom(...VALIDITIES),
      comment: fc.constantFrom(...COMMENTS),
      previousNames: mostly(fc.constant<string[]>([]), fc.subarray(NAMES.filter((n) => n !== name), { maxLength: 2 })),
    }).map((c): DesiredChannel => ({ name, ...c, location: at(i + 1) })),
  )),
);

const settingValue = (type: string): fc.Arbitrary<boolean | number | string> => {
  switch (type) {
    case 'boolean':
      return fc.boolean();
    case 'non-negative-integer':
      return fc.constantFrom(0, 48, 90, 720);
    case 'group':
      return fc.constantFrom(...GROUPS.map((g) => g.name));
    case 'group-or-empty':
      return fc.constantFrom('', ...GROUPS.map((g) => g.name));
    default:
      return fc.constantFrom(...TEXTS);
  }
};

const desiredSettings: fc.Arbitrary<DesiredSetting[]> = fc
  .subarray([...SETTING_CATALOG])
  .chain((defs) => fc.tuple(...defs.map((def, i) => settingValue(def.type).map((value) => ({ name: def.name, value, location: at(50 + i) })))));

const desiredState: fc.Arbitrary<DesiredState> = fc.record({
  channels: desiredChannels,
  settings: desiredSettings,
  removedChannels: fc.constantFrom('invalid' as const, 'invalid-temporarily' as const, 'keep' as const),
  // Without any channels, the config may have no `channels` key at all: then it prunes nothing.
  managesChannels: fc.boolean(),
}).map(({ removedChannels, managesChannels, ...s }) => ({
  ...s,
  reconcile: { removedChannels, maxInvalidatePercent: 25, maxInvalidatePercentFromConfig: false },
  managesChannels: managesChannels || s.channels.length > 0,
  files: ['chat.yaml'],
}));

describe('diffStates properties', () => {
  it('never deletes, never touches invalid rows by pruning, and applying its plan leaves nothing to do', () => {
    let planned = 0;
    fc.assert(
      fc.property(desiredState, actualState, (desired, actual) => {
        let plan;
        try {
          plan = diffStates(desired, actual);
        } catch (e) {
          if (e instanceof PlanError || e instanceof UnsupportedDatabaseError) return;
          throw e;
        }
        planned++;
        const byId = new Map(actual.channels.map((c) => [c.id, c]));
        for (const change of plan.changes) {
          expect(['create-channel', 'update-channel', 'invalidate-channel', 'update-setting']).toContain(change.kind);
          if (change.kind === 'invalidate-channel') expect(byId.get(change.id)?.valid).toBe('valid');
          if (change.kind === 'update-channel') expect(byId.has(change.id)).toBe(true);
        }
        const after = simulate(actual, plan.changes);
        const creates = plan.changes.filter((c) => c.kind === 'create-channel').length;
        expect(after.channels).toHaveLength(actual.channels.length + creates);
        expect(diffStates(desired, after).changes).toEqual([]);
      }),
      { numRuns: 1500 },
    );
    // The property means little if nearly every generated case is refused.
    expect(planned).toBeGreaterThan(300);
  });
});
