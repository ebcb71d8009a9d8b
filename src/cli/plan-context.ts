import { relative } from 'node:path';
import { readConfig } from '../config/index.js';
import { openDatabase, resolveDatabaseTarget, type Db } from '../db/connect.js';
import { introspect } from '../db/introspect.js';
import { ExitError } from '../errors.js';
import type { ActualState, DesiredState } from '../model/index.js';
import { diffStates, type DiffOptions } from '../plan/diff.js';
import type { Plan } from '../plan/plan.js';
import type { CliIo } from './io.js';

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
}

export interface PlanContext {
  readonly desired: DesiredState;
  readonly db: Db;
  readonly actual: ActualState;
  readonly plan: Plan;
  readonly availabilityColumns: readonly [string, string] | undefined;
  readonly diff: DiffOptions;
  readonly lockTimeoutMs: number;
}

/** Reads the config, opens the database (saying loudly when it is the embedded default) and plans. The caller closes `db`. */
export async function openAndPlan(paths: readonly string[], options: DatabaseCommandOptions, io: CliIo): Promise<PlanContext> {
  const lockTimeoutMs = parseSeconds(options.lockTimeout, '--lock-timeout') * 1000;
  const availabilityColumns = parseColumns(options.availabilityColumns ?? io.env.OTRS_AVAILABILITY_COLUMNS);
  const diff: DiffOptions =
    options.maxInvalidatePercent === undefined ? {} : { maxInvalidatePercent: parsePercent(options.maxInvalidatePercent) };
  // Config first: a broken file must never cost a database connection.
  const desired = await readConfig(paths, { env: io.env, cwd: io.cwd });
  const target = resolveDatabaseTarget(options.database, io.env, io.cwd);
  if (target.defaulted && target.kind === 'embedded') {
    io.stderr.write(
      `NOTE: no --database or OTRS_DATABASE_URL given: this runs on the EMBEDDED database in ./${relative(io.cwd, target.dir)}.\n` +
        `      It is a local stand-in for trying things out, not your OTRS.\n`,
    );
  }
  const db = await openDatabase(target, { lockTimeoutMs });
  try {
    const actual = await introspect(db, availabilityColumns ? { availabilityColumns } : {});
    const plan = diffStates(desired, actual, diff);
    return { desired, db, actual, plan, availabilityColumns, diff, lockTimeoutMs };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** A non-negative number of seconds from a flag, or a usage error naming the flag. */
export function parseSeconds(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new ExitError('usage', `${flag} takes a number of seconds, got "${text}"`);
  return n;
}

function parsePercent(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new ExitError('usage', `--max-invalidate-percent takes a number from 0 to 100, got "${text}"`);
  return n;
}

function parseColumns(text: string | undefined): readonly [string, string] | undefined {
  if (text === undefined || text === '') return undefined;
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ExitError('usage', `--availability-columns takes CUSTOMER_COL,PUBLIC_COL (two column names of chat_channel), got "${text}"`);
  }
  return [parts[0], parts[1]];
}
