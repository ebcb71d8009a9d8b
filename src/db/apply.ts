import { isDeepStrictEqual } from 'node:util';
import { DatabaseError, ExitError, RefusedError } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import { diffStates, type DiffOptions } from '../plan/diff.js';
import type { Plan } from '../plan/plan.js';
import type { Db } from './connect.js';
import { writeDialectFor } from './dialects/index.js';
import { findUser, introspect } from './introspect.js';
import type { Statement } from './statement.js';
import { batchChanges } from './write-batches.js';

export interface ApplyOptions {
  /** The OTRS agent recorded in `create_by` / `change_by`. @default 'root@localhost' */
  readonly as: string;
  /** How long to wait for a concurrent apply. @default 30000 */
  readonly lockTimeoutMs: number;
  readonly allowMassInvalidation: boolean;
  readonly availabilityColumns?: readonly [string, string];
  readonly diff?: DiffOptions;
}

export interface ApplyResult {
  /** The plan that was executed: recomputed inside the transaction, equal to the confirmed one. */
  readonly plan: Plan;
  readonly settingsChanged: number;
  /** Statements the apply sent (tests pin that it does not grow with the channel count). */
  readonly statements: number;
}

/** The plan changed between confirmation and apply: nothing was written. */
export class PlanChangedError extends RefusedError {
  constructor(readonly current: Plan) {
    super('plan-changed', 'the database changed since the plan was shown; nothing was applied. Review the new plan and apply again.');
  }
}

/**
 * The one interpreter of a plan. In a single transaction, under the apply lock:
 * 1. take the lock (a concurrent apply waits up to lockTimeoutMs);
 * 2. read the state again and recompute the plan; refuse if it differs from the confirmed one;
 * 3. enforce the mass-invalidation guard and resolve the acting agent;
 * 4. write the changes in a handful of batched statements.
 * Any error rolls everything back.
 */
export async function applyPlan(db: Db, desired: DesiredState, confirmed: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const before = db.statementCount;
  const writes = writeDialectFor(db.dialect);
  const plan = await db.transaction(async (tx) => {
    await step('taking the apply lock', () => writes.acquireApplyLock(tx, options.lockTimeoutMs));
    const actual = await step('reading the database', () =>
      introspect(tx, options.availabilityColumns ? { availabilityColumns: options.availabilityColumns } : {}),
    );
    const current = diffStates(desired, actual, options.diff);
    if (!sameChanges(current, confirmed)) throw new PlanChangedError(current);
    if (current.guard.exceeded && !options.allowMassInvalidation) throw massInvalidationRefusal(current);
    if (current.changes.length === 0) return current;

    const user = await findUser(tx, options.as);
    if (!user) throw new RefusedError('unknown-user', `no OTRS agent with login "${options.as}" (--as); give the login of an existing agent`);
    if (!user.valid) throw new RefusedError('invalid-user', `the OTRS agent "${options.as}" (--as) is not valid; give the login of a valid agent`);

    const batches = batchChanges(current.changes);
    const caps = actual.capabilities;
    // Renames and invalidations first, so a create never meets a name that is being given up.
    const steps: [string, readonly Statement[]][] = [
      ['updating channels', batches.channelUpdates.length ? writes.updateChannels(batches.channelUpdates, user.id, caps) : []],
      ['creating channels', batches.channelInserts.length ? writes.insertChannels(batches.channelInserts, user.id, caps) : []],
      ['updating settings', batches.settingUpdates.length ? writes.updateSettingRows(batches.settingUpdates, user.id) : []],
      ['inserting settings', batches.settingInserts.length ? writes.insertSettingRows(batches.settingInserts, user.id) : []],
    ];
    for (const [name, statements] of steps) {
      for (const statement of statements) await step(name, () => tx.query(statement.sql, statement.params));
    }
    return current;
  }).finally(() => writes.releaseApplyLock(db));
  return {
    plan,
    settingsChanged: plan.changes.filter((c) => c.kind === 'update-setting').length,
    statements: db.statementCount - before,
  };
}

/** Runs one step, turning a driver error into a DatabaseError that names the step. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExitError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new DatabaseError(name, `${name} failed: ${detail}. The transaction was rolled back; nothing was changed.`);
  }
}

/**
 * Compares values, not their JSON text: a plan read back from `plan --out` lists an optional
 * key (`oldUnreadable`, `renamedFrom`) in another place than the planner, and key order must
 * not make an unchanged database look changed.
 */
function sameChanges(a: Plan, b: Plan): boolean {
  return isDeepStrictEqual(a.changes, b.changes);
}

export function massInvalidationRefusal(plan: Plan): RefusedError {
  const g = plan.guard;
  return new RefusedError(
    'mass-invalidation',
    `refusing to invalidate ${g.invalidating} of ${g.validNow} valid channels (more than ${g.maxPercent}%). ` +
      `If this is intended, pass --allow-mass-invalidation, or raise the threshold with --max-invalidate-percent ` +
      `or reconcile.maxInvalidatePercent in the config. A truncated or missing config file is the usual cause.`,
  );
}
