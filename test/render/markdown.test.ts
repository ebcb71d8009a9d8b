import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/plan/change.js';
import type { Plan, PlanOrigin } from '../../src/plan/plan.js';
import { quoteName } from '../../src/render/display-value.js';
import { diffBlockChanges } from '../../src/render/markdown-diff.js';
import { DEFAULT_MAX_CHARS, escapeMarkdown, GITHUB_COMMENT_LIMIT, renderMarkdown } from '../../src/render/markdown.js';
import { expectGolden } from './golden.js';
import { DETAILED, GUARD_EXCEEDED, manyChanges, MANY_CHANGES, MIXED, NO_CHANGES, ODD_INVALIDATIONS, QUIET_GUARD } from './plans.js';

const DIGEST = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

const ORIGIN: PlanOrigin = {
  tool: { name: 'otrs-chat-config', version: '0.1.0' },
  createdAt: '2026-11-30T12:00:00.000Z',
  target: { kind: 'postgres', host: 'db.example', port: 5432, database: 'otrs', user: 'otrs', display: 'postgres://otrs@db.example:5432/otrs' },
  config: { digest: DIGEST, files: ['chat.yaml'] },
  state: {
    capabilities: { dialect: 'postgres', groupTable: 'groups', availabilityColumns: null, nameComparison: 'exact', supportsFourByteCharacters: true },
    channels: [],
    groups: [],
    settings: [],
  },
};

/** What a reader of the comment can count, parsed back from it. */
interface Parsed {
  /** Lines of the warning block naming an invalidation. */
  readonly invalidations: string[];
  /** The diff block's body, `undefined` without one. */
  readonly body: string | undefined;
  /** Headings of changes in the diff block. */
  readonly heads: string[];
  /** N of "… N more changes", 0 without the line. */
  readonly more: number;
  readonly fenceLines: string[];
}

function parse(md: string): Parsed {
  const lines = md.split('\n');
  const open = lines.findIndex((l) => /^`{3,}diff$/.test(l));
  const fence = open < 0 ? '' : (lines[open] ?? '').slice(0, -'diff'.length);
  const close = open < 0 ? -1 : lines.findIndex((l, i) => i > open && l === fence);
  const bodyLines = open < 0 ? [] : lines.slice(open + 1, close < 0 ? undefined : close);
  const more = /^… (\d+) more changes? in the saved plan \(the CI artifact\)\.$/m.exec(md);
  return {
    invalidations: lines.filter((l) => l.startsWith('> - channel ')),
    body: open < 0 ? undefined : bodyLines.join('\n'),
    heads: bodyLines.filter((l) => /^[+!] (channel "|setting )/.test(l)),
    more: more ? Number(more[1]) : 0,
    fenceLines: lines.filter((l) => /^ {0,3}`{3,}/.test(l)),
  };
}

/** One opening and one closing fence line, the same, and no line inside that could close it. */
function expectBalancedFence(md: string): void {
  const { body, fenceLines } = parse(md);
  if (body === undefined) {
    expect(fenceLines).toEqual([]);
    return;
  }
  expect(fenceLines).toHaveLength(2);
  const [open = '', close = ''] = fenceLines;
  expect(open).toBe(`${close}diff`);
  const longestInside = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  expect(close.length).toBeGreaterThan(longestInside);
}

function diffBlockLines(md: string): string[] {
  return (parse(md).body ?? '').split('\n');
}

describe('renderMarkdown', () => {
  it('renders the docs/design.md §5 example as a pull-request comment', () => {
    expectGolden('mixed.md', renderMarkdown(MIXED, ORIGIN));
  });

  it('renders a plan without changes', () => {
    expectGolden('no-changes.md', renderMarkdown(NO_CHANGES));
  });

  it('renders every kind of line, with warnings as block quotes', () => {
    expectGolden('detailed.md', renderMarkdown(DETAILED));
  });

  it('puts the guard first, as a block quote naming the knobs', () => {
    const md = renderMarkdown(GUARD_EXCEEDED, ORIGIN);
    expectGolden('guard-exceeded.md', md);
    expect(md.indexOf('> **Mass-invalidation guard')).toBeGreaterThan(md.indexOf('**Plan: '));
    expect(md.indexOf('> **Mass-invalidation guard')).toBeLessThan(md.indexOf('> [!WARNING]'));
  });

  it('uses a fence no backtick run in a name or comment can close', () => {
    const plan: Plan = {
      ...NO_CHANGES,
      changes: [{ kind: 'create-channel', name: 'Back```ticks', group: 'sales', groupId: 4, availableToCustomerUsers: true, availableToPublicUsers: true, valid: 'valid', comment: 'a ```` b', reason: 'config' }],
    };
    const md = renderMarkdown(plan);
    expect(md).toContain('`````diff\n');
    expect(md).toContain('\n`````\n');
    expectBalancedFence(md);
  });

  it('puts a diff marker in the first column of every line of the block', () => {
    expect(diffBlockLines(renderMarkdown(MIXED)).map((l) => l[0])).toEqual(['+', '+', '+', '+', '+', '!', '-', '+', '!', '-', '+']);
  });
});

describe('renderMarkdown: target and config digest', () => {
  it('names the target and the digest right under the heading', () => {
    const md = renderMarkdown(MIXED, ORIGIN);
    const [heading, , target] = md.split('\n');
    expect(heading).toBe('### otrs-chat-config plan');
    expect(target).toBe('Target: `postgres://otrs@db.example:5432/otrs` · config digest: `9f86d081884c`');
    expect(md.indexOf(target ?? '?')).toBeLessThan(md.indexOf('**Plan: '));
  });

  it('holds the full digest, for matching the comment with the saved plan', () => {
    const md = renderMarkdown(MIXED, ORIGIN);
    expect(md).toContain(`<details><summary>Full config digest (SHA-256)</summary>\n\n\`${DIGEST}\`\n\n</details>`);
    expect(md.indexOf(DIGEST)).toBeLessThan(md.indexOf('**Plan: '));
  });

  it('leaves target and digest out without an origin', () => {
    const md = renderMarkdown(MIXED);
    expect(md).not.toContain('Target');
    expect(md).not.toContain('digest');
    expect(md).not.toContain('<details>');
    expect(md.startsWith('### otrs-chat-config plan\n\n**Plan: ')).toBe(true);
  });

  it('shows any target literally in code style, on one line', () => {
    const origin: PlanOrigin = { ...ORIGIN, target: { ...ORIGIN.target, kind: 'embedded', display: 'embedded:/srv/odd `dir`\n*x* `' } };
    const md = renderMarkdown(NO_CHANGES, origin);
    // Longer backticks than any run inside, and spaces where the text touches them.
    expect(md).toContain('Target: `` embedded:/srv/odd `dir` *x* ` `` · config digest');
  });
});

describe('renderMarkdown: old and new values', () => {
  const EVERY_FIELD: Plan = {
    ...NO_CHANGES,
    changes: [
      {
        kind: 'update-channel', id: 1, name: 'Help',
        fields: [
          { field: 'name', old: 'help', new: 'Help' },
          { field: 'group', old: 'users', new: 'support', newGroupId: 5 },
          { field: 'availableToCustomerUsers', old: false, new: true },
          { field: 'availableToPublicUsers', old: true, new: false },
          { field: 'valid', old: 'invalid-temporarily', new: 'valid' },
          { field: 'comment', old: 'Old words.', new: '' },
        ],
      },
      { kind: 'update-setting', name: 'ChatEngine::Active', defaultId: 1000, old: false, new: true, effectiveValue: "--- '1'\n", rowId: null, backToDefault: false },
    ],
  };

  it('gives each changed field a red line with the old value and a green one with the new', () => {
    expect(diffBlockLines(renderMarkdown(EVERY_FIELD))).toEqual([
      '! channel "Help"',
      '-   name                      "help"',
      '+   name                      "Help"',
      '-   group                     users',
      '+   group                     support',
      '-   available to customers    no',
      '+   available to customers    yes',
      '-   available to public       yes',
      '+   available to public       no',
      '-   valid                     invalid-temporarily',
      '+   valid                     valid',
      '-   comment                   Old words.',
      '+   comment                   ""',
      '! setting ChatEngine::Active',
      '-   value                     false',
      '+   value                     true',
    ]);
  });

  it('does the same for settings: unreadable, back to the default', () => {
    const lines = diffBlockLines(renderMarkdown(DETAILED));
    const at = (head: string): string[] => lines.slice(lines.indexOf(head), lines.indexOf(head) + 3);
    expect(at('! setting ChatEngine::PermissionGroup::ChatNotificationAgents')).toEqual([
      '! setting ChatEngine::PermissionGroup::ChatNotificationAgents',
      '-   value                     sales',
      '+   value                     ""   (back to the default)',
    ]);
    expect(at('! setting ChatEngine::ChatTTL')).toEqual([
      '! setting ChatEngine::ChatTTL',
      '-   value                     <unreadable: "--- twelve hours, or maybe a day or two;"…>',
      '+   value                     48',
    ]);
  });

  it('keeps no "old → new" on one line in the diff block, and a multi-line comment as its unified diff', () => {
    const lines = diffBlockLines(renderMarkdown(DETAILED));
    expect(lines.filter((l) => l.includes('→'))).toEqual([]);
    expect(lines).toContain('-     -Escalations go to the second level.');
    expect(lines).toContain('+     +Escalations go to the second level within one hour.');
    expect(lines).toContain('!     @@ -1,4 +1,5 @@');
  });
});

describe('renderMarkdown: invalidations', () => {
  it('lists them in a warning block before the diff block, and only there', () => {
    const md = renderMarkdown(MIXED);
    expect(md).toContain('\n\n> [!WARNING]\n> This plan invalidates 1 channel:\n> - channel "Legacy": valid → invalid (kept, not deleted)\n\n```diff\n');
    expect(parse(md).body).not.toContain('Legacy');
  });

  it('escapes the names so that none becomes markup, HTML or a second line', () => {
    const md = renderMarkdown(ODD_INVALIDATIONS);
    const block = md.slice(md.indexOf('> [!WARNING]'), md.indexOf('\n\n', md.indexOf('> [!WARNING]')));
    const lines = block.split('\n');
    expect(lines.every((l) => l.startsWith('> '))).toBe(true);
    expect(lines[1]).toBe('> This plan invalidates 5 channels:');
    const changes = ODD_INVALIDATIONS.changes.filter((c) => c.kind === 'invalidate-channel');
    expect(lines.slice(2)).toEqual(changes.map((c) => `> - channel ${escapeMarkdown(quoteName(c.name))}: ${c.from} → ${c.to} (kept, not deleted)`));
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('*bold*');
    expect(md).not.toContain('```');
    expect(md).toContain('> - channel "\\<script\\>alert(1)\\</script\\>": valid → invalid (kept, not deleted)');
    expect(md).toContain('> - channel "two\\\\nlines": invalid-temporarily → invalid (kept, not deleted)');
  });

  it('has no warning block without invalidations', () => {
    expect(renderMarkdown({ ...MIXED, changes: MIXED.changes.filter((c) => c.kind !== 'invalidate-channel') })).not.toContain('[!WARNING]');
  });
});

describe('renderMarkdown: one comment at most', () => {
  const total = MANY_CHANGES.changes.length;

  it('leaves a margin under GitHub\'s limit by default', () => {
    expect(DEFAULT_MAX_CHARS).toBeLessThan(GITHUB_COMMENT_LIMIT);
  });

  it('cuts a plan past the limit after whole changes, invalidations first, and says how many more', () => {
    const md = renderMarkdown(MANY_CHANGES, ORIGIN);
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    expect(md.length).toBeGreaterThan(DEFAULT_MAX_CHARS - 500);
    const p = parse(md);
    // Every invalidation made it, and then the first creates, in order.
    expect(p.invalidations).toHaveLength(600);
    expect(p.invalidations[599]).toBe('> - channel "Gone 0600": valid → invalid (kept, not deleted)');
    expect(p.heads.length).toBeGreaterThan(0);
    expect(p.heads).toEqual(p.heads.map((_, i) => `+ channel "New ${String(i + 1).padStart(4, '0')}"`));
    expect(p.body).toBe(diffBlockChanges(MANY_CHANGES).slice(0, p.heads.length).join('\n'));
    expect(p.more).toBe(total - 600 - p.heads.length);
    expect(md.endsWith(`\n\n… ${p.more} more changes in the saved plan (the CI artifact).\n`)).toBe(true);
    expect(md).toContain('**Plan: 1000 to create, 1000 to change, 600 to invalidate, 400 settings to change.**');
    expect(md).toContain(DIGEST);
    expectBalancedFence(md);
  });

  it('cuts the warning block too when the invalidations alone do not fit', () => {
    const md = renderMarkdown(MANY_CHANGES, ORIGIN, { maxChars: 5_000 });
    expect(md.length).toBeLessThanOrEqual(5_000);
    const p = parse(md);
    expect(p.invalidations.length).toBeGreaterThan(10);
    expect(p.invalidations.length).toBeLessThan(600);
    expect(p.body).toBeUndefined();
    expect(p.more).toBe(total - p.invalidations.length);
    expect(md).toContain('> This plan invalidates 600 channels:\n');
  });

  it('renders a plan past a small limit readably', () => {
    const plan = manyChanges({ creates: 20, updates: 20, invalidations: 3, settings: 2 }, { guard: GUARD_EXCEEDED.guard, warnings: DETAILED.warnings });
    const md = renderMarkdown(plan, ORIGIN, { maxChars: 2_000 });
    expectGolden('past-limit.md', md);
    expect(md.length).toBeLessThanOrEqual(2_000);
    const p = parse(md);
    expect(p.invalidations.length + p.heads.length + p.more).toBe(45);
    expect(p.more).toBeGreaterThan(0);
    expect(md).toContain('> **Mass-invalidation guard');
    expect(md).toContain('> **Warning:** chat.yaml:7:5');
  });

  it('cuts exactly at the limit: the whole plan when it fits, one character less cuts', () => {
    const plan = manyChanges({ creates: 5, updates: 5, invalidations: 2, settings: 1 });
    const whole = renderMarkdown(plan, ORIGIN);
    expect(renderMarkdown(plan, ORIGIN, { maxChars: whole.length })).toBe(whole);
    const cut = renderMarkdown(plan, ORIGIN, { maxChars: whole.length - 1 });
    expect(cut.length).toBeLessThan(whole.length);
    expect(parse(cut).more).toBeGreaterThan(0);
  });

  it('cuts warnings after whole ones, with their own line', () => {
    const warnings = Array.from({ length: 200 }, (_, i) => ({ code: 'invalid-group', message: `channel "C${i}": group "g" is not valid in OTRS` }));
    const md = renderMarkdown({ ...MIXED, warnings }, undefined, { maxChars: 3_000 });
    expect(md.length).toBeLessThanOrEqual(3_000);
    const shown = md.split('\n').filter((l) => l.startsWith('> **Warning:**')).length;
    expect(shown).toBeGreaterThan(0);
    expect(md.endsWith(`\n\n… ${200 - shown} more warnings in the saved plan (the CI artifact).\n`)).toBe(true);
    // The four changes are small: they all stay.
    expect(parse(md).more).toBe(0);
  });

  it('handles 50,000 changes', () => {
    const plan = manyChanges({ creates: 20_000, updates: 20_000, invalidations: 5_000, settings: 5_000 });
    const md = renderMarkdown(plan, ORIGIN);
    expect(md.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    const p = parse(md);
    expect(p.invalidations.length + p.heads.length + p.more).toBe(50_000);
  });

  it('refuses a limit that cannot hold the heading, summary and guard', () => {
    expect(() => renderMarkdown(GUARD_EXCEEDED, ORIGIN, { maxChars: 300 })).toThrow(RangeError);
    expect(() => renderMarkdown(MIXED, undefined, { maxChars: 0 })).toThrow(RangeError);
  });
});

describe('renderMarkdown: property', () => {
  const NAMES = ['Sales', 'Back```ticks', '*x* | y', '<script>', 'two\nlines', '````', '', ' pad ', 'Grüße 😀'];
  const COMMENTS = ['', 'Short.', 'Line one\nline two', 'x'.repeat(90), 'a ``` b\n````\nc', '😀'.repeat(50)];
  const name = fc.constantFrom(...NAMES);
  const comment = fc.constantFrom(...COMMENTS);
  const validity = fc.constantFrom('valid' as const, 'invalid' as const, 'invalid-temporarily' as const);
  const change: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ name, comment, valid: validity, c: fc.boolean(), p: fc.boolean(), d: fc.boolean() }).map(
      (r): Change => ({ kind: 'create-channel', name: r.name, group: 'sales', groupId: 4, availableToCustomerUsers: r.c, availableToPublicUsers: r.p, valid: r.valid, comment: r.comment, reason: r.d ? 'default-channel' : 'config' }),
    ),
    fc.record({ name, old: name, a: comment, b: comment, renamed: fc.boolean(), g: fc.boolean() }).map(
      (r): Change => ({
        kind: 'update-channel', id: 1, name: r.name, ...(r.renamed ? { renamedFrom: r.old } : {}),
        fields: [
          { field: 'name', old: r.old, new: r.name },
          { field: 'group', old: r.g ? null : 'users', new: 'support', newGroupId: 5 },
          { field: 'valid', old: 'invalid', new: 'valid' },
          { field: 'comment', old: r.a, new: r.b },
        ],
      }),
    ),
    fc.record({ name, from: validity }).map((r): Change => ({ kind: 'invalidate-channel', id: 2, name: r.name, from: r.from, to: 'invalid' })),
    fc.record({ old: fc.option(fc.integer()), next: fc.oneof(fc.integer(), fc.boolean(), comment), d: fc.boolean() }).map(
      (r): Change => ({ kind: 'update-setting', name: 'ChatEngine::ChatTTL', defaultId: 1, old: r.old, oldUnreadable: 'x`'.repeat(30), new: r.next, effectiveValue: '', rowId: null, backToDefault: r.d }),
    ),
  );
  const plan: fc.Arbitrary<Plan> = fc.record({
    changes: fc.array(change, { maxLength: 120 }),
    warnings: fc.array(fc.record({ code: fc.constant('x'), message: fc.string({ maxLength: 200 }) }), { maxLength: 20 }),
    // Permission warnings (who can chat) have a section of their own, wherever they are in the list.
    permissionWarnings: fc.array(fc.record({ code: fc.constant('unanswerable-channel'), message: fc.string({ maxLength: 200 }) }), { maxLength: 10 }),
    exceeded: fc.boolean(),
  }).map((r) => ({ ...NO_CHANGES, changes: r.changes, warnings: [...r.permissionWarnings, ...r.warnings].reverse(), guard: { ...QUIET_GUARD, exceeded: r.exceeded } }));

  it('always fits, closes its fence, and accounts for every change', () => {
    fc.assert(
      fc.property(plan, fc.boolean(), fc.integer({ min: 2_000, max: 20_000 }), (p, withOrigin, maxChars) => {
        const md = renderMarkdown(p, withOrigin ? ORIGIN : undefined, { maxChars });
        expect(md.length).toBeLessThanOrEqual(maxChars);
        expectBalancedFence(md);
        const parsed = parse(md);
        expect(parsed.invalidations.length + parsed.heads.length + parsed.more).toBe(p.changes.length);
        // Whole changes only, in order, and the others only once every invalidation is in.
        expect(parsed.body ?? '').toBe(diffBlockChanges(p).slice(0, parsed.heads.length).join('\n'));
        const invalidations = p.changes.filter((c) => c.kind === 'invalidate-channel').length;
        if (parsed.heads.length > 0) expect(parsed.invalidations).toHaveLength(invalidations);
        if (!/^… \d+ more (change|warning)/m.test(md)) expect(md).toBe(renderMarkdown(p, withOrigin ? ORIGIN : undefined, { maxChars: Number.MAX_SAFE_INTEGER }));
      }),
      { numRuns: 300 },
    );
  });
});
