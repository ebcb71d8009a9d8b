import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Compares output with `test/fixtures/render/<name>` exactly. `UPDATE_GOLDEN=1` rewrites the
 * file instead; the committed files are the truth, so review the diff before committing.
 */
export function expectGolden(name: string, actual: string): void {
  const file = fileURLToPath(new URL(`../fixtures/render/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
