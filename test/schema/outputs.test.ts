import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.js';
import { ALL_PLANS } from '../render/plans.js';
import { savedPlan } from '../render/saved.js';
import { OUTPUT_SCHEMAS, outputValidator, expectValidOutput } from './output-schemas.js';

/** The published schemas of the JSON outputs hold together and describe what the renderers write. */
describe('the JSON output schemas', () => {
  it.each(OUTPUT_SCHEMAS)('%s compiles in strict mode, with a stable $id and a description on every property', (name) => {
    const schema = JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://otrs-chat-config.dev/schema/${name}`);
    expect(outputValidator(name)).toBeTypeOf('function');
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((n.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) {
        if (typeof child.description !== 'string' && typeof child.$ref !== 'string' && child.const === undefined) undocumented.push(`${path}/${key}`);
      }
      for (const value of Object.values(n)) walk(value, path);
    };
    walk(schema, name);
    expect(undocumented).toEqual([]);
  });

  it.each(Object.entries(ALL_PLANS))('every rendered plan validates against plan.schema.json: %s', (_name, plan) => {
    expectValidOutput('plan.schema.json', renderJson(savedPlan(plan)));
  });

  it('the committed plan golden file validates', () => {
    expectValidOutput('plan.schema.json', readFileSync(new URL('../fixtures/render/mixed.json', import.meta.url), 'utf8'));
  });

  it('refuses what the plan format refuses: a password in the target, a version-1 plan', () => {
    const doc = JSON.parse(renderJson(savedPlan(ALL_PLANS.MIXED!))) as Record<string, any>;
    const validate = outputValidator('plan.schema.json');
    expect(validate({ ...doc, target: { ...doc.target, password: 'x' } })).toBe(false);
    expect(validate({ ...doc, formatVersion: 1 })).toBe(false);
    expect(validate({ ...doc, changes: [{ kind: 'delete-channel', id: 1 }] })).toBe(false);
  });
});
