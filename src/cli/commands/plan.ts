import { renderJson } from '../../render/json.js';
import { renderPlan } from '../render-plan.js';
import { EXIT, reportError } from '../exit.js';
import type { CliIo } from '../io.js';
import { checkOutputFile, writeOutputFile } from '../output-file.js';
import { openAndPlan, type DatabaseCommandOptions } from '../plan-context.js';
import { warnAboutPermissions } from '../who-can-chat.js';

export interface PlanCommandOptions extends DatabaseCommandOptions {
  readonly out?: string;
  readonly detailedExitcode?: boolean;
}

/** `plan [paths...]`: read the database and print what apply would do. */
export async function planCommand(paths: readonly string[], options: PlanCommandOptions, io: CliIo): Promise<number> {
  try {
    // A destination that cannot be written must cost neither a database connection nor a printed plan.
    if (options.out !== undefined) await checkOutputFile(options.out, io);
    const ctx = await openAndPlan(paths, options, io, { writesState: options.format === 'json' || options.out !== undefined });
    await ctx.db.close();
    // The file first: a plan on stdout and no file would look like success to a reader of the log.
    if (options.out !== undefined) await writeOutputFile(options.out, renderJson(ctx.saved), io);
    io.stdout.write(renderPlan(ctx.saved, options, io));
    warnAboutPermissions(ctx.plan, io);
    if (ctx.plan.guard.exceeded) {
      io.stderr.write('warning: apply will refuse this plan (mass-invalidation guard); see the plan above for how to proceed.\n');
    }
    return options.detailedExitcode && ctx.plan.changes.length > 0 ? EXIT.changes : EXIT.ok;
  } catch (err) {
    return reportError(err, io, options);
  }
}
