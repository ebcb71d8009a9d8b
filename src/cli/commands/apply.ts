import { createInterface } from 'node:readline/promises';
import { applyPlan, massInvalidationRefusal, PlanChangedError } from '../../db/apply.js';
import { RefusedError } from '../../errors.js';
import { summarize } from '../../plan/plan.js';
import { runDeployCommand } from '../deploy.js';
import { EXIT, reportError } from '../exit.js';
import { writeNote, type CliIo } from '../io.js';
import { openAndPlan, parseSeconds, type DatabaseCommandOptions } from '../plan-context.js';
import { renderPlan } from '../render-plan.js';

export interface ApplyCommandOptions extends DatabaseCommandOptions {
  readonly yes?: boolean;
  readonly as: string;
  readonly allowMassInvalidation?: boolean;
  readonly deployCommand?: string;
  readonly deployTimeout: string;
}

/** `apply [paths...]`: plan, confirm, then apply in one locked transaction. */
export async function applyCommand(paths: readonly string[], options: ApplyCommandOptions, io: CliIo): Promise<number> {
  try {
    const deployTimeoutMs = parseSeconds(options.deployTimeout, '--deploy-timeout') * 1000;
    const ctx = await openAndPlan(paths, options, io);
    try {
      io.stdout.write(renderPlan(ctx.plan, options, io));
      if (ctx.plan.changes.length === 0) return EXIT.ok;
      if (ctx.plan.guard.exceeded && !options.allowMassInvalidation) throw massInvalidationRefusal(ctx.plan);
      if (!options.yes) await confirm(io);

      const result = await applyPlan(ctx.db, ctx.desired, ctx.plan, {
        as: options.as,
        lockTimeoutMs: ctx.lockTimeoutMs,
        allowMassInvalidation: options.allowMassInvalidation === true,
        ...(ctx.availabilityColumns ? { availabilityColumns: ctx.availabilityColumns } : {}),
        diff: ctx.diff,
      }).catch((err: unknown) => {
        // The reviewer confirmed another plan: show what the database needs now.
        if (err instanceof PlanChangedError) {
          io.stdout.write(`\nThe plan as it stands now:\n${renderPlan(err.current, options, io)}`);
        }
        throw err;
      });
      const s = summarize(result.plan);
      writeNote(
        io,
        options,
        `Applied: ${s.create} created, ${s.change} changed, ${s.invalidate} invalidated, ${s.settings} setting${s.settings === 1 ? '' : 's'} changed (as ${options.as}).\n`,
      );
      if (result.settingsChanged > 0) {
        if (options.deployCommand) {
          writeNote(io, options, `Running the deploy command: ${options.deployCommand}\n`);
          await runDeployCommand(options.deployCommand, deployTimeoutMs, io);
          writeNote(io, options, 'Deploy command finished: the setting changes are deployed.\n');
        } else {
          // Kept under --quiet: the changes do nothing until someone deploys them.
          io.stderr.write(
            `The setting changes are pending deployment in OTRS, recorded under the agent "${options.as}": ` +
              `deploy them in Admin → System Configuration as that agent, or with otrs.Console.pl Maint::Config::Rebuild ` +
              `(or pass --deploy-command next time).\n`,
          );
        }
      }
      return EXIT.ok;
    } finally {
      await ctx.db.close();
    }
  } catch (err) {
    return reportError(err, io, options);
  }
}

/** Asks on a terminal; with no terminal there is nobody to ask, so refuse rather than guess. */
async function confirm(io: CliIo): Promise<void> {
  if (!io.stdin.isTTY) {
    throw new RefusedError('no-confirmation', 'no terminal to confirm on: pass --yes to apply from a script or CI');
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await rl.question('Apply these changes? Only "yes" is accepted: ');
    if (answer.trim() !== 'yes') throw new RefusedError('not-confirmed', 'apply cancelled; nothing was changed');
  } finally {
    rl.close();
  }
}
