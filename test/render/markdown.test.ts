import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { expectGolden } from './golden.js';
import { DETAILED, GUARD_EXCEEDED, MIXED, NO_CHANGES } from './plans.js';

describe('renderMarkdown', () => {
  it('renders the docs/design.md §5 example as a pull-request comment', () => {
    expectGolden('mixed.md', renderMarkdown(MIXED));
  });

  it('renders a plan without changes', () => {
    expectGolden('no-changes.md', renderMarkdown(NO_CHANGES));
  });

  it('renders every kind of line, with warnings as block quotes', () => {
    expectGolden('detailed.md', renderMarkdown(DETAILED));
  });

  it('puts the guard first, as a block quote naming the knobs', () => {
    const md = renderMarkdown(GUARD_EXCEEDED);
    expectGolden('guard-exceeded.md', md);
    expect(md.indexOf('> **Mass-invalidation guard')).toBeLessThan(md.indexOf('```diff'));
  });

  it('uses a fence no backtick run in a name can close', () => {
    const md = renderMarkdown(DETAILED);
    expect(md).toContain('````diff\n');
    expect(md).toContain('\n````\n');
  });

  it('puts a diff marker in the first column of every line of the block', () => {
    const md = renderMarkdown(MIXED);
    const block = md.slice(md.indexOf('```diff\n') + 8, md.lastIndexOf('\n```'));
    expect(block.split('\n').map((l) => l[0])).toEqual(['+', '+', '+', '+', '+', '!', '!', '-', '!']);
  });
});
