import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/plan/change.js';
import type { Plan } from '../../src/plan/plan.js';
import { parsePlanJson, PlanFileError, renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderText } from '../../src/render/text.js';
import { ALL_BUT_DEFAULT, ALL_BUT_DEFAULT_OVER_LIMIT, KEPT, MIXED, NO_CHANGES, NOT_MANAGED } from './plans.js';
import { savedPlan } from './saved.js';

/**
 * Issue 10 in the renderers: the note on channels a config leaves unmanaged, the guard's
 * all-but-the-default-channel rule, the default channel's note, and hidden characters.
 */
const text = (plan: Plan): string => renderText(plan, { color: false });

/** The characters of the issue: zero-width, bidirectional controls, and a C1 control. */
const HIDDEN = /[\u0080-\u009F\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u061C]/u;

describe('the channels a plan leaves unmanaged', () => {
  it('says in text that a config without channels does not manage them', () => {
    expect(text(NOT_MANAGED)).toBe(
      '  ~ setting ChatEngine::DefaultAgentName   Support Agent → Night shift\n\n' +
        'Channels are not managed: no configuration file has a "channels" key, so the 5 channels in the database are left as they are ("channels: []" would say there are none).\n\n' +
        'Plan: 0 to create, 0 to change, 0 to invalidate, 1 setting to change.\n',
    );
    expect(text({ ...NOT_MANAGED, unmanagedChannels: { reason: 'no-channels-key', count: 1 } })).toContain('so the 1 channel in the database is left as it is');
    // With no channel in the database, nothing is left alone: nothing to say.
    expect(text({ ...NOT_MANAGED, unmanagedChannels: { reason: 'no-channels-key', count: 0 } })).not.toContain('not managed');
  });

  it('says in text how many channels keep leaves alone, even with nothing to change', () => {
    expect(text(KEPT)).toBe('Left unmanaged: 2 channels in the database are in no configuration file; reconcile.removedChannels: keep leaves them as they are.\n\nNo changes.\n');
    expect(text({ ...KEPT, unmanagedChannels: { reason: 'keep', count: 1 } })).toContain('1 channel in the database is in no configuration file; reconcile.removedChannels: keep leaves it as it is.');
    expect(text({ ...KEPT, unmanagedChannels: { reason: 'keep', count: 0 } })).toBe('No changes.\n');
  });

  it('says it in Markdown as a note under the summary, kept however long the comment', () => {
    const md = renderMarkdown(NOT_MANAGED);
    expect(md).toContain(
      '**Plan: 0 to create, 0 to change, 0 to invalidate, 1 setting to change.**\n\n> [!NOTE]\n> Channels are not managed: no configuration file has a "channels" key, so the 5 channels in the database are left as they are ("channels: \\[\\]" would say there are none).\n\n```diff\n',
    );
    expect(renderMarkdown(KEPT)).toContain('**No changes.**\n\n> [!NOTE]\n> Left unmanaged: 2 channels in the database are in no configuration file; reconcile.removedChannels: keep leaves them as they are.\n');
    expect(renderMarkdown(NOT_MANAGED, undefined, { maxChars: 600 })).toContain('> [!NOTE]');
    expect(renderMarkdown(MIXED)).not.toContain('[!NOTE]');
  });

  it('records it in the JSON plan, and reads it back', () => {
    for (const plan of [NOT_MANAGED, KEPT, MIXED]) {
      const saved = savedPlan(plan);
      const doc = JSON.parse(renderJson(saved)) as Record<string, unknown>;
      expect(doc.unmanagedChannels).toEqual(plan.unmanagedChannels);
      expect(Object.keys(doc).slice(-3)).toEqual(['guard', 'unmanagedChannels', 'state']);
      expect(parsePlanJson(renderJson(saved))).toStrictEqual(saved);
    }
  });

  it.each<[string, Plan, (doc: Record<string, any>) => void, RegExp]>([
    ['a missing key', MIXED, (d) => delete d.unmanagedChannels, /unmanagedChannels is missing/],
    ['an unknown reason', KEPT, (d) => (d.unmanagedChannels.reason = 'forgot'), /unmanagedChannels\.reason must be one of "no-channels-key", "keep"/],
    ['a negative count', KEPT, (d) => (d.unmanagedChannels.count = -1), /unmanagedChannels\.count must be at least 0/],
    ['an unknown key', KEPT, (d) => (d.unmanagedChannels.ids = [1]), /unmanagedChannels\.ids is not part of the plan format/],
    ['more channels than the state holds', KEPT, (d) => (d.unmanagedChannels.count = 6), /unmanagedChannels\.count is 6, but the recorded state has 5 channels/],
    ['fewer channels than the state holds, with no channels key', NOT_MANAGED, (d) => (d.unmanagedChannels.count = 4), /all 5 recorded channels are unmanaged/],
    ['invalidations next to it', MIXED, (d) => (d.unmanagedChannels = { reason: 'keep', count: 1 }), /unmanagedChannels is set, but the changes invalidate/],
    [
      'a configured channel without a channels key',
      NOT_MANAGED,
      (d) => d.changes.unshift({ kind: 'create-channel', name: 'X', group: 'users', groupId: 1, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: '', reason: 'config' }),
      /unmanagedChannels\.reason is "no-channels-key", but the changes hold a channel from the config/,
    ],
  ])('refuses a saved plan with %s', (_what, plan, edit, message) => {
    const doc = JSON.parse(renderJson(savedPlan(plan))) as Record<string, any>;
    edit(doc);
    if (doc.summary && Array.isArray(doc.changes)) doc.summary.create = doc.changes.filter((c: Change) => c.kind === 'create-channel').length;
    expect(() => parsePlanJson(JSON.stringify(doc))).toThrow(PlanFileError);
    expect(() => parsePlanJson(JSON.stringify(doc))).toThrow(message);
  });
});

describe('the guard: every valid channel but the default channel', () => {
  it('shows the block with the count, below the minimum too, and only the knob that helps', () => {
    const t = text(ALL_BUT_DEFAULT);
    expect(t).toContain(
      'Mass-invalidation guard: this plan invalidates every valid channel other than the default channel (2 of the 3 valid channels).\n' +
        '  apply will refuse this plan, whatever the limit and however few channels there are.\n' +
        '  If the invalidations are intended, pass --allow-mass-invalidation to apply.\n' +
        '  If a file went missing, or this is one file of a split config, fix the config instead (a config without a channels key leaves channels alone).\n',
    );
    expect(t).not.toContain('--max-invalidate-percent');
    expect(renderMarkdown(ALL_BUT_DEFAULT)).toContain('> **Mass-invalidation guard: this plan invalidates every valid channel other than the default channel (2 of the 3 valid channels).** apply will refuse');
  });

  it('names the percentage too when that rule refuses as well', () => {
    expect(text(ALL_BUT_DEFAULT_OVER_LIMIT)).toContain(
      'Mass-invalidation guard: this plan invalidates every valid channel other than the default channel (9 of the 10 valid channels, 90%, more than the 25% allowed (the default)).',
    );
  });

  it('records the rule in the JSON plan; the verdict must follow from it', () => {
    const doc = JSON.parse(renderJson(savedPlan(ALL_BUT_DEFAULT))) as Record<string, any>;
    expect(doc.guard).toEqual({ validNow: 3, invalidating: 2, maxPercent: 25, maxPercentSource: 'default', minValid: 8, invalidatesAllButDefault: true, exceeded: true });
    const lied = structuredClone(doc);
    lied.guard.exceeded = false;
    expect(() => parsePlanJson(JSON.stringify(lied))).toThrow(/guard\.exceeded is false, which does not follow/);
    const dropped = structuredClone(doc);
    dropped.guard.invalidatesAllButDefault = false;
    expect(() => parsePlanJson(JSON.stringify(dropped))).toThrow(/guard\.exceeded is true, which does not follow/);
    const empty = JSON.parse(renderJson(savedPlan(NO_CHANGES))) as Record<string, any>;
    Object.assign(empty.guard, { invalidatesAllButDefault: true, exceeded: true });
    expect(() => parsePlanJson(JSON.stringify(empty))).toThrow(/guard\.invalidatesAllButDefault is true, but the changes invalidate no valid channel/);
    const missing = structuredClone(doc);
    delete missing.guard.invalidatesAllButDefault;
    expect(() => parsePlanJson(JSON.stringify(missing))).toThrow(/guard\.invalidatesAllButDefault is missing/);
  });
});

describe('the default channel\'s note', () => {
  const create: Change = { kind: 'create-channel', name: 'Default channel', group: 'users', groupId: 1, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: 'Default chat channel', reason: 'default-channel' };
  const switchOn: Change = { kind: 'update-setting', name: 'ChatEngine::Active', defaultId: 1000, old: false, new: true, effectiveValue: "--- '1'\n", rowId: null, backToDefault: false };

  it('says chat is being switched on only when the plan switches it on; else that it is missing while chat is on', () => {
    const switching: Plan = { ...NO_CHANGES, changes: [create, switchOn] };
    expect(text(switching)).toMatch(/^ {2}\+ channel "Default channel" +\(default channel: chat is being switched on\)$/m);
    expect(renderMarkdown(switching)).toMatch(/^\+ channel "Default channel" +\(default channel: chat is being switched on\)$/m);

    const lobby: Change = { ...create, name: 'Lobby' } as Change;
    const setting: Change = { kind: 'update-setting', name: 'ChatEngine::DefaultChatChannel', defaultId: 1008, old: 'Default channel', new: 'Lobby', effectiveValue: '--- Lobby\n', rowId: null, backToDefault: false };
    const plan: Plan = { ...NO_CHANGES, changes: [lobby, setting] };
    expect(text(plan)).toMatch(/^ {2}\+ channel "Lobby" +\(default channel: it is missing and chat is on\)$/m);
    expect(text(plan)).not.toContain('switched on');
    expect(renderMarkdown(plan)).toMatch(/^\+ channel "Lobby" +\(default channel: it is missing and chat is on\)$/m);
  });
});

describe('characters a terminal could hide', () => {
  const name = 'Sal\u200Bes\u202Eexe';
  const plan: Plan = {
    ...NO_CHANGES,
    guard: { ...NO_CHANGES.guard, invalidating: 1 },
    changes: [
      { kind: 'create-channel', name, group: 'us\u2066ers', groupId: 1, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: 'one\u00ADline\u009B', reason: 'config' },
      { kind: 'update-channel', id: 3, name: 'New\uFEFF', renamedFrom: 'Old\u200F', fields: [{ field: 'name', old: 'Old\u200F', new: 'New\uFEFF' }, { field: 'comment', old: 'a\nb\u2060', new: 'a\nb\u2061c' }] },
      { kind: 'invalidate-channel', id: 4, name: 'Gone\u061C', from: 'valid', to: 'invalid' },
      { kind: 'update-setting', name: 'ChatEngine::DefaultAgentName', defaultId: 1009, old: 'Agent\u200C', new: 'Agent\u200D', effectiveValue: '--- "Agent\u200D"\n', rowId: 1, backToDefault: false },
      { kind: 'update-setting', name: 'ChatEngine::ChatTTL', defaultId: 1010, old: null, oldUnreadable: '--- \u202Dx\n', new: 5, effectiveValue: "--- '5'\n", rowId: 2, backToDefault: false },
    ],
    warnings: [{ code: 'invalid-group', message: `channel ${JSON.stringify(name)}: group "us\u2066ers" is not valid in OTRS`, hint: `rename ${name}` }],
  };

  it('escapes them in every line of the text plan', () => {
    const t = text(plan);
    expect(t).not.toMatch(HIDDEN);
    for (const shown of [
      '+ channel "Sal\\u200Bes\\u202Eexe"',
      'group                     "us\\u2066ers"',
      'comment                   "one\\u00ADline\\u009B"',
      '~ channel "New\\uFEFF"',
      '(renamed from "Old\\u200F")',
      '-b\\u2060',
      '+b\\u2061c',
      '- channel "Gone\\u061C"',
      '"Agent\\u200C" → "Agent\\u200D"',
      '<unreadable: "--- \\u202Dx\\n">',
    ]) {
      expect(t).toContain(shown);
    }
    expect(t).toContain('channel "Sal\\u200Bes\\u202Eexe": group "us\\u2066ers" is not valid in OTRS');
    expect(t).toContain('rename Sal\\u200Bes\\u202Eexe');
  });

  it('escapes them in the Markdown plan, outside and inside the diff block', () => {
    const md = renderMarkdown(plan);
    expect(md).not.toMatch(HIDDEN);
    expect(md).toContain('+ channel "Sal\\u200Bes\\u202Eexe"');
    // Outside code, the escape's backslash is itself escaped for Markdown.
    expect(md).toContain('> - channel "Gone\\\\u061C": valid → invalid (kept, not deleted)');
    expect(md).toContain('rename Sal\\\\u200Bes\\\\u202Eexe');
  });

  it('keeps the real strings in the JSON plan, as valid JSON', () => {
    const json = renderJson(savedPlan(plan));
    const doc = JSON.parse(json) as { changes: { name: string }[] };
    expect(doc.changes.map((c) => c.name)).toEqual([name, 'New\uFEFF', 'Gone\u061C', 'ChatEngine::DefaultAgentName', 'ChatEngine::ChatTTL']);
    expect(parsePlanJson(json).plan.changes).toEqual(plan.changes);
  });
});
