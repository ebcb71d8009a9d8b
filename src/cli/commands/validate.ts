import { readConfig } from '../../config/index.js';
import { configHints } from '../../config/hints.js';
import type { CliIo } from '../io.js';
import { EXIT, problemToJson, reportError, type OutputFormat } from '../exit.js';
import { writeHints } from '../write-hints.js';

export interface ValidateOptions {
  readonly format: OutputFormat;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

/** `validate [paths...]`: offline — parse, schema, rules. No database. Hints never change the exit code. */
export async function validateCommand(paths: readonly string[], options: ValidateOptions, io: CliIo): Promise<number> {
  try {
    const desired = await readConfig(paths, { env: io.env, cwd: io.cwd });
    const summary = {
      channels: desired.channels.length,
      settings: desired.settings.length,
      files: desired.files.length,
    };
    if (options.format === 'json') {
      io.stdout.write(JSON.stringify({ ok: true, ...summary, problems: [], hints: configHints(desired).map(problemToJson) }, null, 2) + '\n');
    } else if (!options.quiet) {
      writeHints(desired, io, options);
      io.stdout.write(`✓ ${plural(summary.channels, 'channel')}, ${plural(summary.settings, 'setting')} in ${plural(summary.files, 'file')}\n`);
    }
    return EXIT.ok;
  } catch (err) {
    return reportError(err, io, options);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
