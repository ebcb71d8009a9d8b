import { describe, expect, it } from 'vitest';
import { CONFIG_RULES } from '../../src/config/rules.js';
import { messagesOf, problemsOf, stateOf } from './tmp-config.js';

/** One channel in a file of its own; `extra` adds YAML lines under it. */
const channel = (name: string, extra = ''): string => `version: 1\nchannels:\n  - name: ${name}\n    group: users\n${extra}`;

describe('rule channel-name', () => {
  it('wants 1–200 characters after trimming', async () => {
    expect(await messagesOf({ 'a.yaml': channel('"   "') })).toEqual(['a.yaml:3:11: channel name is empty (white space alone does not count: OTRS trims names)']);
    expect(await messagesOf({ 'a.yaml': channel(`"${'n'.repeat(201)}"`) })).toEqual(['a.yaml:3:11: channel name is too long: 201 characters after trimming, at most 200']);
  });

  it('counts code points and ignores the white space OTRS trims', async () => {
    const state = await stateOf({ 'a.yaml': channel(`"  ${'😀'.repeat(200)}  "`) });
    expect(Array.from(state.channels[0]?.name ?? '')).toHaveLength(200);
  });

  it('refuses control characters inside a name, C0 and C1 alike', async () => {
    expect(await messagesOf({ 'a.yaml': channel('"Sa\\nles"') })).toEqual([
      'a.yaml:3:11: channel name contains a control character (U+000A) (remove line breaks, tabs and other control characters)',
    ]);
    expect((await problemsOf({ 'a.yaml': channel('"Sa\\x85les"') }))[0]?.message).toBe('channel name contains a control character (U+0085)');
    expect((await problemsOf({ 'a.yaml': channel('"Sa\\x7Fles"') }))[0]?.code).toBe('channel-name');
  });
});

describe('rule previous-name', () => {
  it('applies the name rules to each previous name', async () => {
    expect(await messagesOf({ 'a.yaml': channel('Sales', '    previousNames: ["  ", "Old\\tName"]\n') })).toEqual([
      'a.yaml:5:21: previous name is empty (white space alone does not count: OTRS trims names)',
      'a.yaml:5:27: previous name contains a control character (U+0009) (remove line breaks, tabs and other control characters)',
    ]);
  });

  it('refuses the channel’s own name and a name listed twice once trimmed', async () => {
    expect(await messagesOf({ 'a.yaml': channel('Sales', '    previousNames: [" Sales", Old, "Old "]\n') })).toEqual([
      'a.yaml:5:21: previous name "Sales" is the channel\'s own name (remove it from previousNames)',
      'a.yaml:5:36: previousNames lists "Old" twice (after trimming) (remove one of them)',
    ]);
  });
});

describe('rule group-name', () => {
  it('refuses control characters in a channel’s group and in group settings', async () => {
    const messages = await messagesOf({
      'a.yaml': 'version: 1\nsettings:\n  ChatEngine::PermissionGroup::ChatStartingAgents: "us\\u0000ers"\nchannels:\n  - name: Sales\n    group: "sa\\rles"\n',
    });
    expect(messages).toEqual([
      'a.yaml:3:52: setting `ChatEngine::PermissionGroup::ChatStartingAgents` contains a control character (U+0000) (remove line breaks, tabs and other control characters)',
      'a.yaml:6:12: group name contains a control character (U+000D) (remove line breaks, tabs and other control characters)',
    ]);
  });
});

describe('rule default-channel-name', () => {
  it('wants ChatEngine::DefaultChatChannel exactly as OTRS would store the channel name', async () => {
    expect(await messagesOf({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::DefaultChatChannel: " Chat"\n' })).toEqual([
      'a.yaml:3:35: setting `ChatEngine::DefaultChatChannel` starts or ends with white space (OTRS trims channel names, so this would never match the channel; remove the spaces)',
    ]);
    expect((await problemsOf({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::DefaultChatChannel: "   "\n' }))[0]?.message).toBe('setting `ChatEngine::DefaultChatChannel` is empty');
    const state = await stateOf({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::DefaultChatChannel: Default channel\n' });
    expect(state.settings[0]?.value).toBe('Default channel');
  });
});

describe('rule duplicate-channel', () => {
  it('names both places when two files define one channel', async () => {
    expect(await messagesOf({ 'a.yaml': channel('Sales'), 'b.yaml': `# comment\n${channel('Sales')}` })).toEqual([
      'b.yaml:4:5: channel "Sales" is defined twice: here and at a.yaml:3:5 (keep one definition)',
    ]);
  });

  it('compares trimmed names, case-sensitively', async () => {
    expect(await messagesOf({ 'a.yaml': `${channel('Sales')}  - name: "Sales "\n    group: users\n` })).toEqual([
      'a.yaml:5:5: channel "Sales" is defined twice: here and at a.yaml:3:5 (keep one definition)',
    ]);
    const state = await stateOf({ 'a.yaml': channel('Sales'), 'b.yaml': channel('sales') });
    expect(state.channels.map((c) => c.name)).toEqual(['Sales', 'sales']);
  });
});

describe('rule previous-name-clash', () => {
  it('refuses a previous name that is another channel’s name: renames never merge', async () => {
    expect(await messagesOf({ 'a.yaml': channel('Sales', '    previousNames: [Support]\n'), 'b.yaml': channel('Support') })).toEqual([
      'a.yaml:5:21: previous name "Support" is the name of another channel, defined at b.yaml:3:5 (a rename cannot merge two channels: remove it from previousNames)',
    ]);
  });

  it('refuses one previous name claimed by two channels', async () => {
    expect(await messagesOf({ 'a.yaml': channel('Sales', '    previousNames: [Old]\n'), 'b.yaml': channel('Support', '    previousNames: [" Old"]\n') })).toEqual([
      'b.yaml:5:21: previous name "Old" is also a previous name of channel "Sales" at a.yaml:5:21 (a channel can be renamed into one channel only)',
    ]);
  });
});

describe('rule duplicate-setting', () => {
  it('names both places when two files set one setting', async () => {
    const settings = (value: string): string => `version: 1\nsettings:\n  ChatEngine::Active: ${value}\n`;
    expect(await messagesOf({ 'a.yaml': settings('true'), 'b.yaml': settings('true') })).toEqual([
      'b.yaml:3:3: setting `ChatEngine::Active` is set twice: here and at a.yaml:3:3 (keep it in one file)',
    ]);
  });
});

describe('rule duplicate-reconcile', () => {
  it('allows reconcile in one file only', async () => {
    const reconcile = 'version: 1\nreconcile:\n  removedChannels: keep\n';
    expect(await messagesOf({ 'a.yaml': reconcile, 'b.yaml': reconcile, 'c.yaml': reconcile })).toEqual([
      'b.yaml:2:1: `reconcile` is given twice: here and at a.yaml:2:1 (keep it in one file)',
      'c.yaml:2:1: `reconcile` is given twice: here and at a.yaml:2:1 (keep it in one file)',
    ]);
  });
});

describe('CONFIG_RULES', () => {
  it('are named uniquely and described', () => {
    const names = CONFIG_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of CONFIG_RULES) expect(rule.description.length).toBeGreaterThan(10);
  });

  it('report problems under their own name', async () => {
    const problems = await problemsOf({ 'a.yaml': channel('"  "'), 'b.yaml': channel('X'), 'c.yaml': channel('X') });
    expect(problems.map((p) => p.code)).toEqual(['channel-name', 'duplicate-channel']);
  });
});

describe('rule lone-surrogate', () => {
  it('refuses half a surrogate pair in any text, naming where, and takes a whole pair', async () => {
    const yaml = [
      'version: 1',
      'settings:',
      '  ChatEngine::DefaultAgentName: "Team \\udc00"',
      'channels:',
      '  - name: "Bad \\ud800 name"',
      '    group: users',
      '    comment: "fine \\ud83d\\ude00"',
      '    previousNames: ["Old \\udfff"]',
      '',
    ].join('\n');
    expect(await messagesOf({ 'a.yaml': yaml })).toEqual([
      'a.yaml:3:33: setting `ChatEngine::DefaultAgentName` contains half of a UTF-16 surrogate pair (\\uDC00), which no database can store (write the character itself, or both halves of its pair (e.g. "\\ud83d\\ude00" for 😀))',
      'a.yaml:5:11: channel name contains half of a UTF-16 surrogate pair (\\uD800), which no database can store (write the character itself, or both halves of its pair (e.g. "\\ud83d\\ude00" for 😀))',
      'a.yaml:8:21: previous name contains half of a UTF-16 surrogate pair (\\uDFFF), which no database can store (write the character itself, or both halves of its pair (e.g. "\\ud83d\\ude00" for 😀))',
    ]);
    expect((await stateOf({ 'a.yaml': channel('"Smile \\ud83d\\ude00"') })).channels[0]?.name).toBe('Smile 😀');
  });
});
