import { createInterface } from 'node:readline/promises';
import { applyConfig, massInvalidationRefusal, PlanChangedError, requireAgent } from '../../db/apply.js';
import { RefusedError } from '../../errors.js';
import { summarize } from '../../plan/plan.js';
import { planDocument } from '../../render/json.js';
import { renderText } from '../../render/text.js';
import { runDeployCommand } from '../deploy.js';
import { EXIT, reportError } from '../exit.js';
import { handleApplyInterrupts, type ApplyInterrupts } from '../interrupt.js';
import { useColor, writeNote, type CliIo } from '../io.js';
import { openAndPlan, parseSeconds, type DatabaseCommandOptions } from '../plan-context.js';
import { renderPlan } from '../render-plan.js';
import { openSavedPlan, type PreparedApply } from '../saved-plan.js';
import { refuseUnlessStrictlyClean, strictness, warnAboutPermissions } from '../who-can-chat.js';

export interface ApplyCommandOptions extends DatabaseCommandOptions {
  /** A saved plan to apply exactly (`plan --out`), instead of planning from the config. */
  readonly plan?: string;
  readonly yes?: boolean;
  readonly as: string;
  readonly allowMassInvalidation?: boolean;
  readonly deployCommand?: string;
  readonly deployTimeout: string;
}

/** The result of an apply as `--format json` prints it: one document, success or failure (docs/plan-format.md). */
interface ApplyDocument {
  plan: Record<string, unknown> | null;
  applied: { create: number; change: number; invalidate: number; settings: number; as: string } | null;
  deploy: { command: string; ok: boolean } | null;
}

/**
 * `apply [paths...]`: plan, confirm, then apply in one locked transaction.
 * `apply --plan FILE [paths...]`: the same with a saved plan, applied exactly or refused.
 */
export async function applyCommand(paths: readonly string[], options: ApplyCommandOptions, io: CliIo): Promise<number> {
  const json = options.format === 'json';
  const doc: ApplyDocument = { plan: null, applied: null, deploy: null };
  // Ctrl+C says whether anything was written, then exits 130 (docs/design.md §6).
  const interrupts = handleApplyInterrupts(io, json ? { json: () => doc } : {});
  try {
    const deployTimeoutMs = parseSeconds(options.deployTimeout, '--deploy-timeout', { positive: true }) * 1000;
    const prepared = options.plan ? await openSavedPlan(options.plan, paths, options, io) : await planFromConfig(paths, options, io);
    const { plan } = prepared.saved;
    try {
      // A saved plan keeps the permission warnings it was made with; a plan from the config was checked by openAndPlan.
      if (options.plan) refuseUnlessStrictlyClean(plan, strictness(options.strict, undefined));
      // A wrong --as is found before anyone reads the plan or is asked; the transaction checks it again.
      await requireAgent(prepared.db, options.as);
      doc.plan = planDocument(prepared.saved);
      if (!json) io.stdout.write(renderPlan(prepared.saved, options, io));
      warnAboutPermissions(plan, io);
      if (plan.changes.length === 0) return finish(io, json, doc);
      if (plan.guard.exceeded && !options.allowMassInvalidation) throw massInvalidationRefusal(plan);
      if (!options.yes) await confirm(io, interrupts);

      const result = await prepared.apply(interrupts.watch(prepared.db)).catch((err: unknown) => {
        // The reviewer confirmed another plan: show what the database needs now.
        if (err instanceof PlanChangedError && !json) {
          io.stdout.write(`\nThe plan as it stands now:\n${renderText(err.current, { color: useColor(io.stdout, io.env, options.color) })}`);
        }
        throw err;
      });
      const s = summarize(result.plan);
      doc.applied = { ...s, as: options.as };
      const counts = `${s.create} created, ${s.change} changed, ${s.invalidate} invalidated, ${s.settings} setting${s.settings === 1 ? '' : 's'} changed`;
      interrupts.applied(counts);
      writeNote(io, options, `Applied: ${counts} (as ${options.as}).\n`);
      if (options.verbose) {
        const how =
          result.checkedBy === 'digest'
            ? 'the state digest matched the state the plan was read from'
            : 'the database was read again and the plan recomputed';
        io.stderr.write(`Checked under the apply lock: ${how}.\n`);
      }
      if (s.settings > 0) await deploy(options, deployTimeoutMs, io, doc, interrupts);
      return finish(io, json, doc);
    } finally {
      await prepared.db.close();
    }
  } catch (err) {
    return reportError(err, io, { ...options, json: doc });
  } finally {
    interrupts.dispose();
  }
}

function finish(io: CliIo, json: boolean, doc: ApplyDocument): number {
  if (json) io.stdout.write(`${JSON.stringify({ ok: true, ...doc }, null, 2)}\n`);
  return EXIT.ok;
}

/** Plans from the config; apply re-plans under the lock and refuses if the plan changed. */
async function planFromConfig(paths: readonly string[], options: ApplyCommandOptions, io: CliIo): Promise<PreparedApply> {
  const ctx = await openAndPlan(paths, options, io, { apply: true, writesState: options.format === 'json' });
  return {
    db: ctx.db,
    saved: ctx.saved,
    apply: (through) =>
      applyConfig(through, ctx.desired, ctx.plan, {
        as: options.as,
        lockTimeoutMs: ctx.lockTimeoutMs,
        allowMassInvalidation: options.allowMassInvalidation === true,
        ...(ctx.availabilityColumns ? { availabilityColumns: ctx.availabilityColumns } : {}),
        diff: ctx.diff,
        ...(ctx.confirmable ? { confirmedState: ctx.confirmable } : {}),
      }),
  };
}

/** After a commit that changed settings: run the deploy command, or say that deployment is pending. */
async function deploy(options: ApplyCommandOptions, timeoutMs: number, io: CliIo, doc: ApplyDocument, interrupts: ApplyInterrupts): Promise<void> {
  if (!options.deployCommand) {
    // Kept under --quiet: the changes do nothing until someone deploys them.
    io.stderr.write(
      `The setting changes are pending deployment in OTRS, recorded under the agent "${options.as}": ` +
        `deploy them in Admin → System Configuration as that agent, or with otrs.Console.pl Maint::Config::Rebuild ` +
        `(or pass --deploy-command next time).\n`,
    );
    return;
  }
  doc.deploy = { command: options.deployCommand, ok: false };
  writeNote(io, options, `Running the deploy command: ${options.deployCommand}\n`);
  const stop = new AbortController();
  interrupts.deploying(stop);
  await runDeployCommand(options.deployCommand, timeoutMs, io, stop.signal);
  doc.deploy.ok = true;
  writeNote(io, options, 'Deploy command finished: the setting changes are deployed.\n');
}

/** Asks on a terminal; with no terminal there is nobody to ask, so refuse rather than guess. */
async function confirm(io: CliIo, interrupts: ApplyInterrupts): Promise<void> {
  if (!io.stdin.isTTY) {
    throw new RefusedError('no-confirmation', 'no terminal to confirm on: pass --yes to apply from a script or CI');
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  // On a terminal Ctrl+C reaches readline as a key, not as a signal.
  rl.on('SIGINT', () => interrupts.interrupt());
  try {
    const answer = await rl.question('Apply these changes? Only "yes" is accepted: ');
    if (answer.trim() !== 'yes') throw new RefusedError('not-confirmed', 'apply cancelled; nothing was changed');
  } finally {
    rl.close();
  }
}
