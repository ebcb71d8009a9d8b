import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/plan.js';
import { parsePlanJson, renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderText } from '../../src/render/text.js';
import { expectValidOutput } from '../schema/output-schemas.js';
import { expectGolden } from './golden.js';
import { MIXED, NO_CHANGES, PERMISSIONS, PERMISSIONS_SKIPPED } from './plans.js';
import { savedPlan } from './saved.js';

/** The permission warnings (who can chat, docs/design.md §3) have a section of their own in every format. */
describe('permission warnings: text', () => {
  it('come before the plan warnings, under their own heading, hidden characters escaped', () => {
    const text = renderText(PERMISSIONS, { color: false });
    expectGolden('permissions.txt', text);
    expect(text).toContain('\n\nPermission warnings (who can chat):\n  ! chat.yaml:4:5: channel "Sales" is available to customer and public users');
    expect(text.indexOf('Permission warnings')).toBeLessThan(text.indexOf('\nWarnings:'));
    expect(text).toContain('"Night\\u200Bshift"');
    expect(text).not.toContain('\u200B');
  });

  it('say when the check was skipped, even with no changes', () => {
    expect(renderText(PERMISSIONS_SKIPPED, { color: false })).toBe(
      "Permission warnings (who can chat):\n  ! who can chat was not checked, since the agents' permissions could not be read: this database has no table role_user\n\nNo changes.\n",
    );
  });
});

describe('permission warnings: Markdown', () => {
  it('are a caution alert of their own, before the plan warnings', () => {
    const md = renderMarkdown(PERMISSIONS);
    expectGolden('permissions.md', md);
    expect(md).toContain('> [!CAUTION]\n> **Permission warnings (who can chat):**\n> - chat.yaml:4:5: channel "Sales" is available');
    expect(md.indexOf('[!CAUTION]')).toBeLessThan(md.indexOf('> **Warning:**'));
    expect(md).not.toContain('\u200B');
  });

  it('are cut after whole ones, before any other warning, and counted with them', () => {
    const permissionWarnings = Array.from({ length: 300 }, (_, i) => ({ code: 'unanswerable-channel', message: `channel "C${i}" is available to customer users, but no valid agent can read its group "g${i}": its chats can never be answered` }));
    // The plan warning comes first in the plan, yet is shown after every permission warning.
    const plan: Plan = { ...MIXED, warnings: [PERMISSIONS.warnings[0]!, ...permissionWarnings] };
    const md = renderMarkdown(plan, undefined, { maxChars: 5_000 });
    expect(md.length).toBeLessThanOrEqual(5_000);
    const shown = md.split('\n').filter((l) => l.startsWith('> - channel "C')).length;
    expect(shown).toBeGreaterThan(0);
    expect(md).not.toContain('> **Warning:**');
    expect(md.endsWith(`\n\n… ${300 - shown + 1} more warnings in the saved plan (the CI artifact).\n`)).toBe(true);
  });

  it('fit exactly: the whole comment at its own length, a cut one character less', () => {
    const plan: Plan = { ...NO_CHANGES, warnings: PERMISSIONS.warnings };
    const whole = renderMarkdown(plan);
    expect(renderMarkdown(plan, undefined, { maxChars: whole.length })).toBe(whole);
    const cut = renderMarkdown(plan, undefined, { maxChars: whole.length - 1 });
    expect(cut.length).toBeLessThan(whole.length);
    expect(cut).toMatch(/… 1 more warning in the saved plan/);
  });
});

describe('permission warnings: JSON', () => {
  it('travel in the plan format\'s warnings with their codes, valid against the schema, and read back', () => {
    const saved = savedPlan(PERMISSIONS);
    const json = renderJson(saved);
    const doc = expectValidOutput('plan.schema.json', json);
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(['invalid-group', 'unanswerable-channel', 'channel-without-receiving-agent']);
    expect(parsePlanJson(json)).toEqual(saved);
  });
});
