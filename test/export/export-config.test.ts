import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA_URL, type ExportWarning } from '../../src/export/export-config.js';
import type { ActualState, SystemWideSettingRow } from '../../src/model/index.js';
import { diffStates, exportConfig, exportSplitConfig, GENERAL_CI } from '../plan/stand-in-keys.js';
import { actual, GROUPS, row, seededSettings } from '../plan/builders.js';
import { readBack, readBackText } from './read-back.js';

const SCHEMA_LINE = `# yaml-language-server: $schema=${DEFAULT_SCHEMA_URL}\n`;

/** One valid system-wide row holding `text`. */
function modified(id: number, text: string, isValid = true): SystemWideSettingRow[] {
  return [{ id, effectiveValue: text, isValid }];
}

/** Plans the exported text against the state it came from. */
function planOfExport(state: ActualState): ReturnType<typeof diffStates> {
  return diffStates(readBackText(exportConfig(state).text), state);
}

describe('exportConfig', () => {
  it('writes the schema line, version 1, the changed settings and every channel, defaults left out', () => {
    const state = actual({
      channels: [
        row(3, 'Sales', { groupId: 4, availableToCustomerUsers: true, availableToPublicUsers: true, comment: 'Prospects.' }),
        row(1, 'Default channel', { comment: 'Default chat channel' }),
        row(2, 'Legacy', { valid: 'invalid' }),
        row(4, 'Parked', { valid: 'invalid-temporarily', groupId: 5 }),
      ],
      settings: seededSettings({
        'ChatEngine::Active': modified(20, "--- '1'\n"),
        'ChatEngine::ChatTTL': modified(21, "--- '48'\n"),
      }),
    });
    expect(exportConfig(state).text).toBe(
      SCHEMA_LINE +
        'version: 1\n\n' +
        'settings:\n  ChatEngine::Active: true\n  ChatEngine::ChatTTL: 48\n\n' +
        'channels:\n' +
        '  - name: Default channel\n    group: users\n    comment: Default chat channel\n\n' +
        '  - name: Legacy\n    group: users\n    valid: invalid\n\n' +
        '  - name: Parked\n    group: support\n    valid: invalid-temporarily\n\n' +
        '  - name: Sales\n    group: sales\n    availableToCustomerUsers: true\n    availableToPublicUsers: true\n    comment: Prospects.\n',
    );
  });

  it('writes an empty database as `settings: {}` and `channels: []` (a config without `channels` would not say "none")', () => {
    const result = exportConfig(actual());
    expect(result.text).toBe(`${SCHEMA_LINE}version: 1\n\nsettings: {}\n\nchannels: []\n`);
    expect(result).toMatchObject({ channels: 0, settings: 0, warnings: [] });
    expect(planOfExport(actual()).changes).toEqual([]);
  });

  it('points the schema line where it is told', () => {
    expect(exportConfig(actual(), { schemaUrl: '../schema/otrs-chat-config.schema.json' }).text).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/schema\/otrs-chat-config\.schema\.json\nversion: 1\n/,
    );
  });

  it('is byte-identical whatever order the rows come in, sorting names by code point', () => {
    const rows = [row(1, 'b'), row(2, 'B'), row(3, '😀 emoji'), row(4, '\uFFFD replacement'), row(5, 'a'), row(6, 'Ä')];
    const text = exportConfig(actual({ channels: rows })).text;
    expect(exportConfig(actual({ channels: [...rows].reverse() })).text).toBe(text);
    const names = readBackText(text).channels.map((c) => c.name);
    expect(names).toEqual(['B', 'a', 'b', 'Ä', '\uFFFD replacement', '😀 emoji']);
  });

  it('leaves the availability flags out on a table without them (OTRS 6)', () => {
    const state = actual({
      channels: [row(1, 'Sales', { availableToCustomerUsers: null, availableToPublicUsers: null })],
      capabilities: { availabilityColumns: null },
    });
    expect(exportConfig(state).text).toContain('  - name: Sales\n    group: users\n');
    expect(exportConfig(state).text).not.toContain('available');
    expect(planOfExport(state).changes).toEqual([]);
  });

  it('plans to no changes with every validity, Unicode, quotes, `${`, long and multi-line comments', () => {
    const state = actual({
      channels: [
        row(1, 'Grüße 😀', { comment: 'Line one\nline two\n' }),
        row(2, 'say "hi"', { comment: "it's ${HOME}", valid: 'invalid' }),
        row(3, 'yes', { comment: 'x'.repeat(250), valid: 'invalid-temporarily', availableToPublicUsers: true }),
        row(4, '${NOT_A_VARIABLE}', { comment: 'trailing  \r\n', groupId: 4 }),
      ],
    });
    const result = exportConfig(state);
    expect(result.warnings).toEqual([]);
    expect(planOfExport(state).changes).toEqual([]);
  });

  describe('settings', () => {
    it('exports each type when it differs from the shipped default, in catalog order', () => {
      const state = actual({
        settings: seededSettings({
          'ChatEngine::ChatDecayTime': modified(31, "--- '0'\n"),
          'ChatEngine::ChatDirection::AgentToAgent': modified(32, "--- '0'\n"),
          'ChatEngine::PermissionGroup::ChatNotificationAgents': modified(33, '--- sales\n'),
          'ChatEngine::PermissionGroup::ChatStartingAgents': modified(34, '--- admin\n'),
          'ChatEngine::DefaultAgentName': modified(35, '--- "Team \\"Blue\\"\\n2nd line"\n'),
          'ChatEngine::DefaultChatChannel': modified(36, '--- Lobby\n'),
        }),
      });
      const text = exportConfig(state).text;
      expect(text).toContain(
        'settings:\n' +
          '  ChatEngine::ChatDirection::AgentToAgent: false\n' +
          '  ChatEngine::PermissionGroup::ChatStartingAgents: admin\n' +
          '  ChatEngine::PermissionGroup::ChatNotificationAgents: sales\n' +
          '  ChatEngine::DefaultChatChannel: Lobby\n' +
          '  ChatEngine::DefaultAgentName: |-\n    Team "Blue"\n    2nd line\n' +
          '  ChatEngine::ChatDecayTime: 0\n',
      );
      expect(planOfExport(state).changes).toEqual([]);
    });

    it('escapes `${` in text settings, so the config reader does not take it for a variable', () => {
      const state = actual({ settings: seededSettings({ 'ChatEngine::DefaultAgentName': modified(44, '--- ${AGENT} at $HOME\n') }) });
      expect(exportConfig(state).text).toContain('  ChatEngine::DefaultAgentName: $${AGENT} at $HOME\n');
      expect(planOfExport(state).changes).toEqual([]);
    });

    it('leaves out values equal to the default, however they are spelled, and rows that are not valid', () => {
      const state = actual({
        settings: seededSettings({
          'ChatEngine::Active': modified(40, "--- '0'\n"),
          'ChatEngine::ChatTTL': modified(41, '--- "720"\n'),
          'ChatEngine::DefaultAgentName': modified(42, '--- Somebody else\n', false),
        }),
      });
      expect(exportConfig(state)).toMatchObject({ settings: 0, warnings: [] });
    });

    it('exports a value back to empty (group-or-empty) when the default names a group', () => {
      const settings = seededSettings({ 'ChatEngine::PermissionGroup::ChatNotificationAgents': modified(43, "--- ''\n") }).map((s) =>
        s.name === 'ChatEngine::PermissionGroup::ChatNotificationAgents' ? { ...s, defaultEffectiveValue: '--- admin\n' } : s,
      );
      const state = actual({ settings });
      expect(exportConfig(state).text).toContain('  ChatEngine::PermissionGroup::ChatNotificationAgents: ""\n');
      expect(planOfExport(state).changes).toEqual([]);
    });

    it('keeps ChatEngine::Active: true when the default channel exists, under the name the setting gives', () => {
      const state = actual({
        channels: [row(1, 'lobby', { valid: 'invalid' })],
        settings: seededSettings({ 'ChatEngine::Active': modified(50, "--- '1'\n"), 'ChatEngine::DefaultChatChannel': modified(51, '--- Lobby\n') }),
        capabilities: { nameComparison: GENERAL_CI },
      });
      expect(exportConfig(state)).toMatchObject({ settings: 2, warnings: [] });
      expect(planOfExport(state).changes).toEqual([]);
    });
  });

  describe('what the config cannot state is left out, with a warning that names the row and the consequence', () => {
    const cases: { what: string; state: ActualState; code: ExportWarning['code']; message: RegExp }[] = [
      {
        what: 'a name with surrounding white space',
        state: actual({ channels: [row(7, ' Sales ')] }),
        code: 'channel-name',
        message: /^channel " Sales " \(id 7\): its name starts or ends with white space, .*; left out of the export: the plan will invalidate it, unless the config says reconcile\.removedChannels: keep$/,
      },
      {
        what: 'a name with a control character',
        state: actual({ channels: [row(7, 'Two\nlines', { valid: 'invalid' })] }),
        code: 'channel-name',
        message: /^channel "Two\\nlines" \(id 7\): its name contains the control character U\+000A; .*the plan leaves it as it is \(it is invalid already\)$/,
      },
      {
        what: 'an empty name',
        state: actual({ channels: [row(7, '   ')] }),
        code: 'channel-name',
        message: /its name is empty or only white space/,
      },
      {
        what: 'a name over 200 characters',
        state: actual({ channels: [row(7, 'n'.repeat(201), { valid: 'invalid-temporarily' })] }),
        code: 'channel-name',
        message: /\(id 7\): its name is 201 characters long; the config allows at most 200; .*\(it is invalid-temporarily already\)$/,
      },
      {
        what: 'a channel whose group is gone',
        state: actual({ channels: [row(7, 'Orphan', { group: null, groupId: 99 })] }),
        code: 'channel-group',
        message: /^channel "Orphan" \(id 7\): its group \(id 99\) no longer exists; left out of the export: the plan will invalidate it/,
      },
      {
        what: 'a comment over 250 characters',
        state: actual({ channels: [row(7, 'Chatty', { comment: 'c'.repeat(251) })] }),
        code: 'channel-comment',
        message: /\(id 7\): its comment is 251 characters long; the config allows at most 250; /,
      },
      {
        what: 'the default channel, which pruning spares',
        state: actual({ channels: [row(7, 'Default channel', { comment: 'd'.repeat(300) })] }),
        code: 'channel-comment',
        message: /the plan leaves it as it is \(it is the default channel, which pruning never invalidates\)$/,
      },
      {
        what: 'two rows the database sees as one name',
        state: actual({ channels: [row(8, 'sales'), row(7, 'Sales')], capabilities: { nameComparison: GENERAL_CI } }),
        code: 'duplicate-channel',
        message: /^channel "Sales" \(id 7\): its name is one name to this database with that of 1 other row \(ids 7, 8\), which a config name cannot tell apart; .*invalidate it/,
      },
      {
        what: 'two rows with exactly one name',
        state: actual({ channels: [row(8, 'Twin'), row(7, 'Twin', { valid: 'invalid' })] }),
        code: 'duplicate-channel',
        message: /^channel "Twin" \(id 7\): its name is one name to this database with that of 1 other row \(ids 7, 8\)/,
      },
      {
        what: 'two system-wide rows of a setting',
        state: actual({ settings: seededSettings({ 'ChatEngine::ChatTTL': [{ id: 61, effectiveValue: "--- '1'\n", isValid: true }, { id: 60, effectiveValue: "--- '2'\n", isValid: true }] }) }),
        code: 'setting-rows',
        message: /^setting ChatEngine::ChatTTL has 2 system-wide rows in sysconfig_modified \(ids 60, 61\); .*left out of the export, and the plan leaves it as it is/,
      },
      {
        what: 'an unreadable setting',
        state: actual({ settings: seededSettings({ 'ChatEngine::Active': modified(62, "--- '2'\n") }) }),
        code: 'setting-unreadable',
        message: /^setting ChatEngine::Active \(sysconfig_modified id 62\): the stored value "--- '2'\\n" cannot be read \(checkbox value must be 0 or 1, found "2"\); left out/,
      },
      {
        what: 'an integer beyond the schema',
        state: actual({ settings: seededSettings({ 'ChatEngine::ChatTTL': modified(63, "--- '2147483648'\n") }) }),
        code: 'setting-value',
        message: /^setting ChatEngine::ChatTTL \(sysconfig_modified id 63\): its value 2147483648 is larger than the config allows \(at most 2147483647\); left out of the export: the plan leaves it as it is$/,
      },
      {
        what: 'a group setting naming a group that does not exist',
        state: actual({ settings: seededSettings({ 'ChatEngine::PermissionGroup::ChatReceivingAgents': modified(64, '--- Sales\n') }) }),
        code: 'setting-value',
        message: /its value "Sales" names a group that does not exist \(spelled exactly so\), which the plan would refuse/,
      },
      {
        what: 'a default channel name with a trailing space',
        state: actual({ settings: seededSettings({ 'ChatEngine::DefaultChatChannel': modified(65, "--- 'Lobby '\n") }) }),
        code: 'setting-value',
        message: /its value "Lobby " starts or ends with white space/,
      },
      {
        what: 'a text setting over 200 characters',
        state: actual({ settings: seededSettings({ 'ChatEngine::DefaultAgentName': modified(66, `--- ${'a'.repeat(201)}\n`) }) }),
        code: 'setting-value',
        message: /its value "a{60}…" is 201 characters long; the config allows at most 200/,
      },
      {
        what: 'chat on without its default channel',
        state: actual({ settings: seededSettings({ 'ChatEngine::Active': modified(67, "--- '1'\n") }) }),
        code: 'default-channel-missing',
        message: /^setting ChatEngine::Active is true \(chat is on\), but its default channel "Default channel" \(ChatEngine::DefaultChatChannel\) does not exist; left out of the export/,
      },
      {
        what: 'chat on while the default channel name is ambiguous',
        state: actual({
          channels: [row(1, 'Default channel')],
          settings: seededSettings({
            'ChatEngine::Active': modified(68, "--- '1'\n"),
            'ChatEngine::DefaultChatChannel': [{ id: 69, effectiveValue: '--- A\n', isValid: true }, { id: 70, effectiveValue: '--- B\n', isValid: true }],
          }),
        }),
        code: 'default-channel-missing',
        message: /the default channel is unknown: ChatEngine::DefaultChatChannel has system-wide rows 69, 70; .*\(with it the plan would fail\)$/,
      },
    ];

    it.each(cases)('$what', ({ state, code, message }) => {
      const result = exportConfig(state);
      const warning = result.warnings.find((w) => w.code === code);
      expect(warning?.message).toMatch(message);
      expect(result.text).toContain(`\n# WARNING: ${warning?.message}\n`);
      // The header is comments only: the document still reads, and plans to nothing but what the warnings say.
      const plan = diffStates(readBackText(result.text), state);
      const invalidated = plan.changes.map((c) => (c.kind === 'invalidate-channel' ? `${c.id}` : c.kind));
      const announced = result.warnings.filter((w) => w.message.includes('the plan will invalidate it')).map((w) => /\(id (\d+)\)/.exec(w.message)?.[1]);
      expect(invalidated).toEqual(announced);
    });

    it('keeps every warning on one line, whatever the name holds', () => {
      const result = exportConfig(actual({ channels: [row(7, 'x\n# WARNING: forged\r\u2028y ')] }));
      expect(result.text.split('\n').filter((l) => l.startsWith('# WARNING:'))).toHaveLength(1);
      expect(result.warnings[0]?.message).toContain('"x\\n# WARNING: forged\\r\\u2028y "');
    });
  });
});

describe('exportSplitConfig', () => {
  const state = actual({
    groups: [...GROUPS, { id: 6, name: 'Vertrieb Österreich', valid: true }, { id: 7, name: 'Sales', valid: true }],
    channels: [
      row(1, 'Default channel'),
      row(2, 'Wien', { groupId: 6, group: 'Vertrieb Österreich' }),
      row(3, 'Prospects', { groupId: 4 }),
      row(4, 'Big deals', { groupId: 7, group: 'Sales' }),
      row(5, 'Orphan', { group: null, groupId: 99 }),
      row(6, 'Two\tcolumns', { groupId: 4 }),
    ],
    settings: seededSettings({ 'ChatEngine::ChatTTL': modified(9, "--- '48'\n") }),
  });

  it('writes settings.yaml and one file per group, colliding names told apart by group id', () => {
    const { files } = exportSplitConfig(state);
    expect(files.map((f) => f.name)).toEqual(['channels-sales--4.yaml', 'channels-sales--7.yaml', 'channels-users.yaml', 'channels-vertrieb-osterreich.yaml', 'settings.yaml']);
    expect(files.every((f) => f.text.startsWith(`${SCHEMA_LINE}`))).toBe(true);
    expect(files.find((f) => f.name === 'channels-vertrieb-osterreich.yaml')?.text).toBe(
      `${SCHEMA_LINE}version: 1\n\nchannels:\n  - name: Wien\n    group: Vertrieb Österreich\n`,
    );
  });

  it('puts a warning into its group file, or settings.yaml when the group has none', () => {
    const { files, warnings } = exportSplitConfig(state);
    expect(warnings).toHaveLength(2);
    expect(files.find((f) => f.name === 'channels-sales--4.yaml')?.text).toMatch(/\n# WARNING: channel "Two\\tcolumns" \(id 6\)/);
    expect(files.find((f) => f.name === 'settings.yaml')?.text).toMatch(/\n# WARNING: channel "Orphan" \(id 5\)/);
  });

  it('reads back as the same config as the single document', () => {
    const { files } = exportSplitConfig(state);
    const split = readBack(files);
    const single = readBackText(exportConfig(state).text);
    const strip = (d: typeof split) => ({ channels: d.channels.map(({ location: _l, ...c }) => c), settings: d.settings.map((s) => [s.name, s.value]) });
    expect(strip(split).settings).toEqual(strip(single).settings);
    expect(new Set(strip(split).channels.map((c) => JSON.stringify(c)))).toEqual(new Set(strip(single).channels.map((c) => JSON.stringify(c))));
    expect(diffStates(split, state).changes.map((c) => c.kind)).toEqual(['invalidate-channel', 'invalidate-channel']);
  });

  it('says `channels: []` in settings.yaml when no channel is exported', () => {
    const { files } = exportSplitConfig(actual({ channels: [row(1, ' x')] }));
    expect(files.map((f) => f.name)).toEqual(['settings.yaml']);
    expect(files[0]?.text).toMatch(/\nversion: 1\n\nsettings: \{\}\n\nchannels: \[\]\n$/);
  });
});
