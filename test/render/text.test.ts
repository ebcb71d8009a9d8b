import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.js';
import { expectGolden } from './golden.js';
import { DETAILED, GUARD_EXCEEDED, GUARD_FROM_CONFIG, GUARD_FROM_FLAG, LONG_COMMENT, MIXED, NO_CHANGES } from './plans.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('renderText', () => {
  it('renders the docs/design.md §5 example', () => {
    expectGolden('mixed.txt', renderText(MIXED, { color: false }));
  });

  it('says "No changes." when in sync', () => {
    expectGolden('no-changes.txt', renderText(NO_CHANGES, { color: false }));
    expect(renderText(NO_CHANGES, { color: false })).toBe('No changes.\n');
  });

  it('keeps warnings when in sync', () => {
    const text = renderText({ ...NO_CHANGES, warnings: [{ code: 'x', message: 'look here' }] }, { color: false });
    expect(text).toBe('Warnings:\n  ! look here\n\nNo changes.\n');
  });

  it('shows a long comment change as the hunks of a unified diff', () => {
    const text = renderText(LONG_COMMENT, { color: false });
    expectGolden('long-comment.txt', text);
    expect(text).not.toContain('Line 1\n');
    expect(text).toContain('        -Line 5\n        +Line five\n');
  });

  it('renders every field kind, long comments as a unified diff, notes and warnings', () => {
    expectGolden('detailed.txt', renderText(DETAILED, { color: false }));
  });

  it('shows the guard block with every knob when apply will refuse', () => {
    const text = renderText(GUARD_EXCEEDED, { color: false });
    expectGolden('guard-exceeded.txt', text);
    expect(text).toContain('apply will refuse');
    for (const knob of ['--allow-mass-invalidation', 'reconcile.maxInvalidatePercent', '--max-invalidate-percent']) expect(text).toContain(knob);
  });

  it('names where the limit came from', () => {
    expect(renderText(GUARD_EXCEEDED, { color: false })).toContain('(the default)');
    expect(renderText(GUARD_FROM_CONFIG, { color: false })).toContain('more than the 20% allowed (set by reconcile.maxInvalidatePercent in the config)');
    expect(renderText(GUARD_FROM_FLAG, { color: false })).toContain('more than the 10% allowed (set by --max-invalidate-percent)');
  });

  it('leaves the guard out when it is not exceeded', () => {
    expect(renderText(MIXED, { color: false })).not.toContain('guard');
  });

  it('colours only when asked, and the colours add nothing but escape codes', () => {
    for (const plan of [MIXED, DETAILED, GUARD_EXCEEDED, NO_CHANGES]) {
      const plain = renderText(plan, { color: false });
      const coloured = renderText(plan, { color: true });
      expect(plain).not.toMatch(ANSI);
      expect(coloured).toMatch(ANSI);
      expect(coloured.replace(ANSI, '')).toBe(plain);
    }
  });

  it('quotes names so that quotes and newlines cannot mislead', () => {
    const text = renderText(DETAILED, { color: false });
    expect(text).toContain('~ channel "Quote \\"VIP\\"\\nline"');
    expect(text.split('\n').every((line) => !line.startsWith('line"'))).toBe(true);
  });

  it('summarises settings in the singular and plural, and only when some change', () => {
    expect(renderText(MIXED, { color: false })).toContain('Plan: 1 to create, 1 to change, 1 to invalidate, 1 setting to change.');
    expect(renderText(DETAILED, { color: false })).toContain('Plan: 2 to create, 3 to change, 1 to invalidate, 3 settings to change.');
    expect(renderText(GUARD_EXCEEDED, { color: false })).toContain('Plan: 0 to create, 0 to change, 3 to invalidate.\n');
  });
});
