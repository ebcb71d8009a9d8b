import { describe, expect, it } from 'vitest';
import type { ActualChannel, DesiredChannel } from '../../src/model/index.js';
import { diffStates } from '../../src/plan/diff.js';
import { EXACT_NAME_KEYS, type NameKeys } from '../../src/plan/name-key.js';
import type { Plan } from '../../src/plan/plan.js';
import { planLines } from '../../src/render/plan-lines.js';
import { actual, channel, desired, row } from './builders.js';

/**
 * Planning and rendering must grow linearly with the number of channels (issue 11: one
 * `rows.find` per claimed row made a 50,000-channel plan spend a third of its time matching).
 * Work is counted, not timed: every read of an element of the channel lists, every name key
 * computed, every read of a change while rendering. Four times the channels must cost four
 * times the work, give or take a constant; work quadratic in N would cost sixteen times.
 */
interface Work {
  reads: number;
}

/** The array, with each element read through it counted (array methods and spreads read through it too). */
function counted<T>(items: T[], work: Work): T[] {
  return new Proxy(items, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) work.reads++;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/**
 * N channels in the config and N rows: half the rows match by name with another comment, a
 * tenth are renamed through previousNames, the rest are invalidated; the other channels are new.
 */
function scenario(n: number): { channels: DesiredChannel[]; rows: ActualChannel[] } {
  const channels: DesiredChannel[] = [];
  const rows: ActualChannel[] = [];
  for (let i = 0; i < n; i++) {
    const name = `Channel ${i}`;
    if (i % 2 === 0) {
      channels.push(channel(name, { comment: 'new comment' }));
      rows.push(row(i + 1, name, { comment: 'old comment' }));
    } else if (i % 10 === 1) {
      channels.push(channel(name, { previousNames: [`Old ${i}`] }));
      rows.push(row(i + 1, `Old ${i}`));
    } else {
      channels.push(channel(name));
      rows.push(row(i + 1, `Gone ${i}`));
    }
  }
  return { channels, rows };
}

function planWork(n: number): { work: number; plan: Plan } {
  const work: Work = { reads: 0 };
  const count = (k: (name: string) => string) => (name: string) => {
    work.reads++;
    return k(name);
  };
  const keys: NameKeys = { ...EXACT_NAME_KEYS, channel: count(EXACT_NAME_KEYS.channel), group: count(EXACT_NAME_KEYS.group) };
  const { channels, rows } = scenario(n);
  const plan = diffStates(
    desired({ channels: counted(channels, work), reconcile: { maxInvalidatePercent: 100 } }),
    actual({ channels: counted(rows, work) }),
    { nameKeys: keys },
  );
  return { work: work.reads, plan };
}

function renderWork(plan: Plan): number {
  const work: Work = { reads: 0 };
  planLines({ ...plan, changes: counted([...plan.changes], work) });
  return work.reads;
}

describe('work grows linearly with the number of channels', () => {
  it('in planning: matching, changes, pruning, guard and fingerprint', () => {
    const small = planWork(1000);
    const large = planWork(4000);
    expect(large.plan.changes.length).toBe(4 * small.plan.changes.length);
    expect(small.work).toBeLessThan(1000 * 20);
    expect(large.work / small.work).toBeLessThan(4.5);
  });

  it('in rendering the changes', () => {
    const small = renderWork(planWork(1000).plan);
    const large = renderWork(planWork(4000).plan);
    expect(small).toBeGreaterThan(0);
    expect(large / small).toBeLessThan(4.5);
  });
});
