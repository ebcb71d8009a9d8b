import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

/** The published schemas of the JSON outputs (schema/*.json), as a reader of those outputs would load them. */
export const OUTPUT_SCHEMAS = ['plan.schema.json', 'error.schema.json', 'validate-output.schema.json', 'apply-output.schema.json'] as const;
export type OutputSchema = (typeof OUTPUT_SCHEMAS)[number];

const dir = new URL('../../schema/', import.meta.url);

function load(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'otrs-chat-config.schema.json')) {
    ajv.addSchema(JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as object);
  }
  return ajv;
}

const ajv = load();

export function outputValidator(name: OutputSchema): ValidateFunction {
  const validate = ajv.getSchema(`https://otrs-chat-config.dev/schema/${name}`);
  if (!validate) throw new Error(`schema/${name} is not published`);
  return validate;
}

/** Parses `text` as exactly one JSON document and checks it against the published schema. */
export function expectValidOutput(name: OutputSchema, text: string): Record<string, any> {
  const doc = JSON.parse(text) as Record<string, any>;
  const validate = outputValidator(name);
  expect(validate(doc), `${name}: ${JSON.stringify(validate.errors, null, 2)}`).toBe(true);
  return doc;
}
