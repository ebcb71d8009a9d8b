import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse-yaml.js';
import { formatProblem } from '../../src/errors.js';
import { messagesOf, stateOf } from './tmp-config.js';

/** Problems of one file's text, as printed. */
function messages(text: string): string[] {
  return parseConfigText(text, 'c.yaml').problems.map(formatProblem);
}

const BILLION_LAUGHS = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

describe('parseConfigText: YAML the config language refuses', () => {
  it('reports malformed YAML with its position', () => {
    expect(messages('version: 1\nchannels: [a, b\n')).toEqual([
      'c.yaml:3:1: YAML syntax error: flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(messages('version: 1\nname: a: b\n')[0]).toBe('c.yaml:2:7: YAML syntax error: nested mappings are not allowed in compact mappings');
  });

  it('reports a key written twice, naming both places', () => {
    expect(messages('version: 1\nsettings:\n  ChatEngine::Active: true\n  ChatEngine::Active: false\n')).toEqual([
      'c.yaml:4:3: key `ChatEngine::Active` appears twice in this mapping: here and at c.yaml:3:3 (remove one of them)',
    ]);
  });

  it('reports keys YAML reads as equal though written differently', () => {
    expect(messages('1: a\n01: b\n')).toEqual(['c.yaml:2:1: duplicate key: the same key appears earlier in this mapping (remove one of them)']);
  });

  it('refuses several documents in one file', () => {
    expect(messages('version: 1\n---\nversion: 1\n')).toEqual([
      'c.yaml:2:1: a config file holds one YAML document, but a second one starts here (remove the `---` line or split the file in two)',
    ]);
  });

  it('accepts a leading --- and a closing ...', () => {
    expect(messages('---\nversion: 1\n...\n')).toEqual([]);
  });

  it('wants a mapping at the top level', () => {
    expect(messages('- version: 1\n')[0]).toMatch(/^c\.yaml:1:1: expected a mapping at the top level, found a list/);
    expect(messages('hello\n')[0]).toMatch(/^c\.yaml:1:1: expected a mapping at the top level, found a single value/);
    expect(messages('~\n')[0]).toMatch(/found a single value/);
  });

  it('reports an empty file and a file of comments', () => {
    expect(messages('')).toEqual(['c.yaml:1:1: file is empty (start it with `version: 1`)']);
    expect(messages('\n  \n')).toEqual(['c.yaml:1:1: file is empty (start it with `version: 1`)']);
    expect(messages('# nothing yet\n')).toEqual(['c.yaml:1:1: file has no content, only comments (start it with `version: 1`)']);
  });

  // Expanded, the bomb would be 9^8 lists of nine strings. The problem counts the 72 aliases as
  // written: they were found, not followed. A hang would be caught by the test timeout.
  it('refuses a billion-laughs alias bomb without expanding it, with one clear problem', () => {
    const result = messages(BILLION_LAUGHS);
    expect(result).toEqual([
      'c.yaml:2:8: YAML aliases (*a) are not supported (nor are the other 71 aliases in this file) (write the value out in full, or use ${VAR} interpolation to share a value)',
    ]);
  });

  it('refuses an alias bomb through the whole pipeline too', async () => {
    const result = await messagesOf({ 'bomb.yaml': `version: 1\n${BILLION_LAUGHS}` });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatch(/^bomb\.yaml:3:8: YAML aliases \(\*a\) are not supported \(nor are the other 71 aliases in this file\)/);
  });

  it('refuses a single alias, and an alias used as a key', () => {
    expect(messages('version: 1\nsettings:\n  ChatEngine::DefaultAgentName: &n Bob\n  ChatEngine::DefaultChatChannel: *n\n')).toEqual([
      'c.yaml:4:35: YAML aliases (*n) are not supported (write the value out in full, or use ${VAR} interpolation to share a value)',
    ]);
    expect(messages('a: &k version\n*k : 1\n')[0]).toMatch(/^c\.yaml:2:1: YAML aliases \(\*k\) are not supported/);
  });

  it('refuses custom and language-specific tags instead of reading them as text', () => {
    expect(messages('version: 1\na: !!js/function "function () {}"\nb: !foo bar\nc: !!binary aGk=\nd: !!set {x}\n')).toEqual([
      'c.yaml:2:4: YAML tag !!js/function is not supported (remove the tag: values are plain text, numbers, booleans, lists and mappings)',
      'c.yaml:3:4: YAML tag !foo is not supported (remove the tag: values are plain text, numbers, booleans, lists and mappings)',
      'c.yaml:4:4: YAML tag !!binary is not supported (remove the tag: values are plain text, numbers, booleans, lists and mappings)',
      'c.yaml:5:4: YAML tag !!set is not supported (remove the tag: values are plain text, numbers, booleans, lists and mappings)',
    ]);
    expect(messages('!foo version: 1\n')[0]).toMatch(/YAML tag !foo is not supported/);
  });

  it('accepts the standard tags that only restate a type', async () => {
    const state = await stateOf({ 'a.yaml': 'version: !!int 1\nchannels:\n  - name: !!str 2024\n    group: users\n' });
    expect(state.channels[0]?.name).toBe('2024');
  });

  it('refuses keys that are lists or mappings', () => {
    expect(messages('? [a, b]\n: 1\n')).toEqual(['c.yaml:1:3: only plain text keys are allowed']);
  });

  it('refuses nesting far deeper than any config needs, without overflowing the stack', () => {
    const deep = `version: 1\nchannels: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const result = parseConfigText(deep, 'c.yaml').problems;
    expect(result.length).toBeGreaterThan(0);
    expect(result.every((p) => p.location?.file === 'c.yaml')).toBe(true);
    expect(messages(`version: 1\nchannels: ${'['.repeat(40)}${']'.repeat(40)}\n`)[0]).toMatch(/nested more than 32 levels deep/);
  });

  it('reads YAML 1.2 whatever the %YAML directive says: yes is text, << is a plain key', () => {
    const { root } = parseConfigText('%YAML 1.1\n---\na: yes\n<<: {b: 1}\n', 'c.yaml');
    expect(root?.entries.map((e) => [e.key, e.value.kind === 'scalar' ? e.value.value : e.value.kind])).toEqual([
      ['a', 'yes'],
      ['<<', 'map'],
    ]);
  });

  it('keeps the text of non-string keys and places an empty value at its key', () => {
    const { root } = parseConfigText('1: a\n~: b\nname:\n', 'c.yaml');
    expect(root?.entries.map((e) => e.key)).toEqual(['1', '~', 'name']);
    expect(root?.entries[2]?.value).toEqual({ kind: 'scalar', value: null, location: { file: 'c.yaml', line: 3, column: 1 } });
  });

  it('reads Windows line endings with the same positions and no stray carriage returns', async () => {
    const state = await stateOf({ 'a.yaml': 'version: 1\r\nchannels:\r\n  - name: Sales\r\n    group: users\r\n' });
    expect(state.channels[0]).toMatchObject({ name: 'Sales', group: 'users', location: { file: 'a.yaml', line: 3, column: 5 } });
    expect(await messagesOf({ 'a.yaml': 'version: 1\r\nchannels:\r\n  - name: Sales\r\n    grop: users\r\n' })).toEqual([
      'a.yaml:3:5: channel "Sales" has no `group` (add `group: ...` to it)',
      'a.yaml:4:5: unknown key `grop` in channel (did you mean `group`?)',
    ]);
  });

  it('reports .inf and .nan as unsupported values rather than passing them on', () => {
    expect(messages('version: 1\nreconcile:\n  maxInvalidatePercent: .nan\n')).toEqual([
      'c.yaml:3:25: unsupported value .nan (quote it to make it text)',
    ]);
  });
});
