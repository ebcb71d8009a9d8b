import { describe, expect, it } from 'vitest';
import type { ActualChannel, DesiredChannel } from '../../src/model/index.js';
import { diffStates } from '../../src/plan/diff.js';
import { EXACT_NAME_KEYS, type NameKey, type NameKeys } from '../../src/plan/name-key.js';
import { actual, channel, desired, row, setting } from './builders.js';

/**
 * On MySQL/MariaDB every name key is a lookup in the server's answers, and a plan meets tens of
 * thousands of names: the planner keys each name it reads once (issue 11), however many steps
 * (matching, the default channel, pruning, the guard) ask about it afterwards.
 */
function counting(key: NameKey, calls: string[]): NameKey {
  return (name) => {
    calls.push(name);
    return key(name);
  };
}

function plan(channels: DesiredChannel[], rows: ActualChannel[], chatOn: boolean): { calls: string[]; changes: number } {
  const calls: string[] = [];
  const keys: NameKeys = { ...EXACT_NAME_KEYS, channel: counting(EXACT_NAME_KEYS.channel, calls) };
  const result = diffStates(
    desired({ channels, settings: chatOn ? [setting('ChatEngine::Active', true)] : [], reconcile: { maxInvalidatePercent: 100 } }),
    actual({ channels: rows }),
    { nameKeys: keys },
  );
  return { calls, changes: result.changes.length };
}

/**
 * Each row's name, each channel's name and previous names once; the default channel's name (a
 * constant) by the step that creates it and the one that spares it from pruning.
 */
function namesRead(channels: readonly DesiredChannel[], rows: readonly ActualChannel[]): number {
  return rows.length + channels.reduce((n, c) => n + 1 + c.previousNames.length, 0) + 2;
}

describe('each channel name is keyed once', () => {
  it('in a plan without changes, with chat on and the default channel a row no file has', () => {
    const rows = Array.from({ length: 300 }, (_, i) => row(i + 1, `Channel ${i}`));
    const channels = rows.map((r) => channel(r.name));
    rows.push(row(1000, 'Default channel'));
    const { calls, changes } = plan(channels, rows, true);
    expect(changes).toBe(1); // the setting
    expect(calls.length).toBeLessThanOrEqual(namesRead(channels, rows));
  });

  it('with renames, creates and invalidations', () => {
    const rows: ActualChannel[] = [];
    const channels: DesiredChannel[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) {
        rows.push(row(i + 1, `Old ${i}`));
        channels.push(channel(`Channel ${i}`, { previousNames: [`Old ${i}`, `Older ${i}`] }));
      } else if (i % 3 === 1) {
        rows.push(row(i + 1, `Gone ${i}`));
      } else {
        channels.push(channel(`New ${i}`));
      }
    }
    const { calls, changes } = plan(channels, rows, false);
    expect(changes).toBe(300);
    expect(calls.length).toBeLessThanOrEqual(namesRead(channels, rows));
  });
});
