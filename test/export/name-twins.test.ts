import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../src/export/export-config.js';
import { diffStates } from '../../src/plan/diff.js';
import { actual, row, seededSettings } from '../plan/builders.js';
import { readBackText } from './read-back.js';

/**
 * Issue 10 and `export`: what validates and plans as one name must be exported as one, and a
 * name the config refuses is left out with a warning, so that the export still validates and
 * plans to exactly what its warnings announce.
 */
const CAFE_NFC = 'Caf\u00E9 Support';
const CAFE_NFD = 'Cafe\u0301 Support';

describe('export of names that are one name, or that the config refuses', () => {
  it('leaves out both of an NFC and an NFD twin (PostgreSQL holds both), warning about each: a config name would match both', () => {
    const state = actual({ channels: [row(7, CAFE_NFC), row(8, CAFE_NFD), row(9, 'Sales')] });
    const result = exportConfig(state);
    expect(result.channels).toBe(1);
    expect(result.warnings.map((w) => [w.code, w.message.replace(/".*?"/gu, 'NAME')])).toEqual([
      ['duplicate-channel', 'channel NAME (id 8): its name is one name to this database with that of 1 other row (ids 7, 8), which a config name cannot tell apart; left out of the export: the plan will invalidate it, unless the config says reconcile.removedChannels: keep'],
      ['duplicate-channel', 'channel NAME (id 7): its name is one name to this database with that of 1 other row (ids 7, 8), which a config name cannot tell apart; left out of the export: the plan will invalidate it, unless the config says reconcile.removedChannels: keep'],
    ]);
    const plan = diffStates(readBackText(result.text), state);
    expect(plan.changes.map((c) => [c.kind, 'id' in c ? c.id : null])).toEqual([['invalidate-channel', 8], ['invalidate-channel', 7]]);
  });

  it('leaves out a channel whose name holds an invisible character, and a default channel setting that does', () => {
    const settings = seededSettings({ 'ChatEngine::DefaultChatChannel': [{ id: 9, effectiveValue: '--- "Lobby\\u200B"\n', isValid: true }] });
    const state = actual({ channels: [row(3, 'Sales\u200B', { valid: 'invalid' }), row(4, 'Help')], settings });
    const result = exportConfig(state);
    expect(result.warnings.map((w) => w.code)).toEqual(['channel-name', 'setting-value']);
    expect(result.warnings[0]?.message).toContain('(id 3): its name contains the invisible character U+200B, which a config name may not (it may only be a previous name)');
    expect(result.warnings[1]?.message).toContain('has the invisible character U+200B, which a channel name in the config may not');
    expect(diffStates(readBackText(result.text), state).changes).toEqual([]);
  });
});
