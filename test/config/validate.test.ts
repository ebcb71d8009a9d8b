import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { parseConfigText } from '../../src/config/parse-yaml.js';
import type { LoadedConfig } from '../../src/config/loaded-config.js';
import { ConfigError, formatProblem } from '../../src/errors.js';
import { messagesOf, problemsOf, stateOf } from './tmp-config.js';

const DESIGN_EXAMPLE = `version: 1
settings:
  ChatEngine::Active: true
  ChatEngine::PermissionGroup::ChatReceivingAgents: users
  ChatEngine::ChatDirection::PublicToAgent: true
channels:
  - name: Sales
    group: sales
    availableToCustomerUsers: true
    availableToPublicUsers: true
    valid: valid                      # valid | invalid | invalid-temporarily (default valid)
    comment: Questions from prospects before they buy.
  - name: Contract support
    group: support
    availableToCustomerUsers: true    # default false
    previousNames: [Support]          # renames "Support" in place, keeping its id and history
reconcile:
  removedChannels: invalid            # invalid | invalid-temporarily | keep (default invalid)
  maxInvalidatePercent: 25            # guard: refuse more (when >= 8 channels are valid)
`;

/** Validates texts without touching the disk: file name → text. */
function validateTexts(files: Record<string, string>, env: Record<string, string> = {}) {
  const parsed = Object.entries(files).map(([path, text]) => ({ path, ...parseConfigText(text, path) }));
  const loaded: LoadedConfig = {
    files: parsed.flatMap((p) => (p.root ? [{ path: p.path, root: p.root }] : [])),
    sources: Object.keys(files),
    problems: parsed.flatMap((p) => p.problems),
  };
  return validateConfig(loaded, env);
}

function problemLines(files: Record<string, string>): string[] {
  try {
    validateTexts(files);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('validateConfig: the desired state', () => {
  it('turns the design example into the desired state', async () => {
    const state = await stateOf({ 'chat.yaml': DESIGN_EXAMPLE });
    expect(state).toEqual({
      channels: [
        { name: 'Sales', group: 'sales', availableToCustomerUsers: true, availableToPublicUsers: true, valid: 'valid', comment: 'Questions from prospects before they buy.', previousNames: [], location: { file: 'chat.yaml', line: 7, column: 5 }, commentLocation: { file: 'chat.yaml', line: 12, column: 14 } },
        { name: 'Contract support', group: 'support', availableToCustomerUsers: true, availableToPublicUsers: false, valid: 'valid', comment: '', previousNames: ['Support'], location: { file: 'chat.yaml', line: 13, column: 5 } },
      ],
      settings: [
        { name: 'ChatEngine::Active', value: true, location: { file: 'chat.yaml', line: 3, column: 3 } },
        { name: 'ChatEngine::PermissionGroup::ChatReceivingAgents', value: 'users', location: { file: 'chat.yaml', line: 4, column: 3 } },
        { name: 'ChatEngine::ChatDirection::PublicToAgent', value: true, location: { file: 'chat.yaml', line: 5, column: 3 } },
      ],
      reconcile: { removedChannels: 'invalid', maxInvalidatePercent: 25, maxInvalidatePercentFromConfig: true },
      managesChannels: true,
      files: ['chat.yaml'],
    });
  });

  it('applies the defaults', () => {
    const state = validateTexts({ 'a.yaml': 'version: 1\nchannels:\n  - {name: A, group: users}\n' });
    expect(state.channels[0]).toMatchObject({ availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: '', previousNames: [] });
    expect(state.reconcile).toEqual({ removedChannels: 'invalid', maxInvalidatePercent: 25, maxInvalidatePercentFromConfig: false });
    expect(state.settings).toEqual([]);
  });

  it('accepts a file with only a version, and explicit empty sections', () => {
    const state = validateTexts({ 'a.yaml': 'version: 1\n', 'b.yaml': 'version: 1\nsettings: {}\nchannels: []\nreconcile: {}\n' });
    expect(state.files).toEqual(['a.yaml', 'b.yaml']);
  });

  it('trims names and previous names as OTRS does, and keeps comments as written', () => {
    const state = validateTexts({ 'a.yaml': 'version: 1\nchannels:\n  - name: "  Sales \\t"\n    group: users\n    comment: "  spaced  "\n    previousNames: [" Old "]\n' });
    expect(state.channels[0]).toMatchObject({ name: 'Sales', comment: '  spaced  ', previousNames: ['Old'] });
  });

  it('takes the reconcile policy from whichever file has it', () => {
    const state = validateTexts({ 'a.yaml': 'version: 1\n', 'b.yaml': 'version: 1\nreconcile:\n  removedChannels: keep\n' });
    expect(state.reconcile).toEqual({ removedChannels: 'keep', maxInvalidatePercent: 25, maxInvalidatePercentFromConfig: false });
  });

  it('merges several files in path order', async () => {
    const state = await stateOf({
      'a.yaml': 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 48\nchannels:\n  - {name: A, group: users}\n',
      'b.yaml': 'version: 1\nsettings:\n  ChatEngine::Active: false\nchannels:\n  - {name: B, group: users}\n',
    });
    expect(state.channels.map((c) => [c.name, c.location.file])).toEqual([['A', 'a.yaml'], ['B', 'b.yaml']]);
    expect(state.settings.map((s) => [s.name, s.value])).toEqual([['ChatEngine::ChatTTL', 48], ['ChatEngine::Active', false]]);
  });
});

describe('validateConfig: schema problems, in words, at their places', () => {
  it('reports nested channel problems at exact positions', () => {
    expect(
      problemLines({
        'a.yaml': [
          'version: 1',
          'channels:',
          '  - name: Sales',
          '    group: sales',
          '    availableToPublic: true',
          '    availableToCustomerUsers: yes',
          '    valid: invalid_temporarily',
          '  - name: Support',
          '  - Orders',
          '  - name: 2024',
          '    group: users',
        ].join('\n'),
      }),
    ).toEqual([
      'a.yaml:5:5: unknown key `availableToPublic` in channel (did you mean `availableToPublicUsers`?)',
      'a.yaml:6:31: `availableToCustomerUsers`: expected a boolean (true or false), got the string "yes" (write true or false, without quotes)',
      'a.yaml:7:12: `valid` must be one of valid, invalid, invalid-temporarily, got the string "invalid_temporarily" (did you mean `invalid-temporarily`?)',
      'a.yaml:8:5: channel "Support" has no `group` (add `group: ...` to it)',
      'a.yaml:9:5: each entry of `channels`: expected a mapping, got the string "Orders"',
      'a.yaml:10:11: `name`: expected text, got the number 2024 (quote it: "2024")',
    ]);
  });

  it('suggests the setting meant, and lists the known ones when nothing is close', () => {
    const lines = problemLines({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::Actve: true\n  Active: true\n  chatengine::chatttl: 5\n  Foo::Bar: 1\n' });
    expect(lines.slice(0, 3)).toEqual([
      'a.yaml:3:3: unknown setting `ChatEngine::Actve` (did you mean `ChatEngine::Active`?)',
      'a.yaml:4:3: unknown setting `Active` (did you mean `ChatEngine::Active`?)',
      'a.yaml:5:3: unknown setting `chatengine::chatttl` (did you mean `ChatEngine::ChatTTL`?)',
    ]);
    expect(lines[3]).toMatch(/^a\.yaml:6:3: unknown setting `Foo::Bar` \(expected one of: ChatEngine::Active, .*ChatEngine::ChatDecayTime\)$/);
  });

  it('suggests keys at the top level and in reconcile', () => {
    expect(problemLines({ 'a.yaml': 'version: 1\nchannel: []\nreconcile:\n  removedChannel: keep\n' })).toEqual([
      'a.yaml:2:1: unknown key `channel` at the top level (did you mean `channels`?)',
      'a.yaml:4:3: unknown key `removedChannel` in `reconcile` (did you mean `removedChannels`?)',
    ]);
  });

  it('requires version 1 in every file', () => {
    expect(problemLines({ 'a.yaml': 'version: 1\n', 'b.yaml': 'channels: []\n', 'c.yaml': 'version: "1"\n', 'd.yaml': 'version: 2\n' })).toEqual([
      'b.yaml:1:1: missing `version` at the top level (add `version: 1` as the first line of the file)',
      'c.yaml:1:10: `version` must be 1, got the string "1"',
      'd.yaml:1:10: `version` must be 1, got the number 2',
    ]);
  });

  it('checks each setting against its type', () => {
    const lines = problemLines({
      'a.yaml': [
        'version: 1',
        'settings:',
        '  ChatEngine::Active: "true"',
        '  ChatEngine::PermissionGroup::ChatReceivingAgents: ""',
        '  ChatEngine::PermissionGroup::ChatNotificationAgents: 5',
        '  ChatEngine::ChatTTL: "720"',
        '  ChatEngine::ChatDecayTime: -1',
        `  ChatEngine::DefaultAgentName: ${'x'.repeat(201)}`,
        '  ChatEngine::DefaultChatChannel: ""',
      ].join('\n'),
    });
    expect(lines).toEqual([
      'a.yaml:3:23: setting `ChatEngine::Active`: expected a boolean (true or false), got the string "true" (write true or false, without quotes)',
      'a.yaml:4:53: setting `ChatEngine::PermissionGroup::ChatReceivingAgents` must not be empty',
      'a.yaml:5:56: setting `ChatEngine::PermissionGroup::ChatNotificationAgents`: expected text, got the number 5 (quote it: "5")',
      'a.yaml:6:24: setting `ChatEngine::ChatTTL`: expected a whole number, got the string "720" (remove the quotes)',
      'a.yaml:7:30: setting `ChatEngine::ChatDecayTime` must be at least 0, got -1',
      'a.yaml:8:33: setting `ChatEngine::DefaultAgentName` is too long: 201 characters, at most 200',
      'a.yaml:9:35: setting `ChatEngine::DefaultChatChannel` must not be empty',
    ]);
  });

  it('accepts an empty group-or-empty setting, and the integer bounds', () => {
    const state = validateTexts({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::PermissionGroup::ChatNotificationAgents: ""\n  ChatEngine::ChatTTL: 2147483647\n  ChatEngine::ChatDecayTime: 0\n' });
    expect(state.settings.map((s) => s.value)).toEqual(['', 2147483647, 0]);
    expect(problemLines({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 2147483648\n  ChatEngine::ChatDecayTime: 1.5\n' })).toEqual([
      'a.yaml:3:24: setting `ChatEngine::ChatTTL` must be at most 2147483647, got 2147483648',
      'a.yaml:4:30: setting `ChatEngine::ChatDecayTime`: expected a whole number, got the number 1.5',
    ]);
  });

  it('counts a comment in code points, up to 250', () => {
    const at = (comment: string) => ({ 'a.yaml': `version: 1\nchannels:\n  - name: A\n    group: users\n    comment: "${comment}"\n` });
    expect(validateTexts(at('😀'.repeat(250))).channels[0]?.comment).toHaveLength(500);
    expect(problemLines(at('😀'.repeat(251)))).toEqual(['a.yaml:5:14: `comment` is too long: 251 characters, at most 250']);
  });

  it('checks reconcile values', () => {
    expect(problemLines({ 'a.yaml': 'version: 1\nreconcile:\n  removedChannels: delete\n  maxInvalidatePercent: 150\n' })).toEqual([
      'a.yaml:3:20: `removedChannels` must be one of invalid, invalid-temporarily, keep, got the string "delete"',
      'a.yaml:4:25: `maxInvalidatePercent` must be at most 100, got 150',
    ]);
    expect(validateTexts({ 'a.yaml': 'version: 1\nreconcile:\n  maxInvalidatePercent: 12.5\n' }).reconcile.maxInvalidatePercent).toBe(12.5);
  });

  it('reports wrong containers and empty sections', () => {
    expect(problemLines({ 'a.yaml': 'version: 1\nsettings:\nchannels:\n  name: Sales\nreconcile: keep\n' })).toEqual([
      'a.yaml:2:1: `settings`: expected a mapping, got an empty value (give it a value, or remove the key)',
      'a.yaml:4:3: `channels`: expected a list, got a mapping',
      'a.yaml:5:12: `reconcile`: expected a mapping, got the string "keep"',
    ]);
  });

  it('reports a previous name listed twice, at the second one', () => {
    expect(problemLines({ 'a.yaml': 'version: 1\nchannels:\n  - name: A\n    group: users\n    previousNames: [Old, New, Old]\n' })).toEqual([
      'a.yaml:5:31: `previousNames` lists "Old" twice (remove one of them)',
    ]);
  });

  it('reports one problem per wrong value, however many ways the schema fails it', () => {
    expect(problemLines({ 'a.yaml': 'version: 1\nchannels:\n  - name: A\n    group: 7\n    valid: 3\n    previousNames: Old\n' })).toEqual([
      'a.yaml:4:12: `group`: expected text, got the number 7 (quote it: "7")',
      'a.yaml:5:12: `valid` must be one of valid, invalid, invalid-temporarily, got the number 3',
      'a.yaml:6:20: `previousNames`: expected a list, got the string "Old"',
    ]);
  });

  it('reports __proto__ as an unknown key instead of touching a prototype', () => {
    expect(problemLines({ 'a.yaml': 'version: 1\n__proto__: {polluted: true}\n' })).toEqual([
      'a.yaml:2:1: unknown key `__proto__` at the top level (expected one of: version, settings, channels, reconcile)',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports every problem of every file at once, by file in path order, then line and column', async () => {
    const problems = await problemsOf(
      {
        'b.yaml': 'version: 1\nchannels:\n  - {name: B, group: users, x: 1}\n  - {name: C}\n',
        'a.yaml': 'version: 3\nfoo: 1\n',
      },
      { paths: ['b.yaml', 'missing.yaml', 'a.yaml'] },
    );
    expect(problems.map((p) => (p.location ? `${p.location.file}:${p.location.line}:${p.location.column} ${p.code}` : p.code))).toEqual([
      'path-not-found',
      'b.yaml:3:29 unknown-key',
      'b.yaml:4:5 missing-key',
      'a.yaml:1:10 invalid-value',
      'a.yaml:2:1 unknown-key',
    ]);
  });

  it('reports a file that failed the schema only for its schema problems, not for rules that follow', async () => {
    const messages = await messagesOf({
      'a.yaml': 'version: 1\nchannels:\n  - {name: Sales, group: users}\n',
      'b.yaml': 'version: 1\nchannels:\n  - {name: Sales, group: users, valid: nope}\n',
    });
    expect(messages).toEqual(['b.yaml:3:40: `valid` must be one of valid, invalid, invalid-temporarily, got the string "nope"']);
  });
});
