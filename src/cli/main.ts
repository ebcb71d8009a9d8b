import { Command, CommanderError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { ApplyCommandOptions } from './commands/apply.js';
import type { ExportCommandOptions } from './commands/export.js';
import type { PlanCommandOptions } from './commands/plan.js';
import type { ValidateOptions } from './commands/validate.js';
import configSchema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import { EXIT, reportError, type OutputFormat } from './exit.js';
import { processIo, type CliIo } from './io.js';

const EXIT_CODES_HELP = `
Exit codes:
  0   success; for plan: no changes (or changes without --detailed-exitcode)
  1   error: invalid configuration, database problem, a refusal (guard, stale plan, no --yes),
      or permission warnings under --strict / reconcile.strict (wins over 2)
  2   plan --detailed-exitcode: changes pending
  70  internal error (a bug: please report it)
  130 apply interrupted (Ctrl+C); stderr says whether the changes were committed`;

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text');

/** Builds the commander program; each command is a library call plus this thin adapter. */
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command()
    .name('otrs-chat-config')
    .description('Configuration as code for OTRS / Znuny / OTOBO chat channels and ChatEngine settings.')
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  program
    .command('validate')
    .description('check config files offline: YAML, schema and rules (no database)')
    .argument('[paths...]', 'files or directories (default: the current directory)')
    .addOption(formatOption().choices(['text', 'json']))
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print nothing on success')
    .option('--verbose', 'more detail on errors')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths: string[], opts: ValidateOptions) => {
      // Each command loads what it needs when it runs: --version and --help load no YAML or schema code.
      const { validateCommand } = await import('./commands/validate.js');
      setExit(await validateCommand(paths, opts, io));
    });

  const withDatabaseOptions = (cmd: Command): Command =>
    cmd
      .argument('[paths...]', 'files or directories (default: the current directory)')
      .option('--database <url>', 'postgres://…, mysql://…, mariadb://… or embedded[:DIR] (env OTRS_DATABASE_URL; the flag wins)')
      .addOption(formatOption())
      .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
      .option('-q, --quiet', 'hide progress and result lines on stderr (warnings, errors and the embedded-database notice stay)')
      .option('--verbose', 'more detail on errors')
      .option('--lock-timeout <seconds>', 'wait this long for another apply (or CLI on the embedded database)', '30')
      .option('--availability-columns <customer,public>', "chat_channel's availability columns, if your OTRS names them differently (env OTRS_AVAILABILITY_COLUMNS)")
      .option('--max-invalidate-percent <n>', 'mass-invalidation guard threshold (wins over reconcile.maxInvalidatePercent)')
      .option('--strict', 'permission warnings (chats nobody can answer, or the check skipped) are errors: exit 1 (wins over reconcile.strict)')
      .option('--no-strict', 'permission warnings stay warnings, whatever reconcile.strict says')
      .addHelpText('after', EXIT_CODES_HELP);

  withDatabaseOptions(program.command('plan').description('read the database and print what apply would do'))
    .option('--out <file>', 'also save the plan as JSON')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when none')
    .action(async (paths: string[], opts: PlanCommandOptions) => {
      // Database drivers load only for the commands that need them: validate stays fast.
      const { planCommand } = await import('./commands/plan.js');
      setExit(await planCommand(paths, opts, io));
    });

  withDatabaseOptions(program.command('apply').description('plan, confirm, and apply in one transaction (or apply a saved plan exactly)'))
    .option('--plan <file>', 'apply this saved plan (plan --out) exactly; refused if the database changed since. Config paths, when given, must be the ones it was made from')
    .option('-y, --yes', 'apply without asking (required when there is no terminal, e.g. in CI)')
    .option('--as <login>', 'the OTRS agent recorded as creator/changer', 'root@localhost')
    .option('--allow-mass-invalidation', 'allow invalidating more channels than the guard permits')
    .option('--deploy-command <cmd>', 'run this shell command after settings changed (e.g. otrs.Console.pl Maint::Config::Rebuild)')
    .option('--deploy-timeout <seconds>', 'kill the deploy command after this long', '600')
    .action(async (paths: string[], opts: ApplyCommandOptions) => {
      const { applyCommand } = await import('./commands/apply.js');
      setExit(await applyCommand(paths, opts, io));
    });

  program
    .command('export')
    .description("write the database's chat channels and changed ChatEngine settings as config YAML (stdout by default)")
    .option('--database <url>', 'postgres://…, mysql://…, mariadb://… or embedded[:DIR] (env OTRS_DATABASE_URL; the flag wins)')
    .option('--out <file>', 'write one file instead of stdout (replaced in one step, never half-written)')
    .option('--split <dir>', 'write settings.yaml and one channels-<group>.yaml per group into this directory (created when missing)')
    .option('--schema-url <url>', 'where each file\'s "# yaml-language-server: $schema=" line points', configSchema.$id)
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'hide the summary line on stderr (warnings, errors and the embedded-database notice stay)')
    .option('--verbose', 'more detail on errors')
    .option('--lock-timeout <seconds>', 'wait this long for another CLI on the embedded database', '30')
    .option('--availability-columns <customer,public>', "chat_channel's availability columns, if your OTRS names them differently (env OTRS_AVAILABILITY_COLUMNS)")
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (opts: ExportCommandOptions) => {
      const { exportCommand } = await import('./commands/export.js');
      setExit(await exportCommand(opts, io));
    });

  return program;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const io = processIo();
  let code: number = EXIT.ok;
  try {
    const program = buildProgram(io, (c) => {
      code = c;
    });
    for (const sub of program.commands) sub.exitOverride();
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end as "errors" under exitOverride; usage mistakes are exit 1.
      return err.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    return reportError(err, io, { verbose: argv.includes('--verbose') });
  }
}
