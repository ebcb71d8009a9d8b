import type { Db } from '../db/db.js';
import { readAgentPermissions } from '../db/permissions.js';
import { PlanError, type Problem } from '../errors.js';
import type { ActualState, DesiredState, PermissionReading } from '../model/index.js';
import { chatAfterApply, groupIdsToRead } from '../plan/chat-after-apply.js';
import { checkPermissions, isPermissionWarning } from '../plan/permission-checks.js';
import type { Plan } from '../plan/plan.js';
import type { CliIo } from './io.js';

/** Where strictness came from, for the message that names it. */
export type StrictSource = '--strict' | 'reconcile.strict';

/**
 * The plan with the check of who can chat added (docs/design.md §3, "Who can chat"): on the plan's
 * own connection, reading only the groups the checks need, in the fixed number of statements
 * `readAgentPermissions` takes — none when there is nothing to check.
 */
export async function withPermissionWarnings(db: Db, desired: DesiredState, actual: ActualState, plan: Plan): Promise<Plan> {
  const after = chatAfterApply(desired, actual, plan);
  const ids = groupIdsToRead(after);
  const reading: PermissionReading = ids.length === 0 ? { kind: 'read', permissions: { readersByGroup: new Map() } } : await readAgentPermissions(db, actual, ids);
  return { ...plan, warnings: [...plan.warnings, ...checkPermissions(after, reading)] };
}

/** `--strict` / `--no-strict` win; else `reconcile.strict`; else not strict. */
export function strictness(flag: boolean | undefined, desired: DesiredState | undefined): StrictSource | undefined {
  if (flag !== undefined) return flag ? '--strict' : undefined;
  return desired?.reconcile.strict === true ? 'reconcile.strict' : undefined;
}

/** The permission warnings as errors: exit 1, each printed with the same text as in the plan. */
export class StrictPermissionError extends PlanError {
  constructor(problems: readonly Problem[], source: StrictSource) {
    super(problems);
    const n = problems.length;
    this.message = `${n} permission warning${n === 1 ? '' : 's'} (who can chat) ${n === 1 ? 'is an error' : 'are errors'} under ${source}`;
  }
}

/** Under strictness, refuses a plan with permission warnings — before anything is printed, saved or written. */
export function refuseUnlessStrictlyClean(plan: Plan, source: StrictSource | undefined): void {
  if (source === undefined) return;
  const errors = plan.warnings.filter(isPermissionWarning);
  if (errors.length > 0) throw new StrictPermissionError(errors, source);
}

/** One stderr line when the plan shown has permission warnings: they are easy to miss in a long plan or a JSON document. */
export function warnAboutPermissions(plan: Plan, io: CliIo): void {
  const n = plan.warnings.filter(isPermissionWarning).length;
  if (n === 0) return;
  io.stderr.write(`warning: ${n} permission warning${n === 1 ? '' : 's'} (who can chat) in the plan above; --strict or reconcile.strict make${n === 1 ? 's it an error' : 's them errors'}.\n`);
}
