import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/parse-yaml.js';
import { parseSimpleYaml } from '../../src/config/simple-yaml.js';

/**
 * The fast path must never disagree with the YAML parser: whatever text it accepts, the tree is
 * the one parseConfigText builds (values, number sources, every place) and the parser finds no
 * problem. What it declines, the parser reads; only speed depends on how much it accepts.
 */
function expectSameAsParser(text: string): boolean {
  const fast = parseSimpleYaml(text, 'c.yaml');
  if (fast === undefined) return false;
  expect(parseConfigText(text, 'c.yaml')).toStrictEqual({ root: fast, problems: [] });
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const TYPICAL = `# yaml-language-server: $schema=../schema/otrs-chat-config.schema.json
version: 1

settings:
  ChatEngine::Active: true   # switched on
  ChatEngine::ChatTTL: 720
  ChatEngine::DefaultAgentName: "\${AGENT:-Support} team"
  ChatEngine::PermissionGroup::ChatNotificationAgents: ''

channels:
  - name: Sales
    group: sales
    availableToCustomerUsers: true
    comment: Questions from prospects about pricing, C# and "quotes"
  # a comment between items
  - name:   'It''s support'
    group: users
    valid: invalid-temporarily
    previousNames: [Help, "Old help", 'Older']
  - name: 007
    group: x
    previousNames:
    - First
    - Second
reconcile:
    removedChannels: keep
    maxInvalidatePercent: 30
`;

describe('parseSimpleYaml: the fast path of the config reader', () => {
  it('reads a typical config exactly as the YAML parser does', () => {
    expect(expectSameAsParser(TYPICAL)).toBe(true);
    expect(expectSameAsParser(TYPICAL.replaceAll('\n', '\r\n'))).toBe(true);
    expect(expectSameAsParser('version: 1\nchannels:\n- name: a\n  group: b\n-   name: c\n    group: d\nchannels2: []\n')).toBe(true);
  });

  it('reads the generated large configs of the benchmark shape', () => {
    const lines = ['version: 1', 'reconcile:', '  maxInvalidatePercent: 100', 'channels:'];
    for (let i = 0; i < 50; i++) lines.push(`  - name: Channel ${i}`, '    group: users', `    comment: Support channel number ${i}`);
    expect(expectSameAsParser(`${lines.join('\n')}\n`)).toBe(true);
  });

  it('agrees with the parser on every example and fixture, and reads the plain ones', () => {
    const files = [...yamlFiles('examples'), ...yamlFiles('test/fixtures')];
    const read = files.filter((f) => expectSameAsParser(readFileSync(f, 'utf8')));
    // Those it leaves to the parser use block scalars (`|-`), flow mappings or are not config files.
    expect(read).toEqual(expect.arrayContaining(['examples/small-shop/chat.yaml', 'examples/company/settings.yaml', 'examples/multi-env/chat.yaml']));
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain value', 'a: one\n  two\n'],
    ['an escape in double quotes', 'a: "x\\ty"\n'],
    ['a quoted key', '"a": 1\n'],
    ['a key written twice', 'a: 1\na: 2\n'],
    ['keys YAML reads as numbers', '1: a\n01: b\n'],
    ['an empty value', 'a:\nb: 1\n'],
    ['an empty list item', 'a:\n  -\n'],
    ['a tab', 'a:\t1\n'],
    ['a document marker', '---\na: 1\n'],
    ['a second document', 'a: 1\n---\nb: 1\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['a flow mapping', 'a: {b: 1}\n'],
    ['a trailing comma in a flow list', 'a: [x, y,]\n'],
    ['a float', 'a: 1.5\n'],
    ['a hexadecimal number', 'a: 0x1F\n'],
    ['a top level that is a list', '- a\n'],
    ['an indented top level', '  a: 1\n'],
    ['odd indentation', 'a:\n  b: 1\n   c: 2\n'],
    ['a byte-order mark', '\uFEFFa: 1\n'],
    ['a lone carriage return', 'a: 1\rb: 2\n'],
    ['no content', '# only a comment\n'],
  ])('leaves %s to the YAML parser', (_, text) => {
    expect(parseSimpleYaml(text, 'c.yaml')).toBeUndefined();
  });

  /** Scalars made of the characters that change YAML's meaning most. */
  const scalar = fc.string({ unit: fc.constantFrom(...'ab :#-?"\'\\[]{},&*!|>%@`~01.e+xotrunlTF', '\u00A0', 'é', '\u2028', '😀'), maxLength: 8 });
  const key = fc.oneof(fc.constantFrom('version', 'name', 'group', 'ChatEngine::Active', 'a b', '1', 'true', '<<'), scalar);

  type Tree = string | { map: [string, Tree][] } | { seq: Tree[] } | { flow: string[] };
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((t) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.record({ map: fc.array(fc.tuple(key, t('node')), { minLength: 1, maxLength: 4 }) }),
      fc.record({ seq: fc.array(t('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ flow: fc.array(scalar, { maxLength: 3 }) }),
    ),
  })).node;
  const style = fc.record({
    indent: fc.integer({ min: 1, max: 4 }),
    indentless: fc.boolean(),
    quote: fc.constantFrom('', '"', "'"),
    comment: fc.boolean(),
    crlf: fc.boolean(),
  });
  type Style = typeof style extends fc.Arbitrary<infer S> ? S : never;

  /** Renders a tree in block style, naively: the text may well not be YAML, or another tree. */
  function render(node: Tree, s: Style, col: number): string[] {
    const pad = ' '.repeat(col);
    const value = (v: string): string => `${s.quote}${v}${s.quote}${s.comment ? ' # c' : ''}`;
    if (typeof node === 'string') return [`${pad}${value(node)}`];
    if ('flow' in node) return [`${pad}[${node.flow.map((v) => `${s.quote}${v}${s.quote}`).join(', ')}]`];
    if ('map' in node) {
      return node.map.flatMap(([k, v]) => {
        if (typeof v === 'string') return [`${pad}${k}: ${value(v)}`];
        if ('flow' in v) return [`${pad}${k}: ${render(v, s, 0)[0] ?? ''}`];
        const nested = render(v, s, 'seq' in v && s.indentless ? col : col + s.indent);
        // Comments and blank lines between a key and its block, at either end of the line.
        const between = s.comment ? [`${col % 2 === 0 ? '' : pad}# about ${k}`, ''] : [];
        return [`${pad}${k}:${s.comment ? ' # c' : ''}`, ...between, ...nested];
      });
    }
    return node.seq.flatMap((item) => {
      const lines = render(item, s, col + 2);
      const [first = '', ...rest] = lines;
      return [`${pad}- ${first.slice(col + 2)}`, ...rest];
    });
  }

  function document(t: Tree, s: Style): string {
    const lines = render(typeof t === 'object' && 'map' in t ? t : { map: [['version', '1'], ['x', t]] }, s, 0);
    return `${lines.join(s.crlf ? '\r\n' : '\n')}\n`;
  }

  it('agrees with the parser on generated documents', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(tree, style, (t, s) => {
        runs++;
        if (expectSameAsParser(document(t, s))) read++;
      }),
      { numRuns: 3000 },
    );
    // Not a vacuous check: a good share of the documents is read by the fast path.
    expect(read / runs).toBeGreaterThan(0.2);
  });

  it('agrees with the parser on mutated configs', () => {
    const chars = [...':-{}[],#&*!|>\'"%@` \n\r\t$\\?~0.', '\u00A0', 'é', '\uFEFF'];
    let read = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 4 }), insert: fc.array(fc.constantFrom(...chars), { maxLength: 3 }) }), { minLength: 1, maxLength: 3 }), (edits) => {
        let text = TYPICAL;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert.join('') + text.slice(at + e.remove);
        }
        if (expectSameAsParser(text)) read++;
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(300);
  });
});
