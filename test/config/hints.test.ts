import { describe, expect, it } from 'vitest';
import { configHints } from '../../src/config/hints.js';
import { channel, desired } from '../plan/builders.js';
import { stateOf } from './tmp-config.js';

/** The seed's comment advice, offline (issue 12 item 3): one hint for all channels without a comment. */
describe('configHints', () => {
  it('gives none when every channel has a comment, or there are no channels', () => {
    expect(configHints(desired())).toEqual([]);
    expect(configHints(desired({ channels: [channel('Sales', { comment: 'Questions from prospects.' })] }))).toEqual([]);
  });

  it('names a single channel without a comment, at its place', () => {
    const sales = channel('Sales');
    expect(configHints(desired({ channels: [sales, channel('Support', { comment: 'Contracts.' })] }))).toEqual([
      {
        code: 'channel-without-comment',
        message: 'channel "Sales" has no comment',
        hint: expect.stringMatching(/^OTRS shows the comment in its overview of chat channels: give each channel a full sentence/),
        location: sales.location,
      },
    ]);
  });

  it('counts a comment of white space as none', () => {
    expect(configHints(desired({ channels: [channel('Sales', { comment: ' \t' })] }))).toHaveLength(1);
  });

  it('is one hint for 10,000 channels: the count, the first three places, then how many more', () => {
    const channels = Array.from({ length: 10_000 }, (_, i) => channel(`C${i}`, { location: { file: 'big.yaml', line: 3 + 2 * i, column: 5 } }));
    const hints = configHints(desired({ channels }));
    expect(hints).toHaveLength(1);
    expect(hints[0]?.message).toBe('10000 channels have no comment: "C0", "C1" (big.yaml:5), "C2" (big.yaml:7) and 9997 more');
    expect(hints[0]?.location).toEqual({ file: 'big.yaml', line: 3, column: 5 });
  });

  it('reads reconcile.strict from the config only when it is written there', async () => {
    expect((await stateOf({ 'c.yaml': 'version: 1\nreconcile:\n  strict: true\n' })).reconcile.strict).toBe(true);
    expect((await stateOf({ 'c.yaml': 'version: 1\nreconcile:\n  strict: false\n' })).reconcile.strict).toBe(false);
    expect((await stateOf({ 'c.yaml': 'version: 1\n' })).reconcile).not.toHaveProperty('strict');
  });
});
