import type { Problem } from '../errors.js';
import { interpolate, type Environment } from './interpolate.js';
import type { SourceNode } from './source-node.js';

/** A JSON-like value, as the schema validator reads it. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/**
 * Turns a file's tree into plain data for the schema validator, interpolating `${...}` in every
 * string value (never in keys). Problems with a reference are reported at the value's place.
 * Keys become own properties even when named `__proto__`, so a file cannot reach an object's
 * prototype and the schema reports such a key as unknown.
 */
export function toPlain(node: SourceNode, env: Environment, problems: Problem[]): PlainValue {
  switch (node.kind) {
    case 'scalar': {
      if (typeof node.value !== 'string') return node.value;
      const { value, issues } = interpolate(node.value, env);
      for (const issue of issues) {
        problems.push({ code: 'interpolation', message: issue.message, location: node.location, ...(issue.hint ? { hint: issue.hint } : {}) });
      }
      return value;
    }
    case 'seq':
      return node.items.map((item) => toPlain(item, env, problems));
    case 'map': {
      const out: { [key: string]: PlainValue } = {};
      for (const entry of node.entries) {
        const value = toPlain(entry.value, env, problems);
        // Assignment would call the prototype's `__proto__` setter; every other key is an own property either way.
        if (entry.key === '__proto__') Object.defineProperty(out, entry.key, { value, enumerable: true, writable: true, configurable: true });
        else out[entry.key] = value;
      }
      return out;
    }
  }
}
