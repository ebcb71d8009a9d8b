import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/config/interpolate.js';
import { escapeInterpolation } from '../../src/export/render-document.js';
import { invisibleCharacter } from '../../src/model/text.js';
import { diffStates, exportConfig, exportSplitConfig, GENERAL_CI } from '../plan/stand-in-keys.js';
import type { ActualChannel, ActualGroup, ActualSetting, ActualState, DatabaseCapabilities } from '../../src/model/index.js';
import { VALIDITIES } from '../../src/model/validity.js';
import { SETTING_CATALOG } from '../../src/settings/catalog.js';
import { GROUPS, POSTGRES, SEEDED_TEXT } from '../plan/builders.js';
import { readBack, readBackText } from './read-back.js';

/** Groups whose names YAML or interpolation could misread. */
const TRICKY_GROUPS: readonly ActualGroup[] = [
  ...GROUPS,
  { id: 6, name: 'yes', valid: true },
  { id: 7, name: '${X}', valid: true },
  { id: 8, name: 'a: b', valid: false },
  { id: 9, name: ' spaced ', valid: true },
  { id: 10, name: 'Grüße 😀', valid: true },
];

/** Characters that stress quoting, block scalars and interpolation, mixed with any code point. */
const trickyChar = (nul: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(' ', '\n', '\r', '\t', '$', '{', '}', '$', '#', ':', '-', '"', "'", '\\', '|', '>', '\u0085', '\u2028', '\uFEFF', '\u00A0', '😀', 'é', 'y', 'e', 's', '1', '~', '\u0007', ...(nul ? ['\0'] : [])),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => nul || c !== '\0'),
  );
const trickyText = (maxLength: number, nul = false): fc.Arbitrary<string> => fc.string({ unit: trickyChar(nul), maxLength });

/** A name the config can state: trimmed, 1–200 characters, no control characters. */
const expressibleName = trickyText(12).filter((s) => s !== '' && s.trim() === s && !/[\u0000-\u001F\u007F-\u009F]/u.test(s) && invisibleCharacter(s) === undefined);

const capabilitiesOf = (mysql: boolean, columns: boolean, insensitive: boolean): DatabaseCapabilities => ({
  ...POSTGRES,
  dialect: mysql ? 'mysql' : 'postgres',
  nameComparison: insensitive ? GENERAL_CI : 'exact',
  availabilityColumns: columns ? POSTGRES.availabilityColumns : null,
});

function channelRow(id: number, name: string, r: { group: ActualGroup | null; valid: (typeof VALIDITIES)[number]; customer: boolean; public: boolean; comment: string }, columns: boolean): ActualChannel {
  return {
    id,
    name,
    groupId: r.group?.id ?? 99,
    group: r.group?.name ?? null,
    valid: r.valid,
    availableToCustomerUsers: columns ? r.customer : null,
    availableToPublicUsers: columns ? r.public : null,
    comment: r.comment,
  };
}

const rowFields = (nul: boolean, groups: fc.Arbitrary<ActualGroup | null>, comment: fc.Arbitrary<string>) =>
  fc.record({ group: groups, valid: fc.constantFrom(...VALIDITIES), customer: fc.boolean(), public: fc.boolean(), comment: nul ? comment : comment.map((c) => c.replaceAll('\0', '')) });

describe('export (property)', () => {
  it('escapes `${` so that interpolation gives any text back', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', 'A', '-', ':') }), (text) => {
        expect(interpolate(escapeInterpolation(text), {})).toEqual({ value: text, issues: [] });
      }),
    );
  });

  it('gives back every channel the config can state, field by field, and plans to no changes', () => {
    const state = fc
      .record({ mysql: fc.boolean(), columns: fc.boolean() })
      .chain(({ mysql, columns }) =>
        fc
          .uniqueArray(expressibleName, { maxLength: 8 })
          .chain((names) => fc.tuple(...names.map((name) => rowFields(mysql, fc.constantFrom(...TRICKY_GROUPS), trickyText(250, mysql)).map((r) => ({ name, r })))))
          .map((list): ActualState => ({
            capabilities: capabilitiesOf(mysql, columns, false),
            channels: list.map(({ name, r }, i) => channelRow(10 + i, name, r, columns)),
            groups: TRICKY_GROUPS,
            settings: [],
          })),
      );
    fc.assert(
      fc.property(state, (actual) => {
        const result = exportConfig(actual);
        expect(result.warnings).toEqual([]);
        const desired = readBackText(result.text);
        const got = desired.channels.map((c) => [c.name, c.group, c.availableToCustomerUsers, c.availableToPublicUsers, c.valid, c.comment, c.previousNames.length]);
        const want = actual.channels.map((c) => [c.name, c.group, c.availableToCustomerUsers ?? false, c.availableToPublicUsers ?? false, c.valid, c.comment, 0]);
        expect(new Set(got.map((g) => JSON.stringify(g)))).toEqual(new Set(want.map((w) => JSON.stringify(w))));
        expect(diffStates(desired, actual).changes).toEqual([]);
        expect(readBack(exportSplitConfig(actual).files).channels).toHaveLength(actual.channels.length);
      }),
      { numRuns: 150 },
    );
  });

  it('on any state: the export reads back, plans without problems, and changes only what the warnings announce', () => {
    const NAMES = ['Sales', 'sales', 'Säles', 'Sales ', ' Sales', 'Default channel', 'default channel', 'Lobby', 'Two\nlines', '', '  ', 'x'.repeat(201), 'Chat 💬', 'yes', '${X}'];
    const STORED = ["--- '0'\n", "--- '1'\n", "--- '2'\n", '--- users\n', '--- sales\n', '--- Sales\n', "--- ''\n", "--- '48'\n", "--- '4294967296'\n", '--- Lobby\n', "--- 'Lobby '\n", '--- Default channel\n', '--- [broken\n', null];
    const settings: fc.Arbitrary<ActualSetting[]> = fc.tuple(
      ...SETTING_CATALOG.map((def, i) =>
        fc.array(fc.record({ effectiveValue: fc.constantFrom(...STORED), isValid: fc.boolean() }), { maxLength: 2 }).map((rows): ActualSetting => ({
          name: def.name,
          defaultId: 100 + i,
          defaultEffectiveValue: SEEDED_TEXT[def.name] ?? null,
          systemWideRows: rows.map((r, j) => ({ id: 500 + i * 10 + j, ...r })),
        })),
      ),
    );
    const state = fc
      .record({ mysql: fc.boolean(), columns: fc.boolean(), insensitive: fc.boolean(), settings })
      .chain(({ mysql, columns, insensitive, settings: s }) =>
        fc
          .array(fc.tuple(fc.constantFrom(...NAMES), rowFields(mysql, fc.option(fc.constantFrom(...TRICKY_GROUPS), { freq: 6 }), fc.oneof(trickyText(20, mysql), fc.constant('c'.repeat(251))))), { maxLength: 8 })
          .map((list): ActualState => ({
            capabilities: capabilitiesOf(mysql, columns, insensitive),
            channels: list.map(([name, r], i) => channelRow(10 + i, name, r, columns)),
            groups: TRICKY_GROUPS,
            settings: s,
          })),
      );
    fc.assert(
      fc.property(state, (actual) => {
        const result = exportConfig(actual);
        expect(exportConfig({ ...actual, channels: [...actual.channels].reverse() }).text).toBe(result.text);
        const plan = diffStates(readBackText(result.text), actual);
        const announced = result.warnings.filter((w) => w.message.includes('the plan will invalidate it')).map((w) => Number(/\(id (\d+)\)/.exec(w.message)?.[1]));
        expect(plan.changes.map((c) => (c.kind === 'invalidate-channel' ? c.id : c.kind)).sort()).toEqual(announced.sort());
        expect(diffStates(readBack(exportSplitConfig(actual).files), actual).changes).toEqual(plan.changes);
      }),
      { numRuns: 300 },
    );
  });
});
