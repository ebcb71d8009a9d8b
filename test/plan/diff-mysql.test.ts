import { describe, expect, it } from 'vitest';
import { diffStates } from '../../src/plan/diff.js';
import { nameKeyFor } from '../../src/plan/name-key.js';
import { actual, at, channel, desired, MYSQL_UTF8MB3, row, setting, problemsOf } from './builders.js';

const mysql = { capabilities: MYSQL_UTF8MB3 };


describe('name keys', () => {
  it('compares exactly on PostgreSQL', () => {
    const key = nameKeyFor('exact');
    expect(key('Sales')).not.toBe(key('sales'));
    expect(key('Sales ')).not.toBe(key('Sales'));
  });

  it('folds case and accents and ignores trailing spaces as MySQL collations do', () => {
    const key = nameKeyFor('case-accent-insensitive');
    expect(key('Sales')).toBe(key('sales'));
    expect(key('Sälés')).toBe(key('sales'));
    expect(key('sales  ')).toBe(key('sales'));
    expect(key('İstanbul')).toBe(key('istanbul'));
    expect(key(' sales')).not.toBe(key('sales'));
  });
});

describe('diffStates on MySQL collations', () => {
  it('renames a row whose name differs only in case instead of creating a duplicate', () => {
    const plan = diffStates(desired({ channels: [channel('Sales')] }), actual({ ...mysql, channels: [row(7, 'sales')] }));
    expect(plan.changes).toEqual([{ kind: 'update-channel', id: 7, name: 'Sales', renamedFrom: 'sales', fields: [{ field: 'name', old: 'sales', new: 'Sales' }] }]);
  });

  it('creates that channel on PostgreSQL, where the names differ', () => {
    const plan = diffStates(desired({ channels: [channel('Sales')] }), actual({ channels: [row(7, 'sales')] }));
    expect(plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'invalidate-channel']);
  });

  it('refuses two desired names that are one name to the database', () => {
    const problems = problemsOf(() => diffStates(desired({ channels: [channel('Sales', { location: at(3) }), channel('Salés', { location: at(9) })] }), actual(mysql)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'duplicate-channel', location: at(9) });
    expect(problems[0]?.message).toContain('"Salés" is the same name as channel "Sales" at chat.yaml:3:5');
  });

  it('accepts both names on PostgreSQL', () => {
    expect(diffStates(desired({ channels: [channel('Sales'), channel('sales')] }), actual()).changes).toHaveLength(2);
  });

  it('matches previous names by the collation too', () => {
    const plan = diffStates(desired({ channels: [channel('Help', { previousNames: ['SUPPORT'] })] }), actual({ ...mysql, channels: [row(2, 'Support')] }));
    expect(plan.changes).toEqual([{ kind: 'update-channel', id: 2, name: 'Help', renamedFrom: 'Support', fields: [{ field: 'name', old: 'Support', new: 'Help' }] }]);
  });

  it('resolves a channel group by the collation', () => {
    const plan = diffStates(desired({ channels: [channel('Sales', { group: 'SALES' })] }), actual(mysql));
    expect(plan.changes[0]).toMatchObject({ kind: 'create-channel', group: 'sales', groupId: 4 });
  });

  it('refuses characters beyond U+FFFF in a utf8mb3 table, naming channel and field', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ channels: [channel('Chat 💬', { location: at(2) }), channel('Sales', { comment: 'Hi 😀', location: at(8) })] }), actual(mysql)),
    );
    expect(problems.map((p) => [p.code, p.location?.line, p.message])).toEqual([
      ['four-byte-character', 2, 'channel "Chat 💬": the chat_channel table\'s character set (utf8mb3) cannot store the character U+1F4AC in its name'],
      ['four-byte-character', 8, 'channel "Sales": the chat_channel table\'s character set (utf8mb3) cannot store the character U+1F600 in its comment'],
    ]);
  });

  it('accepts them when the table is utf8mb4', () => {
    const plan = diffStates(desired({ channels: [channel('Chat 💬')] }), actual({ capabilities: { ...MYSQL_UTF8MB3, supportsFourByteCharacters: true } }));
    expect(plan.changes).toHaveLength(1);
  });

  it('refuses a default channel name it would have to create with such a character', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ settings: [setting('ChatEngine::Active', true), setting('ChatEngine::DefaultChatChannel', 'Chat 🎧')] }), actual(mysql)),
    );
    expect(problems.map((p) => p.code)).toEqual(['four-byte-character']);
    expect(problems[0]?.message).toContain('default channel "Chat 🎧"');
  });
});
