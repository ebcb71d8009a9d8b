import { relative, sep } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { readConfig } from '../config/index.js';
import { openDatabase, resolveDatabaseTarget, type Db } from '../db/connect.js';
import { planTargetOf } from '../db/connection/plan-target.js';
import { introspect, readConfirmableState, readNameKeys, type ConfirmableState } from '../db/introspect.js';
import { ExitError } from '../errors.js';
import type { ActualState, DesiredState } from '../model/index.js';
import { diffStates, type DiffOptions } from '../plan/diff.js';
import { configDigest } from '../plan/fingerprint.js';
import type { Plan, PlanOrigin, PlanTarget, SavedPlan } from '../plan/plan.js';
import type { CliIo } from './io.js';
import { refuseUnlessStrictlyClean, strictness, withPermissionWarnings } from './who-can-chat.js';
import { writeHints } from './write-hints.js';

/** Options shared by `plan` and `apply` (commander camel-cases the flags). */
export interface DatabaseCommandOptions {
  readonly database?: string;
  readonly format: 'text' | 'json' | 'markdown';
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly lockTimeout: string;
  readonly availabilityColumns?: string;
  readonly maxInvalidatePercent?: string;
  /** `--strict` (true) / `--no-strict` (false): the permission warnings are errors, whatever `reconcile.strict` says. */
  readonly strict?: boolean;
}

export interface PlanContext {
  readonly desired: DesiredState;
  readonly db: Db;
  readonly actual: ActualState;
  readonly plan: Plan;
  /** The plan with where, when and from what it was made: what `--out` saves. */
  readonly saved: SavedPlan;
  readonly availabilityColumns: readonly [string, string] | undefined;
  readonly diff: DiffOptions;
  readonly lockTimeoutMs: number;
  /** For apply: `actual` with its state digest, read in one snapshot. */
  readonly confirmable?: ConfirmableState;
}

/** Reads the config, opens the database (saying loudly when it is the embedded default) and plans. The caller closes `db`. */
/** What the plan is for: `apply` reads the state digest along; `writesState` when the output records the state read (JSON, `--out`). */
export interface PlanPurpose {
  readonly apply?: boolean;
  readonly writesState: boolean;
}

export async function openAndPlan(paths: readonly string[], options: DatabaseCommandOptions, io: CliIo, purpose: PlanPurpose): Promise<PlanContext> {
  const lockTimeoutMs = parseSeconds(options.lockTimeout, '--lock-timeout') * 1000;
  const availabilityColumns = parseColumns(options.availabilityColumns ?? io.env.OTRS_AVAILABILITY_COLUMNS);
  const diff: DiffOptions =
    options.maxInvalidatePercent === undefined ? {} : { maxInvalidatePercent: parsePercent(options.maxInvalidatePercent) };
  // Config first: a broken file must never cost a database connection.
  const desired = await readConfig(paths, { env: io.env, cwd: io.cwd });
  writeHints(desired, io, options);
  const { db, target } = await openTarget(options, io, lockTimeoutMs);
  try {
    // Who changed each channel when is shown nowhere but in a plan written out as JSON.
    const introspectOptions = { ...(availabilityColumns ? { availabilityColumns } : {}), stamps: purpose.writesState };
    // An apply reads the state digest along, so that under the lock it need not read every row again.
    const confirmable = purpose.apply === true ? await readConfirmableState(db, introspectOptions) : undefined;
    const actual = confirmable ? confirmable.actual : await introspect(db, introspectOptions);
    const diffed = diffStates(desired, actual, { ...diff, nameKeys: await readNameKeys(db, actual, desired) });
    // Who can chat after apply (docs/design.md §3): warnings, or errors under --strict / reconcile.strict.
    const plan = await withPermissionWarnings(db, desired, actual, diffed);
    refuseUnlessStrictlyClean(plan, strictness(options.strict, desired));
    const saved = { plan, origin: planOrigin(desired, actual, target, io) };
    return { desired, db, actual, plan, saved, availabilityColumns, diff, lockTimeoutMs, ...(confirmable ? { confirmable } : {}) };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Resolves `--database` / OTRS_DATABASE_URL (saying loudly when it is the embedded default) and connects. */
export async function openTarget(options: Pick<DatabaseCommandOptions, 'database'>, io: CliIo, lockTimeoutMs: number): Promise<{ db: Db; target: PlanTarget }> {
  const target = resolveDatabaseTarget(options.database, io.env, io.cwd);
  if (target.defaulted && target.kind === 'embedded') {
    io.stderr.write(
      `NOTE: no --database or OTRS_DATABASE_URL given: this runs on the EMBEDDED database in ./${relative(io.cwd, target.dir)}.\n` +
        `      It is a local stand-in for trying things out, not your OTRS.\n`,
    );
  }
  return { db: await openDatabase(target, { lockTimeoutMs }), target: planTargetOf(target) };
}

/** Where, when and from what this plan is made (docs/plan-format.md). */
function planOrigin(desired: DesiredState, actual: ActualState, target: PlanTarget, io: CliIo): PlanOrigin {
  return {
    tool: { name: 'otrs-chat-config', version: pkg.version },
    createdAt: new Date().toISOString(),
    target,
    config: { digest: configDigest(desired), files: desired.files.map((f) => relative(io.cwd, f).split(sep).join('/') || '.') },
    state: actual,
  };
}

/** Plain decimal notation: digits, optionally a fraction. No sign, exponent, hex, white space or empty text (`Number()` takes all of those). */
const DECIMAL = /^\d+(\.\d+)?$/;

/** The longest wait a timer can hold (2^31 - 1 ms, about 24.8 days): beyond it Node fires at once. */
const MAX_SECONDS = Math.floor(0x7fffffff / 1000);

/**
 * A number of seconds from a flag, written in decimal (`30`, `0.5`), from 0 (or above 0 when
 * `positive`) to MAX_SECONDS; anything else is a usage error naming the flag.
 */
export function parseSeconds(text: string, flag: string, options: { readonly positive?: boolean } = {}): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n) || n > MAX_SECONDS || (options.positive === true && n === 0)) {
    const range = options.positive === true ? `more than 0 and at most ${MAX_SECONDS}` : `from 0 to ${MAX_SECONDS}`;
    throw new ExitError('usage', `${flag} takes a number of seconds ${range}, written in decimal digits (e.g. 30), got ${JSON.stringify(text)}`);
  }
  return n;
}

/** `--max-invalidate-percent`: a decimal number from 0 to 100, as `reconcile.maxInvalidatePercent` takes. */
export function parsePercent(text: string): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n) || n > 100) {
    throw new ExitError('usage', `--max-invalidate-percent takes a number from 0 to 100, written in decimal digits (e.g. 25), got ${JSON.stringify(text)}`);
  }
  return n;
}

export function parseColumns(text: string | undefined): readonly [string, string] | undefined {
  if (text === undefined || text === '') return undefined;
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ExitError('usage', `--availability-columns takes CUSTOMER_COL,PUBLIC_COL (two column names of chat_channel), got "${text}"`);
  }
  return [parts[0], parts[1]];
}
