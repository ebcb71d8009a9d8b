import { isDeepStrictEqual } from 'node:util';
import { DatabaseError, ExitError, RefusedError } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import { diffStates, type DiffOptions } from '../plan/diff.js';
import { fingerprintState } from '../plan/fingerprint.js';
import { describeGuardRefusal } from '../plan/guard.js';
import type { Plan, SavedPlan } from '../plan/plan.js';
import { describeStateChanges, stateChanges, type StateChange } from '../plan/state-changes.js';
import type { ActualState, DatabaseCapabilities } from '../model/actual-state.js';
import type { Db } from './connect.js';
import { writeDialectFor, type WriteDialect } from './dialects/index.js';
import { findUser, introspect, readNameKeys, readStateCheck, type AgentRef, type ConfirmableState } from './introspect.js';
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
  /**
   * The state the confirmed plan was made from, read with its state digest
   * (`readConfirmableState`). Under the lock the apply then asks for the digest only (one
   * statement), and executes the confirmed plan when nothing changed; without it, or when
   * something changed, it reads every row again and re-plans.
   */
  readonly confirmedState?: ConfirmableState;
}

export interface ApplyResult {
  /** The plan that was executed: the confirmed one (recomputed inside the transaction and found equal) or the saved one. */
  readonly plan: Plan;
  readonly settingsChanged: number;
  /** Statements the apply sent (tests pin that it does not grow with the channel count). */
  readonly statements: number;
  /**
   * How the apply knew the database still fits the plan: `digest` (the state digest matched
   * the confirmed state's) or `reread` (every row read again and re-planned).
   */
  readonly checkedBy: 'digest' | 'reread';
}

/** The plan changed between confirmation and apply: nothing was written. */
export class PlanChangedError extends RefusedError {
  constructor(readonly current: Plan) {
    super('plan-changed', 'the database changed since the plan was shown; nothing was applied. Review the new plan and apply again.');
  }
}

/** Options of `applySavedPlan`: everything but the plan comes from the command line, never from the file. */
export interface SavedApplyOptions {
  readonly as: string;
  readonly lockTimeoutMs: number;
  readonly allowMassInvalidation: boolean;
  readonly availabilityColumns?: readonly [string, string];
}

/** A saved plan whose database moved on: nothing was written; `changes` says what moved. */
export class StalePlanError extends RefusedError {
  constructor(readonly changes: readonly StateChange[]) {
    const listed = changes.length > 0 ? describeStateChanges(changes).map((l) => `\n  ${l}`).join('') : '\n  (the rows differ in a way this version does not list)';
    super('stale-plan', `the database changed since the plan was made; nothing was applied. What changed:${listed}\nRun plan again and review the new plan.`);
  }

  override jsonDetails(): Record<string, unknown> {
    return { differences: this.changes };
  }
}

/**
 * Applies a config: in one transaction under the apply lock, checks that the plan still fits and
 * executes it. With `confirmedState`, the server's state digest equal to its own is proof
 * enough (one statement); otherwise (or when they differ) the state is read again and the plan
 * recomputed, and a plan that differs from the confirmed one is refused.
 */
export async function applyConfig(db: Db, desired: DesiredState, confirmed: Plan, options: ApplyOptions): Promise<ApplyResult> {
  // The re-read needs no stamps: only a stale saved plan shows who changed what.
  const introspectOptions = { ...(options.availabilityColumns ? { availabilityColumns: options.availabilityColumns } : {}), stamps: false };
  return locked(db, options, async (tx) => {
    const confirmedState = options.confirmedState;
    if (confirmedState) {
      // The agent rides in the same statement: one round trip fewer under the lock.
      const check = await step('checking the database', () => readStateCheck(tx, confirmedState, { agent: options.as }));
      if (check.digest === confirmedState.digest) return { plan: confirmed, actual: confirmedState.actual, checkedBy: 'digest', agent: check.agent };
    }
    const actual = await step('reading the database', () => introspect(tx, introspectOptions));
    // The keys too are read again, in the transaction: the names' comparison is part of the state.
    const current = diffStates(desired, actual, { ...options.diff, nameKeys: await readNameKeys(tx, actual, desired) });
    if (!sameChanges(current, confirmed)) throw new PlanChangedError(current);
    return { plan: current, actual, checkedBy: 'reread' };
  });
}

/**
 * Applies a saved plan exactly (`apply --plan`): in one transaction under the apply lock, reads
 * the state again and recomputes its fingerprint; a plan made from other rows is stale and
 * refused, naming what changed. The changes executed are the file's, not a new plan's.
 */
export async function applySavedPlan(db: Db, saved: SavedPlan, options: SavedApplyOptions): Promise<ApplyResult> {
  return locked(db, options, async (tx) => {
    const actual = await step('reading the database', () =>
      introspect(tx, options.availabilityColumns ? { availabilityColumns: options.availabilityColumns } : {}),
    );
    if (fingerprintState(actual) !== saved.plan.fingerprint) throw new StalePlanError(stateChanges(saved.origin.state, actual));
    return { plan: saved.plan, actual, checkedBy: 'reread' };
  });
}

/** What `locked`'s `decide` settled on: the plan to execute, the state it fits, and how that was known. */
interface Decision {
  readonly plan: Plan;
  readonly actual: ActualState;
  readonly checkedBy: ApplyResult['checkedBy'];
  /** The `--as` agent as read under the lock with the check (`null`: no such agent); absent: `executePlan` looks it up. */
  readonly agent?: AgentRef | null;
}

/**
 * The frame of every apply. In a single transaction, under the apply lock:
 * 1. take the lock (a concurrent apply waits up to lockTimeoutMs);
 * 2. let `decide` read what it needs, check it and choose the plan (it throws to refuse);
 * 3. enforce the mass-invalidation guard;
 * 4. `executePlan`. Any error rolls everything back.
 */
async function locked(
  db: Db,
  options: Pick<ApplyOptions, 'as' | 'lockTimeoutMs' | 'allowMassInvalidation'>,
  decide: (tx: Db) => Promise<Decision>,
): Promise<ApplyResult> {
  const before = db.statementCount;
  const writes = writeDialectFor(db.dialect);
  const decision = await db.transaction(async (tx) => {
    await step('taking the apply lock', () => writes.acquireApplyLock(tx, options.lockTimeoutMs));
    const decided = await decide(tx);
    const { plan } = decided;
    if (plan.guard.exceeded && !options.allowMassInvalidation) throw massInvalidationRefusal(plan);
    await executePlan(tx, plan, decided.actual.capabilities, options.as, writes, decided.agent);
    return decided;
  }, writes.applyTransaction).finally(() => writes.releaseApplyLock(db));
  return {
    plan: decision.plan,
    settingsChanged: decision.plan.changes.filter((c) => c.kind === 'update-setting').length,
    statements: db.statementCount - before,
    checkedBy: decision.checkedBy,
  };
}

/**
 * The one interpreter of a plan, and the only path from a plan to SQL: resolves the acting
 * agent, then writes the changes in a handful of batched statements. Runs inside the caller's
 * transaction, after the caller checked that `plan` fits the database as it is now.
 */
export async function executePlan(
  tx: Db,
  plan: Plan,
  capabilities: DatabaseCapabilities,
  as: string,
  /** The write dialect that took the apply lock: on MySQL it read the server's packet limit with it. */
  writes: WriteDialect = writeDialectFor(tx.dialect),
  /** `as` looked up already in this transaction (`readStateCheck`; `null`: no such agent); absent: looked up here. */
  agent?: AgentRef | null,
): Promise<void> {
  if (plan.changes.length === 0) return;
  const user = agent === undefined ? await requireAgent(tx, as) : usableAgent(agent, as);

  const batches = batchChanges(plan.changes);
  // Renames and invalidations first, so a create never meets a name that is being given up.
  const steps: [string, readonly Statement[]][] = [
    ['updating channels', batches.channelUpdates.length ? writes.updateChannels(batches.channelUpdates, user.id, capabilities) : []],
    ['creating channels', batches.channelInserts.length ? writes.insertChannels(batches.channelInserts, user.id, capabilities) : []],
    ['updating settings', batches.settingUpdates.length ? writes.updateSettingRows(batches.settingUpdates, user.id) : []],
    ['inserting settings', batches.settingInserts.length ? writes.insertSettingRows(batches.settingInserts, user.id) : []],
  ];
  for (const [name, statements] of steps) {
    for (const statement of statements) await step(name, () => tx.query(statement.sql, statement.params));
  }
}

/**
 * The agent `--as` names, which must exist and be valid. The CLI asks before it shows a plan, and
 * `executePlan` asks again inside the transaction, where the answer counts.
 */
export async function requireAgent(db: Db, as: string): Promise<AgentRef> {
  return usableAgent(await findUser(db, as), as);
}

/** The agent found for `--as`, refused when there is none or it is not valid. */
function usableAgent(user: AgentRef | null, as: string): AgentRef {
  if (!user) throw new RefusedError('unknown-user', `no OTRS agent with login "${as}" (--as); give the login of an existing agent`);
  if (!user.valid) throw new RefusedError('invalid-user', `the OTRS agent "${as}" (--as) is not valid; give the login of a valid agent`);
  return user;
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
  // Both rules of docs/design.md §6: the share of valid channels, and all but the default channel.
  return new RefusedError('mass-invalidation', describeGuardRefusal(plan.guard));
}
