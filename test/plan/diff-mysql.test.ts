import { describe, expect, it } from 'vitest';
import type { CollationComparison } from '../../src/model/actual-state.js';
import { diffStates } from '../../src/plan/diff.js';
import { defaultNameKeys, EXACT_NAME_KEYS, serverNameKeys, type NameKeys } from '../../src/plan/name-key.js';
import { actual, at, channel, desired, MYSQL_UTF8MB3, row, seededSettings, setting, problemsOf } from './builders.js';
import { CASE_INSENSITIVE_KEYS } from './stand-in-keys.js';

const mysql = { capabilities: MYSQL_UTF8MB3 };
const UNICODE_CI: CollationComparison = { channelCollation: 'utf8mb4_unicode_ci', groupCollation: 'utf8mb4_unicode_ci' };
const mb4 = { capabilities: { ...MYSQL_UTF8MB3, nameComparison: UNICODE_CI, supportsFourByteCharacters: true } };

/** NFC `Café Support` (é = U+00E9) and its NFD spelling (e + U+0301): different code points, the same text. */
const CAFE_NFC = 'Caf\u00E9 Support';
const CAFE_NFD = 'Cafe\u0301 Support';

/**
 * What a server answers, as the planner receives it: names listed in one class share a key,
 * every other name is its own (after NFC). `groups` are the group column's classes.
 */
function serverSays(channelClasses: readonly (readonly string[])[], groupClasses: readonly (readonly string[])[] = []): NameKeys {
  const keyOf = (classes: readonly (readonly string[])[]) => (name: string): string => {
    const n = name.normalize('NFC');
    const i = classes.findIndex((c) => c.some((member) => member.normalize('NFC') === n));
    return i < 0 ? `own:${n}` : `class:${i}`;
  };
  return { channel: keyOf(channelClasses), group: keyOf(groupClasses), description: "the database's collation utf8mb4_unicode_ci treats them as one name" };
}

describe('name keys', () => {
  it('on PostgreSQL, names are one when they are the same text once NFC-normalised, and only then', () => {
    const key = EXACT_NAME_KEYS.channel;
    expect(CAFE_NFC).not.toBe(CAFE_NFD);
    expect(key(CAFE_NFD)).toBe(key(CAFE_NFC));
    expect(key('Sales')).not.toBe(key('sales'));
    expect(key('Sales ')).not.toBe(key('Sales'));
    expect(key('Sales\u200B')).not.toBe(key('Sales'));
  });

  it("under a collation the server's keys are looked up by NFC name; a name the server was not asked about is a bug, not a guess", () => {
    const keys = serverNameKeys(UNICODE_CI, { channels: new Map([[CAFE_NFC, 'w:1'], ['Chat 😀', 'w:2']]), groups: new Map([['users', 'w:3']]) });
    expect(keys.channel(CAFE_NFD)).toBe('w:1');
    expect(keys.group('users')).toBe('w:3');
    expect(() => keys.channel('Chat 🙏')).toThrow(/no key was read for the channel name "Chat 🙏"/);
    expect(() => keys.group('Chat 😀')).toThrow(/group name/);
    expect(keys.description).toBe("the database's collation utf8mb4_unicode_ci treats them as one name");
  });

  it('diffStates without keys compares exactly on PostgreSQL and refuses to guess a collation', () => {
    expect(defaultNameKeys('exact')).toBe(EXACT_NAME_KEYS);
    expect(() => defaultNameKeys(UNICODE_CI)).toThrow(/collation utf8mb4_unicode_ci: pass the keys the database gives/);
    expect(() => diffStates(desired({ channels: [channel('Sales')] }), actual(mysql))).toThrow(/pass the keys the database gives/);
  });
});

describe('diffStates takes the database’s word for which names are one', () => {
  it('renames a stored name the collation holds equal to the config’s, keeping its id, instead of creating and invalidating', () => {
    const keys = serverSays([['Chat 😀', 'Chat 🙏']]);
    const plan = diffStates(desired({ channels: [channel('Chat 🙏')] }), actual({ ...mb4, channels: [row(7, 'Chat 😀')] }), { nameKeys: keys });
    expect(plan.changes).toEqual([{ kind: 'update-channel', id: 7, name: 'Chat 🙏', renamedFrom: 'Chat 😀', fields: [{ field: 'name', old: 'Chat 😀', new: 'Chat 🙏' }] }]);
  });

  it('does the same for ß = ss and for a stored name with a zero-width space the collation ignores', () => {
    const keys = serverSays([['Straße', 'Strasse'], ['Sales\u200B', 'Sales']]);
    const plan = diffStates(
      desired({ channels: [channel('Strasse'), channel('Sales')] }),
      actual({ ...mb4, channels: [row(3, 'Straße'), row(4, 'Sales\u200B')] }),
      { nameKeys: keys },
    );
    expect(plan.changes.map((c) => (c.kind === 'update-channel' ? [c.id, c.renamedFrom, c.name] : c.kind))).toEqual([
      [3, 'Straße', 'Strasse'],
      [4, 'Sales\u200B', 'Sales'],
    ]);
  });

  it('refuses two config names the database holds equal, naming both places and the collation', () => {
    const keys = serverSays([['Chat 😀', 'Chat 🙏']]);
    const problems = problemsOf(() =>
      diffStates(desired({ channels: [channel('Chat 😀', { location: at(3) }), channel('Chat 🙏', { location: at(9) })] }), actual(mb4), { nameKeys: keys }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'duplicate-channel',
        location: at(9),
        message: 'channel "Chat 🙏" is the same name as channel "Chat 😀" at chat.yaml:3:5 (the database\'s collation utf8mb4_unicode_ci treats them as one name)',
      }),
    ]);
  });

  it('refuses a config name that two stored rows match, neither spelled exactly so, naming both ids', () => {
    const keys = serverSays([['Straße', 'STRASSE', 'strasse']]);
    const problems = problemsOf(() => diffStates(desired({ channels: [channel('strasse', { location: at(4) })] }), actual({ ...mb4, channels: [row(5, 'Straße'), row(6, 'STRASSE')] }), { nameKeys: keys }));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'ambiguous-channel', location: at(4), message: 'channel "strasse" matches several rows in the database: "Straße" (id 5), "STRASSE" (id 6)' }),
    ]);
  });

  it('matches previous names by the database’s keys too', () => {
    const keys = serverSays([['Straße', 'Strasse']]);
    const plan = diffStates(desired({ channels: [channel('Help', { previousNames: ['Strasse'] })] }), actual({ ...mb4, channels: [row(2, 'Straße')] }), { nameKeys: keys });
    expect(plan.changes).toEqual([{ kind: 'update-channel', id: 2, name: 'Help', renamedFrom: 'Straße', fields: [{ field: 'name', old: 'Straße', new: 'Help' }] }]);
  });

  it('resolves groups by the group column’s keys, not the channel column’s', () => {
    const byGroup = serverSays([], [['sales', 'SALES']]);
    expect(diffStates(desired({ channels: [channel('Sales', { group: 'SALES' })] }), actual(mb4), { nameKeys: byGroup }).changes[0]).toMatchObject({ kind: 'create-channel', group: 'sales', groupId: 4 });
    const byChannel = serverSays([['sales', 'SALES']], []);
    const problems = problemsOf(() => diffStates(desired({ channels: [channel('Sales', { group: 'SALES' })] }), actual(mb4), { nameKeys: byChannel }));
    expect(problems.map((p) => p.code)).toEqual(['unknown-group']);
  });

  it('spares the default channel from pruning when its stored name is the setting’s under the collation', () => {
    const keys = serverSays([['Lobby', 'LOBBY\u200B']]);
    const settings = seededSettings({ 'ChatEngine::DefaultChatChannel': [{ id: 9, effectiveValue: '--- Lobby\n', isValid: true }] });
    const plan = diffStates(desired({ channels: [channel('Sales')] }), actual({ ...mb4, settings, channels: [row(1, 'LOBBY\u200B'), row(2, 'Old')] }), { nameKeys: keys });
    expect(plan.changes.map((c) => `${c.kind} ${c.name}`)).toEqual(['create-channel Sales', 'invalidate-channel Old']);
  });
});

describe('Unicode normalization on PostgreSQL (names compare exactly after NFC)', () => {
  it('renames a stored NFD name to the config’s NFC spelling in place, never create plus invalidate', () => {
    const plan = diffStates(desired({ channels: [channel(CAFE_NFC)] }), actual({ channels: [row(7, CAFE_NFD)] }));
    expect(plan.changes).toEqual([{ kind: 'update-channel', id: 7, name: CAFE_NFC, renamedFrom: CAFE_NFD, fields: [{ field: 'name', old: CAFE_NFD, new: CAFE_NFC }] }]);
  });

  it('refuses a config name that an NFC and an NFD twin both match, naming both ids, even though one is spelled exactly', () => {
    const problems = problemsOf(() => diffStates(desired({ channels: [channel(CAFE_NFC, { location: at(2) })] }), actual({ channels: [row(8, CAFE_NFD), row(9, CAFE_NFC)] })));
    expect(problems).toEqual([expect.objectContaining({ code: 'ambiguous-channel', location: at(2), message: expect.stringMatching(/matches several rows in the database: .*\(id 8\), .*\(id 9\)$/) })]);
  });

  it('refuses an NFC and an NFD spelling of one name as two channels', () => {
    const problems = problemsOf(() => diffStates(desired({ channels: [channel(CAFE_NFC, { location: at(3) }), channel(CAFE_NFD, { location: at(8) })] }), actual()));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'duplicate-channel', location: at(8), message: expect.stringContaining('at chat.yaml:3:5 (they are the same text once Unicode-normalised (NFC))') }),
    ]);
  });

  it('accepts names that differ in case: PostgreSQL tells them apart', () => {
    expect(diffStates(desired({ channels: [channel('Sales'), channel('sales')] }), actual()).changes).toHaveLength(2);
    expect(diffStates(desired({ channels: [channel('Sales')] }), actual({ channels: [row(7, 'sales')] })).changes.map((c) => c.kind)).toEqual(['create-channel', 'invalidate-channel']);
  });
});

describe('text a utf8mb3 table cannot store', () => {
  const keys = { nameKeys: CASE_INSENSITIVE_KEYS };

  it('refuses characters beyond U+FFFF, naming channel and field', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ channels: [channel('Chat 💬', { location: at(2) }), channel('Sales', { comment: 'Hi 😀', location: at(8) })] }), actual(mysql), keys),
    );
    expect(problems.map((p) => [p.code, p.location?.line, p.message])).toEqual([
      ['four-byte-character', 2, 'channel "Chat 💬": the chat_channel table\'s character set (utf8mb3) cannot store the character U+1F4AC in its name'],
      ['four-byte-character', 8, 'channel "Sales": the chat_channel table\'s character set (utf8mb3) cannot store the character U+1F600 in its comment'],
    ]);
  });

  it('accepts them when the table is utf8mb4', () => {
    const plan = diffStates(desired({ channels: [channel('Chat 💬')] }), actual({ capabilities: { ...MYSQL_UTF8MB3, supportsFourByteCharacters: true } }), keys);
    expect(plan.changes).toHaveLength(1);
  });

  it('refuses a default channel name it would have to create with such a character', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ settings: [setting('ChatEngine::Active', true), setting('ChatEngine::DefaultChatChannel', 'Chat 🎧')] }), actual(mysql), keys),
    );
    expect(problems.map((p) => p.code)).toEqual(['four-byte-character']);
    expect(problems[0]?.message).toContain('default channel "Chat 🎧"');
  });
});
