import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { parseConfigText } from '../../src/config/parse-yaml.js';
import { validateConfig } from '../../src/config/validate.js';
import { ConfigError } from '../../src/errors.js';
import type { DesiredState } from '../../src/model/desired-state.js';
import { tmpConfig } from './tmp-config.js';

const VALID = `version: 1
settings:
  ChatEngine::Active: true
  ChatEngine::ChatTTL: 720
  ChatEngine::DefaultAgentName: "\${AGENT:-Support} agent"
channels:
  - name: Sales
    group: sales
    availableToCustomerUsers: true
    comment: |
      Questions from prospects.
  - {name: Support, group: users, valid: invalid, previousNames: [Help, "Old help"]}
reconcile:
  removedChannels: keep
  maxInvalidatePercent: 30
`;

/** Characters that change YAML's meaning most, plus a few that make text binary or odd. */
const YAML_CHARS = [...':-{}[],#&*!|>\'"%@` \n\t$\\?~', '\u0000', '\uFEFF', '\u0085', 'é', '😀'];

type Mutation = { at: number; remove: number; insert: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 8 }),
  insert: fc.array(fc.constantFrom(...YAML_CHARS), { maxLength: 4 }).map((cs) => cs.join('')),
});

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    out = out.slice(0, at) + m.insert + out.slice(at + m.remove);
  }
  return out;
}

/** Parses and validates one file's text: a desired state or a config error, nothing else. */
function outcome(text: string): DesiredState | ConfigError {
  const parsed = parseConfigText(text, 'fuzz.yaml');
  try {
    return validateConfig({ files: parsed.root ? [{ path: 'fuzz.yaml', root: parsed.root }] : [], sources: ['fuzz.yaml'], problems: parsed.problems }, { AGENT: 'x' });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

function expectWellFormed(result: DesiredState | ConfigError): void {
  if (!(result instanceof ConfigError)) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(p.message.length).toBeGreaterThan(0);
    if (p.location) expect(p.location.line >= 1 && p.location.column >= 1).toBe(true);
  }
}

describe('hostile text never escapes as anything but ConfigError', () => {
  it('survives arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => expectWellFormed(outcome(text))), { numRuns: 500 });
  });

  it('survives arbitrary strings of YAML punctuation', () => {
    const yamlish = fc.array(fc.constantFrom(...YAML_CHARS, 'version', '1', 'channels', 'name', 'a'), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(fc.property(yamlish, (text) => expectWellFormed(outcome(text))), { numRuns: 500 });
  });

  it('survives a valid file mutated by random inserts and deletes', () => {
    expect(outcome(VALID)).not.toBeInstanceOf(ConfigError);
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => expectWellFormed(outcome(mutate(VALID, mutations)))), { numRuns: 1000 });
  });

  it('survives arbitrary bytes read from files', async () => {
    const tmp = tmpConfig();
    try {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(mutation, { maxLength: 3 }), async (bytes, mutations) => {
          writeFileSync(join(tmp.dir, 'a.yaml'), bytes);
          writeFileSync(join(tmp.dir, 'b.yaml'), mutate(VALID, mutations));
          const loaded = await loadConfig([], { cwd: tmp.dir });
          try {
            expectWellFormed(validateConfig(loaded, {}));
          } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            expectWellFormed(error);
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      tmp.cleanup();
    }
  });
});
