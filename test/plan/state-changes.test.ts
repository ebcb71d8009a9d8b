import { describe, expect, it } from 'vitest';
import { describeStateChanges, stateChanges } from '../../src/plan/state-changes.js';
import { actual, GROUPS, MYSQL_UTF8MB3, row, seededSettings } from './builders.js';

const JANE = { by: 'jane.admin', at: '2026-11-30 09:08:07' };

describe('stateChanges: what moved since a plan was made', () => {
  const before = actual({ channels: [row(1, 'Sales'), row(2, 'Support', { comment: 'old' })] });

  it('nothing, for the same rows (who saved them does not count)', () => {
    const resaved = actual({ channels: [row(1, 'Sales', { lastChange: JANE }), row(2, 'Support', { comment: 'old' })] });
    expect(stateChanges(before, resaved)).toEqual([]);
  });

  it('names each changed field with old and new value, and who changed the row when', () => {
    const now = actual({ channels: [row(1, 'Sales', { valid: 'invalid', comment: 'a "quoted"\nline', lastChange: JANE }), row(2, 'Support', { comment: 'old' })] });
    const [change] = stateChanges(before, now);
    expect(change).toEqual({
      subject: 'channel', change: 'changed', name: 'Sales', id: 1, lastChange: JANE,
      fields: [{ field: 'valid', old: 'valid', new: 'invalid' }, { field: 'comment', old: '""', new: '"a \\"quoted\\"\\nline"' }],
    });
    expect(describeStateChanges(stateChanges(before, now))).toEqual([
      '~ channel "Sales" (id 1): valid valid → invalid; comment "" → "a \\"quoted\\"\\nline" (changed by jane.admin at 2026-11-30 09:08:07)',
    ]);
  });

  it('channels added and gone, a renamed group, a changed setting value, a changed layout', () => {
    const now = {
      ...actual({
        channels: [row(2, 'Support', { comment: 'old' }), row(3, 'Walk-in', { lastChange: { by: null, at: '2026-11-30 10:00:00' } })],
        settings: seededSettings({ 'ChatEngine::ChatTTL': [{ id: 9, effectiveValue: "--- '5'\n", isValid: true, lastChange: JANE }] }),
      }),
      groups: GROUPS.map((g) => (g.id === 4 ? { ...g, name: 'sales-team' } : g)),
      capabilities: MYSQL_UTF8MB3,
    };
    expect(describeStateChanges(stateChanges(before, now))).toEqual([
      expect.stringMatching(/^~ database layout: dialect postgres → mysql; .*name comparison exact → collation utf8mb3_general_ci \(groups: utf8mb3_general_ci\); 4-byte characters true → false$/),
      '- channel "Sales" (id 1) is gone',
      '+ channel "Walk-in" (id 3) was added (added by an agent that no longer exists at 2026-11-30 10:00:00)',
      '~ group "sales-team" (id 4): name "sales" → "sales-team"',
      '~ setting ChatEngine::ChatTTL: value 720 → 5 (changed by jane.admin at 2026-11-30 09:08:07)',
    ]);
  });

  it('a row added with the same value still shows: the stored rows changed', () => {
    const now = actual({ channels: [...before.channels], settings: seededSettings({ 'ChatEngine::ChatTTL': [{ id: 9, effectiveValue: "--- '720'\n", isValid: true }] }) });
    expect(describeStateChanges(stateChanges(before, now))).toEqual(['~ setting ChatEngine::ChatTTL: stored rows none → #9 "--- \'720\'\\n"']);
  });

  it('lists at most 20, then how many more', () => {
    const now = actual({ channels: [...before.channels, ...Array.from({ length: 25 }, (_, i) => row(10 + i, `New ${i}`))] });
    const lines = describeStateChanges(stateChanges(before, now));
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('… and 5 more');
  });

  it('escapes every character a terminal could hide: names, values, logins', () => {
    const hidden = actual({ channels: [row(1, 'Sal\u200Bes\u202Eexe', { comment: 'a\u2066b\u009Bc\u007F', lastChange: { by: 'ja\u200Dne', at: '2026-11-30 09:08:07' } })] });
    const plain = actual({ channels: [row(1, 'Sales')] });
    const lines = describeStateChanges(stateChanges(plain, hidden));
    expect(lines).toEqual(['~ channel "Sal\\u200Bes\\u202Eexe" (id 1): name "Sales" → "Sal\\u200Bes\\u202Eexe"; comment "" → "a\\u2066b\\u009Bc\\u007F" (changed by ja\\u200Dne at 2026-11-30 09:08:07)']);
    expect(lines.join('')).not.toMatch(/[\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/u);
    // The recorded change keeps the real name; only the line escapes it.
    expect(stateChanges(plain, hidden)[0]?.name).toBe('Sal\u200Bes\u202Eexe');
  });

  it('quotes stored setting texts, their newline escaped', () => {
    const now = actual({ settings: seededSettings({ 'ChatEngine::ChatTTL': [{ id: 7, effectiveValue: "--- '5'\n", isValid: true }] }) });
    expect(describeStateChanges(stateChanges(actual(), now))).toEqual(['~ setting ChatEngine::ChatTTL: value 720 → 5']);
    const unreadable = actual({ settings: seededSettings({ 'ChatEngine::ChatTTL': [{ id: 7, effectiveValue: '--- x\u200B\n', isValid: true }] }) });
    expect(describeStateChanges(stateChanges(actual(), unreadable))).toEqual(['~ setting ChatEngine::ChatTTL: value 720 → <unreadable: "--- x\\u200B\\n">']);
  });
});
