import { readFile, stat } from 'node:fs/promises';
import pkg from '../../package.json' with { type: 'json' };
import { readConfig } from '../config/index.js';
import { fsProblem } from '../config/fs-problem.js';
import { applySavedPlan, type ApplyResult } from '../db/apply.js';
import type { Db } from '../db/db.js';
import { resolveDatabaseTarget } from '../db/connect.js';
import { planTargetOf, targetDifferences } from '../db/connection/plan-target.js';
import { STANDARD_AVAILABILITY_COLUMNS } from '../db/schema-layout.js';
import { ExitError, RefusedError } from '../errors.js';
import { configDigest } from '../plan/fingerprint.js';
import type { SavedPlan } from '../plan/plan.js';
import { parsePlanJson, PlanFileError } from '../render/json.js';
import { writeNote, type CliIo } from './io.js';
import { openTarget, parseColumns, parseSeconds, type DatabaseCommandOptions } from './plan-context.js';

/** What to apply and how: planned from the config now, or read from a saved plan. */
export interface PreparedApply {
  readonly db: Db;
  readonly saved: SavedPlan;
  /**
   * Applies in one locked transaction, checking that the database still fits the plan.
   * @param through `db`, or a wrapper of it that watches the transaction (Ctrl+C handling)
   */
  apply(through: Db): Promise<ApplyResult>;
}

/** The options of `apply` a saved plan uses. */
export interface SavedPlanOptions extends DatabaseCommandOptions {
  readonly as: string;
  readonly allowMassInvalidation?: boolean;
}

/** A plan file larger than this is not one the tool wrote (50,000 channels take about 30 MB). */
const MAX_PLAN_FILE_BYTES = 512 * 1024 * 1024;

/**
 * `apply --plan FILE [paths]`: reads and checks a saved plan before any connection — its
 * format, its config digest against `paths` when given, its target against `--database` —
 * then opens the database. The apply itself refuses a stale plan inside its transaction.
 * `--as`, `--yes`, `--allow-mass-invalidation` and `--deploy-command` come from the command
 * line, never from the file.
 */
export async function openSavedPlan(file: string, paths: readonly string[], options: SavedPlanOptions, io: CliIo): Promise<PreparedApply> {
  const lockTimeoutMs = parseSeconds(options.lockTimeout, '--lock-timeout') * 1000;
  if (options.maxInvalidatePercent !== undefined) {
    throw new ExitError(
      'usage',
      '--max-invalidate-percent cannot change a saved plan: its guard was reviewed with it. Plan again with the flag, or pass --allow-mass-invalidation',
    );
  }
  const saved = await readPlanFile(file);
  const { tool, createdAt, target, config } = saved.origin;
  writeNote(io, options, `Plan ${file}: made ${createdAt} by ${tool.name} ${tool.version} for ${target.display}, config digest ${config.digest.slice(0, 12)}.\n`);
  if (tool.version !== pkg.version) {
    io.stderr.write(`warning: the plan was made by ${tool.name} ${tool.version} and is applied by ${pkg.version}; a plan is meant for the version that made it.\n`);
  }
  await checkConfig(saved, paths, options, io);

  const now = planTargetOf(resolveDatabaseTarget(options.database, io.env, io.cwd));
  const differences = targetDifferences(saved.origin.target, now);
  if (differences.length > 0) {
    throw new RefusedError(
      'wrong-target',
      `the plan was made for ${saved.origin.target.display}, but this apply is pointed at ${now.display} (${differences.join(', ')}); ` +
        'nothing was applied. Run plan again against this database',
    );
  }
  const availabilityColumns = parseColumns(options.availabilityColumns ?? io.env.OTRS_AVAILABILITY_COLUMNS) ?? recordedColumns(saved);
  const { db } = await openTarget(options, io, lockTimeoutMs);
  return {
    db,
    saved,
    apply: (through) =>
      applySavedPlan(through, saved, {
        as: options.as,
        lockTimeoutMs,
        allowMassInvalidation: options.allowMassInvalidation === true,
        ...(availabilityColumns ? { availabilityColumns } : {}),
      }),
  };
}

/** Reads and parses the file; any failure is one clear sentence naming the file. */
async function readPlanFile(file: string): Promise<SavedPlan> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.isFile() && info.size > MAX_PLAN_FILE_BYTES) {
      throw new PlanFileError([`it is ${info.size} bytes, more than any plan this tool writes`], `${JSON.stringify(file)} is not a plan file`);
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof ExitError) throw err;
    const reason = fsProblem(err, file).message.replace(`cannot read ${JSON.stringify(file)}: `, '');
    throw new ExitError('plan-file', `the plan file ${JSON.stringify(file)} cannot be read: ${reason}`);
  }
  try {
    return parsePlanJson(text);
  } catch (err) {
    if (err instanceof ExitError) throw new ExitError(err.code, `${file}: ${err.message}`);
    throw err;
  }
}

/** Given config paths, the plan must have been made from exactly this configuration. */
async function checkConfig(saved: SavedPlan, paths: readonly string[], options: SavedPlanOptions, io: CliIo): Promise<void> {
  const planned = saved.origin.config.digest;
  if (paths.length === 0) {
    writeNote(io, options, `No config paths given: the plan is applied without checking it against the configuration (config digest ${planned.slice(0, 12)}).\n`);
    return;
  }
  const desired = await readConfig(paths, { env: io.env, cwd: io.cwd });
  const digest = configDigest(desired);
  if (digest !== planned) {
    throw new RefusedError(
      'config-mismatch',
      `the plan was made from another configuration (config digest ${planned.slice(0, 12)} in the plan, ${digest.slice(0, 12)} for ${paths.join(' ')}); ` +
        'nothing was applied. Run plan again from this configuration',
    );
  }
}

/** The availability columns the plan read, when they are not the standard ones (the fingerprint covers them). */
function recordedColumns(saved: SavedPlan): readonly [string, string] | undefined {
  const columns = saved.origin.state.capabilities.availabilityColumns;
  if (!columns) return undefined;
  const standard = columns.customer === STANDARD_AVAILABILITY_COLUMNS.customer && columns.public === STANDARD_AVAILABILITY_COLUMNS.public;
  return standard ? undefined : [columns.customer, columns.public];
}
