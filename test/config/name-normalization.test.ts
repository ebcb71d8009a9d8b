import { describe, expect, it } from 'vitest';
import { messagesOf, problemsOf, stateOf } from './tmp-config.js';

/**
 * Issue 10, item 2: names the reader cannot tell apart are refused offline. Two spellings of one
 * text (NFC and NFD) are one name; characters nobody sees may not be part of a channel's name,
 * but may be part of a previous name, so that a stored channel with one can be renamed.
 */

/** A channel; `name` is YAML text (quoted with escapes where needed), `extra` adds lines under it. */
const channel = (name: string, extra = ''): string => `  - name: ${name}\n    group: users\n${extra}`;
const file = (...channels: string[]): string => `version: 1\nchannels:\n${channels.join('')}`;

// `Café Support` with a composed é (U+00E9) and with e + U+0301, as YAML escapes.
const NFC = '"Caf\\u00E9 Support"';
const NFD = '"Cafe\\u0301 Support"';
const NFD_TEXT = 'Cafe\u0301 Support';

describe('NFC: one text, two spellings', () => {
  it('refuses an NFC and an NFD spelling of one name as two channels, naming both places', async () => {
    expect(await messagesOf({ 'a.yaml': file(channel(NFC)), 'b.yaml': file(channel(NFD)) })).toEqual([
      `b.yaml:3:5: channel "${NFD_TEXT}" is defined twice: here and at a.yaml:3:5 (spelled differently, but the same name once Unicode-normalised: NFC) (keep one definition)`,
    ]);
  });

  it('refuses an NFD previous name that is the channel’s own NFC name, or is listed twice', async () => {
    const problems = await problemsOf({ 'a.yaml': file(channel(NFC, `    previousNames: [${NFD}]\n`)) });
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['previous-name', `previous name "${NFD_TEXT}" is the channel's own name (spelled differently, but the same name once Unicode-normalised: NFC)`],
    ]);
    const twice = await problemsOf({ 'a.yaml': file(channel('Help', `    previousNames: [${NFC}, ${NFD}]\n`)) });
    expect(twice.map((p) => p.message)).toEqual([`previousNames lists "${NFD_TEXT}" twice (after trimming) (spelled differently, but the same name once Unicode-normalised: NFC)`]);
  });

  it('refuses a previous name that is another channel’s name in the other spelling', async () => {
    const problems = await problemsOf({ 'a.yaml': file(channel('Help', `    previousNames: [${NFD}]\n`), channel(NFC)) });
    expect(problems.map((p) => [p.code, p.location?.line, p.message])).toEqual([
      ['previous-name-clash', 5, `previous name "${NFD_TEXT}" is the name of another channel, defined at a.yaml:6:5 (spelled differently, but the same name once Unicode-normalised: NFC)`],
    ]);
  });

  it('refuses one previous name claimed by two channels in two spellings', async () => {
    const problems = await problemsOf({ 'a.yaml': file(channel('Help', `    previousNames: [${NFC}]\n`), channel('Desk', `    previousNames: [${NFD}]\n`)) });
    expect(problems.map((p) => p.message)).toEqual([
      `previous name "${NFD_TEXT}" is also a previous name of channel "Help" at a.yaml:5:21 (spelled differently, but the same name once Unicode-normalised: NFC)`,
    ]);
  });

  it('keeps a name as written: case still tells names apart, and a lone NFD name is fine', async () => {
    const state = await stateOf({ 'a.yaml': file(channel(NFD), channel('Sales'), channel('sales')) });
    expect(state.channels.map((c) => c.name)).toEqual(['Cafe\u0301 Support', 'Sales', 'sales']);
  });
});

describe('invisible characters', () => {
  const INVISIBLE: readonly [string, string][] = [
    ['\\u200B', 'U+200B (zero-width space)'],
    ['\\u2060', 'U+2060 (word joiner)'],
    ['\\uFEFF', 'U+FEFF (zero-width no-break space, the byte-order mark)'],
    ['\\u061C', 'U+061C (a bidirectional control)'],
    ['\\u200E', 'U+200E (a bidirectional control)'],
    ['\\u200F', 'U+200F (a bidirectional control)'],
    ['\\u202A', 'U+202A (a bidirectional control)'],
    ['\\u202E', 'U+202E (a bidirectional control)'],
    ['\\u2066', 'U+2066 (a bidirectional control)'],
    ['\\u2069', 'U+2069 (a bidirectional control)'],
  ];

  it.each(INVISIBLE)('refuses %s in a channel name, with a hint', async (escape, described) => {
    expect(await messagesOf({ 'a.yaml': file(channel(`"Sa${escape}les"`)) })).toEqual([
      `a.yaml:3:11: channel name contains the invisible character ${described} ` +
        '(remove it: a reader cannot see it, so the name would look like another one. To rename a stored channel whose name has it, put that name in previousNames)',
    ]);
  });

  it('refuses it in ChatEngine::DefaultChatChannel, which names a channel', async () => {
    const problems = await problemsOf({ 'a.yaml': 'version: 1\nsettings:\n  ChatEngine::DefaultChatChannel: "Lobby\\u200B"\n' });
    expect(problems.map((p) => [p.code, p.message])).toEqual([['default-channel-name', 'setting `ChatEngine::DefaultChatChannel` contains the invisible character U+200B (zero-width space)']]);
  });

  it('allows it in previousNames, so a stored channel whose name has one can be renamed', async () => {
    const state = await stateOf({ 'a.yaml': file(channel('Sales', '    previousNames: ["Sales\\u200B", "\\u202ESales"]\n')) });
    expect(state.channels[0]?.previousNames).toEqual(['Sales\u200B', '\u202ESales']);
  });

  it('lets visible look-alikes pass: they are told apart by the database or by eye', async () => {
    const state = await stateOf({ 'a.yaml': file(channel('"Sales\\u00A0Team"'), channel('"Ｓａｌｅｓ"'), channel('"Chat 👍🏽"')) });
    expect(state.channels).toHaveLength(3);
  });
});
