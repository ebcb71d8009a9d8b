import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActualChannel, ActualGroup, ActualSetting, ActualState, DatabaseCapabilities } from '../../src/model/index.js';
import { VALIDITIES } from '../../src/model/validity.js';
import { compareText } from '../../src/plan/compare-text.js';
import { fingerprintState } from '../../src/plan/fingerprint.js';

/**
 * Saved plans carry the fingerprint of the state they were made from, and `apply --plan`
 * compares it with one computed now: a plan saved by an older version must still match. These
 * values were computed by the fingerprint code before it was made incremental (issue 11).
 */
const POSTGRES: DatabaseCapabilities = {
  dialect: 'postgres',
  groupTable: 'permission_groups',
  availabilityColumns: { customer: 'customer_interface', public: 'public_interface' },
  nameComparison: 'exact',
  supportsFourByteCharacters: true,
};

const PINNED_POSTGRES: ActualState = {
  capabilities: POSTGRES,
  channels: [
    { id: 12, name: 'Support "EU" \\ desk', groupId: 5, group: 'support', valid: 'valid', availableToCustomerUsers: true, availableToPublicUsers: false, comment: 'line 1\nline 2\ttab \u0000 nul', lastChange: { by: 'root@localhost', at: '2026-01-01 10:00:00' } },
    { id: 3, name: 'Caf\u00E9 \u{1F600} \uD800 lone', groupId: 99, group: null, valid: 'invalid-temporarily', availableToCustomerUsers: false, availableToPublicUsers: true, comment: '' },
    { id: 7, name: 'Sales </script> \u2028 \u200B', groupId: 4, group: 'sales', valid: 'invalid', availableToCustomerUsers: false, availableToPublicUsers: false, comment: 'Caf\u0065\u0301' },
  ],
  groups: [{ id: 5, name: 'support', valid: true }, { id: 1, name: 'users', valid: true }, { id: 4, name: 'sales', valid: false }],
  settings: [
    { name: 'ChatEngine::DefaultChatChannel', defaultId: 1008, defaultEffectiveValue: '--- Default channel\n', systemWideRows: [{ id: 9, effectiveValue: '--- Sales\n', isValid: true }, { id: 2, effectiveValue: null, isValid: false }] },
    { name: 'ChatEngine::Active', defaultId: 1000, defaultEffectiveValue: null, systemWideRows: [] },
  ],
};

const PINNED_MYSQL: ActualState = {
  capabilities: { dialect: 'mysql', groupTable: 'groups', availabilityColumns: null, nameComparison: { channelCollation: 'utf8mb3_general_ci', groupCollation: 'utf8mb4_bin' }, supportsFourByteCharacters: false },
  channels: [
    { id: 2, name: 'B', groupId: 1, group: 'users', valid: 'valid', availableToCustomerUsers: null, availableToPublicUsers: null, comment: 'x' },
    { id: 1, name: 'A', groupId: 1, group: 'users', valid: 'valid', availableToCustomerUsers: null, availableToPublicUsers: null, comment: '' },
  ],
  groups: [{ id: 1, name: 'users', valid: true }],
  settings: [],
};

describe('fingerprintState stays what saved plans hold', () => {
  it.each([
    ['an empty PostgreSQL state', { capabilities: POSTGRES, channels: [], groups: [], settings: [] }, '2cc0c050cc1b3760e564bf8beee354168a0ec67e12ec7dd0c81febb55507cf82'],
    ['PostgreSQL rows out of order, with escapes, surrogates and nulls', PINNED_POSTGRES, '6ed1ad88d4b88ab20dd4ce80e9dcd7154a359a0eef6da501cb5aa6d9926029c1'],
    ['MySQL under collations, without availability columns', PINNED_MYSQL, 'd42a5b2df7b1fb9e1a7cef79f08f5e3f3a319abfff07fc73d634156cfd1f259f'],
  ])('%s', (_what, state, expected) => {
    expect(fingerprintState(state)).toBe(expected);
  });

  it('equals the digest of the whole canonical JSON document, for any state', () => {
    fc.assert(
      fc.property(anyState, (state) => {
        expect(fingerprintState(state)).toBe(wholeDocumentFingerprint(state));
      }),
      { numRuns: 400 },
    );
  });

  it('equals it for many rows and for text longer than the buffer it hashes through', () => {
    const long = (unit: string): string => unit.repeat(70_000 / unit.length);
    const channels: ActualChannel[] = Array.from({ length: 3000 }, (_, i) => ({
      id: i + 1,
      name: `Channel ${i + 1}`,
      groupId: 1 + (i % 4),
      group: i % 7 === 0 ? null : 'users',
      valid: VALIDITIES[i % 3]!,
      availableToCustomerUsers: [true, false, null][i % 3]!,
      availableToPublicUsers: [null, true, false][i % 5 % 3]!,
      comment: i % 11 === 0 ? 'Grüße "x" \u007F 😀' : `Team ${i} chat`,
    }));
    channels[17] = { ...channels[17]!, comment: long('plain ASCII ') };
    channels[18] = { ...channels[18]!, comment: long('é\n"😀') };
    channels[19] = { ...channels[19]!, name: long('\u2028') };
    const state = { ...PINNED_POSTGRES, channels };
    expect(fingerprintState(state)).toBe(wholeDocumentFingerprint(state));
    const shuffled = { ...state, channels: [...channels].reverse() };
    expect(fingerprintState(shuffled)).toBe(wholeDocumentFingerprint(state));
  });

  it('does not change the rows or the order they came in', () => {
    const channels = [...PINNED_POSTGRES.channels];
    const state = { ...PINNED_POSTGRES, channels };
    fingerprintState(state);
    expect(channels.map((c) => c.id)).toEqual([12, 3, 7]);
  });
});

/**
 * The fingerprint as first written: the whole canonical object built, serialised with
 * `JSON.stringify` and hashed at once. Kept here as the reference the faster code must equal.
 */
function wholeDocumentFingerprint(actual: ActualState): string {
  const { capabilities: c } = actual;
  const canonical = {
    capabilities: {
      dialect: c.dialect,
      groupTable: c.groupTable,
      availabilityColumns: c.availabilityColumns ? { customer: c.availabilityColumns.customer, public: c.availabilityColumns.public } : null,
      nameComparison: c.nameComparison === 'exact' ? 'exact' : { channelCollation: c.nameComparison.channelCollation, groupCollation: c.nameComparison.groupCollation },
      supportsFourByteCharacters: c.supportsFourByteCharacters,
    },
    channels: [...actual.channels].sort((a, b) => a.id - b.id).map((ch) => ({
      id: ch.id,
      name: ch.name,
      groupId: ch.groupId,
      group: ch.group,
      valid: ch.valid,
      availableToCustomerUsers: ch.availableToCustomerUsers,
      availableToPublicUsers: ch.availableToPublicUsers,
      comment: ch.comment,
    })),
    groups: [...actual.groups].sort((a, b) => a.id - b.id).map((g) => ({ id: g.id, name: g.name, valid: g.valid })),
    settings: [...actual.settings].sort((a, b) => compareText(a.name, b.name)).map((s) => ({
      name: s.name,
      defaultId: s.defaultId,
      defaultEffectiveValue: s.defaultEffectiveValue,
      systemWideRows: [...s.systemWideRows].sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, effectiveValue: r.effectiveValue, isValid: r.isValid })),
    })),
  };
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}

// Any text: escapes, lone surrogates, characters beyond U+FFFF. Ids often repeat and come in any order.
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('', 'Sales', 'a"b\\c', '\u2028', '\uDC00x'));
const id = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: -5, max: 2 ** 31 }));
const flag = fc.constantFrom(true, false, null);

const anyChannel: fc.Arbitrary<ActualChannel> = fc.record({
  id,
  name: text,
  // Not a sort key: any number, even one JSON writes as null.
  groupId: fc.oneof(id, fc.double()),
  group: fc.option(text),
  valid: fc.constantFrom(...VALIDITIES),
  availableToCustomerUsers: flag,
  availableToPublicUsers: flag,
  comment: text,
});
const anyGroup: fc.Arbitrary<ActualGroup> = fc.record({ id, name: text, valid: fc.boolean() });
const anySetting: fc.Arbitrary<ActualSetting> = fc.record({
  name: text,
  defaultId: id,
  defaultEffectiveValue: fc.option(text),
  systemWideRows: fc.array(fc.record({ id, effectiveValue: fc.option(text), isValid: fc.boolean() }), { maxLength: 3 }),
});
const anyCapabilities: fc.Arbitrary<DatabaseCapabilities> = fc.record({
  dialect: fc.constantFrom('postgres' as const, 'mysql' as const),
  groupTable: fc.constantFrom('groups' as const, 'permission_groups' as const, 'groups_table' as const),
  availabilityColumns: fc.option(fc.record({ customer: text, public: text })),
  nameComparison: fc.oneof(fc.constant('exact' as const), fc.record({ channelCollation: text, groupCollation: text })),
  supportsFourByteCharacters: fc.boolean(),
});
const anyChannels = fc.oneof(
  fc.array(anyChannel, { maxLength: 8 }),
  // Already in id order, the usual case.
  fc.array(anyChannel, { maxLength: 8 }).map((list) => [...list].sort((a, b) => a.id - b.id)),
);
const anyState: fc.Arbitrary<ActualState> = fc.record({
  capabilities: anyCapabilities,
  channels: anyChannels,
  groups: fc.array(anyGroup, { maxLength: 4 }),
  settings: fc.array(anySetting, { maxLength: 4 }),
});
