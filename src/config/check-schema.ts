import type { ErrorObject } from 'ajv/dist/2020.js';
import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import type { Problem } from '../errors.js';
import { validate } from './compiled-schema.js';
import { schemaErrorToProblem, type ErrorPlace } from './schema-problem.js';
import { locate, pointerSegments, type MapNode } from './source-node.js';
import type { PlainValue } from './to-plain.js';

/** The schema file, exactly as shipped: validation and editors read the same document. */
export const CONFIG_SCHEMA = schema;

/**
 * Validates one file's plain value against the schema and returns its errors as problems at
 * their places in the file. Ajv reports some failures several ways; only the clearest one per
 * value is kept: a wrong type hides the other complaints about the same value.
 */
export function checkSchema(value: PlainValue, root: MapNode): Problem[] {
  // Compiled from the schema file at build time (scripts/compile-schema.js): strict, all errors, verbose.
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const kept = errors.filter((e) => e.keyword === 'type' || !wrongType.has(e.instancePath));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of kept) {
    const place = locateError(error, root);
    // What the loader refused (a tag, `.inf`, a tagged key) is reported once, by the loader.
    if (place.node.kind === 'scalar' && place.node.unreadable) continue;
    if (error.keyword === 'required' && place.node.kind === 'map' && place.node.incomplete) continue;
    const problem = schemaErrorToProblem(error, place);
    const key = `${problem.location?.line}:${problem.location?.column}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** Where an error points, in the file: for an unknown key the key itself, else the value. */
function locateError(error: ErrorObject, root: MapNode): ErrorPlace {
  const segments = pointerSegments(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    const container = locate(root, segments).node;
    const entry = container.kind === 'map' ? container.entries.find((e) => e.key === key) : undefined;
    return { segments, node: container, keyLocation: entry?.keyLocation };
  }
  if (error.keyword === 'uniqueItems') {
    const { i, j } = error.params as { i: number; j: number };
    segments.push(String(Math.max(i, j)));
  }
  const { node, entry } = locate(root, segments);
  return { segments, node, keyLocation: entry?.keyLocation };
}
