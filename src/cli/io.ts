/** What a command may touch of the outside world; tests spawn the real binary, so this is process's. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/**
 * A progress or result line on stderr that is neither a warning nor an error: `--quiet` hides it.
 * Warnings, errors, the embedded-database notice and the confirmation prompt are written directly.
 */
export function writeNote(io: CliIo, options: { readonly quiet?: boolean }, text: string): void {
  if (!options.quiet) io.stderr.write(text);
}

/** Colours only on a terminal, and never when `--no-color` or `NO_COLOR` (any non-empty value) says so. */
export function useColor(stream: { isTTY?: boolean }, env: CliIo['env'], flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
