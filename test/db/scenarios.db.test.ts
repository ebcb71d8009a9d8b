import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { readConfig } from '../../src/config/index.js';
import { RefusedError } from '../../src/errors.js';
import { renderText } from '../../src/render/text.js';
import { describeDatabases } from './harness.js';
import { reconciler } from './reconcile.js';
import type { SeedState } from './seed-state.js';

/**
 * Golden scenarios (docs/architecture.md): `test/fixtures/scenarios/<case>/` holds the prior database state
 * as data (`state.yaml`, a SeedState, written through the db layer so every database gets the
 * same rows), the config (`config.yaml`) and the plan a reviewer must see (`plan.txt`). Each
 * runs on every database: the plan must match, then apply must converge to `No changes.`.
 * `UPDATE_GOLDEN=1` rewrites plan.txt; review the diff before committing.
 */
const root = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));
const scenarios = readdirSync(root)
  .filter((name) => statSync(join(root, name)).isDirectory())
  .sort();

describeDatabases('golden scenarios', ({ fresh }) => {
  test('there are scenarios to run', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
  });

  test.for(scenarios)('%s', async (name) => {
    const dir = join(root, name);
    const t = await fresh();
    await t.seed((parse(readFileSync(join(dir, 'state.yaml'), 'utf8')) ?? {}) as SeedState);
    const r = reconciler(t);
    // Read from the scenario's folder, so locations in warnings print as `config.yaml:line:col`.
    const desired = await readConfig(['config.yaml'], { env: {}, cwd: dir });

    const plan = await r.plan(desired);
    const text = renderText(plan, { color: false });
    const golden = join(dir, 'plan.txt');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));

    if (plan.guard.exceeded) {
      const before = await r.channels();
      await expect(r.apply(desired, plan)).rejects.toBeInstanceOf(RefusedError);
      expect(await r.channels()).toEqual(before);
    }
    const result = await r.apply(desired, plan, { allowMassInvalidation: plan.guard.exceeded });
    expect(result.plan.changes).toEqual(plan.changes);
    expect(renderText(await r.plan(desired), { color: false })).toBe('No changes.\n');
  });
});
