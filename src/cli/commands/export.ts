import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeDirectory } from '../../db/embedded/make-directory.js';
import { introspect, readNameKeys } from '../../db/introspect.js';
import { ExitError } from '../../errors.js';
import { DEFAULT_SCHEMA_URL, exportConfig, exportSplitConfig, type ExportedFile, type ExportOptions, type ExportWarning } from '../../export/export-config.js';
import type { ActualState } from '../../model/actual-state.js';
import type { NameKeys } from '../../plan/name-key.js';
import { EXIT, reportError } from '../exit.js';
import { writeNote, type CliIo } from '../io.js';
import { checkOutputFile, outputError, temporaryName, writeOutputFile } from '../output-file.js';
import { openTarget, parseColumns, parseSeconds } from '../plan-context.js';

/** `export`'s options (commander camel-cases the flags). */
export interface ExportCommandOptions {
  readonly database?: string;
  readonly out?: string;
  readonly split?: string;
  readonly schemaUrl?: string;
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly lockTimeout: string;
  readonly availabilityColumns?: string;
}

/**
 * `export`: the database's channels and changed settings as config YAML, on stdout, in one
 * file (`--out`) or in a directory of files (`--split`). What the config cannot state is left
 * out and reported as `warning: …` on stderr (and in the files' headers); the exit code is 0
 * whenever the output was written.
 */
export async function exportCommand(options: ExportCommandOptions, io: CliIo): Promise<number> {
  try {
    if (options.out !== undefined && options.split !== undefined) {
      throw new ExitError('usage', '--out and --split cannot be used together: --out writes one file, --split a directory of files');
    }
    const schemaUrl = checkSchemaUrl(options.schemaUrl ?? DEFAULT_SCHEMA_URL);
    // The destination is checked before connecting: a typo in a path must not cost a database connection.
    if (options.out !== undefined) await checkOutputFile(options.out, io, ' (use --split DIR to write a directory of files)');
    if (options.split !== undefined) await checkDirectoryDestination(options.split, io);
    const { actual, nameKeys } = await readState(options, io);
    const exportOptions: ExportOptions = { schemaUrl, nameKeys };
    const written = options.split === undefined ? await writeOne(actual, exportOptions, options.out, io) : await writeSplit(actual, exportOptions, options.split, io);
    for (const w of written.warnings) io.stderr.write(`warning: ${w}\n`);
    const warned = written.warnings.length === 0 ? '' : `, with ${written.warnings.length} warning${written.warnings.length === 1 ? '' : 's'} (see above)`;
    writeNote(io, options, `Exported ${written.summary}${warned}.\n`);
    return EXIT.ok;
  } catch (err) {
    return reportError(err, io, { verbose: options.verbose === true });
  }
}

/** What was written, for the summary line, and the warnings to print. */
interface Written {
  readonly summary: string;
  readonly warnings: readonly string[];
}

/** One document: on stdout, or in the file `out`. */
async function writeOne(actual: ActualState, exportOptions: ExportOptions, out: string | undefined, io: CliIo): Promise<Written> {
  const result = exportConfig(actual, exportOptions);
  if (out === undefined) io.stdout.write(result.text);
  else await writeOutputFile(out, result.text, io);
  return { summary: `${counts(result)}${out === undefined ? '' : ` to ${out}`}`, warnings: messages(result.warnings) };
}

/** `--split DIR`: the files, then a warning for each YAML file in DIR the export did not write. */
async function writeSplit(actual: ActualState, exportOptions: ExportOptions, dir: string, io: CliIo): Promise<Written> {
  const result = exportSplitConfig(actual, exportOptions);
  const strays = await writeFiles(dir, result.files, io);
  const files = `${result.files.length} file${result.files.length === 1 ? '' : 's'}`;
  return { summary: `${counts(result)} to ${dir} (${files})`, warnings: [...strays, ...messages(result.warnings)] };
}

function messages(warnings: readonly ExportWarning[]): string[] {
  return warnings.map((w) => w.message);
}

function counts(r: { readonly channels: number; readonly settings: number }): string {
  return `${r.channels} channel${r.channels === 1 ? '' : 's'} and ${r.settings} setting${r.settings === 1 ? '' : 's'}`;
}

/** Opens the database as `plan` does (the embedded default announced on stderr), reads it and how it compares names, closes it. */
async function readState(options: ExportCommandOptions, io: CliIo): Promise<{ actual: ActualState; nameKeys: NameKeys }> {
  const lockTimeoutMs = parseSeconds(options.lockTimeout, '--lock-timeout') * 1000;
  const availabilityColumns = parseColumns(options.availabilityColumns ?? io.env.OTRS_AVAILABILITY_COLUMNS);
  const { db } = await openTarget(options, io, lockTimeoutMs);
  try {
    const actual = await introspect(db, availabilityColumns ? { availabilityColumns } : {});
    return { actual, nameKeys: await readNameKeys(db, actual) };
  } finally {
    await db.close();
  }
}

/** The schema line is one comment line that the YAML language server reads up to white space. */
function checkSchemaUrl(url: string): string {
  if (!/^\S+$/u.test(url) || /[\u0000-\u001F\u007F-\u009F]/u.test(url)) {
    throw new ExitError('usage', `--schema-url takes a URL or a path without white space, got ${JSON.stringify(url)}`);
  }
  return url;
}

async function checkDirectoryDestination(dir: string, io: CliIo): Promise<void> {
  const existing = await stat(resolve(io.cwd, dir)).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new ExitError('output', `cannot write to ${dir}: it is not a directory`);
}

/**
 * `--split`: creates the directory when needed, writes every file to a temporary name first and
 * renames them only once all are written, so a failure leaves no half-written file. Returns a
 * message for each other YAML file in the directory: the config reader would read it along.
 */
async function writeFiles(dir: string, files: readonly ExportedFile[], io: CliIo): Promise<string[]> {
  const base = resolve(io.cwd, dir);
  try {
    makeDirectory(base);
  } catch (err) {
    throw outputError(err, dir);
  }
  const staged: { temp: string; path: string; shown: string }[] = [];
  try {
    for (const f of files) {
      const path = join(base, f.name);
      const entry = { temp: temporaryName(path), path, shown: join(dir, f.name) };
      staged.push(entry);
      await writeFile(entry.temp, f.text, { flag: 'wx' }).catch((err: unknown) => {
        throw outputError(err, entry.shown);
      });
    }
    for (const s of staged) {
      await rename(s.temp, s.path).catch((err: unknown) => {
        throw outputError(err, s.shown);
      });
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw err;
  }
  return strayYamlFiles(base, dir, files);
}

async function strayYamlFiles(base: string, dir: string, files: readonly ExportedFile[]): Promise<string[]> {
  const written = new Set(files.map((f) => f.name));
  const entries = await readdir(base, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !e.name.startsWith('.') && !written.has(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => `${join(dir, name)} was not written by this export, but a config read from ${dir} includes it: remove it if an earlier export left it behind`);
}
