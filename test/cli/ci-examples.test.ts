// Every otrs-chat-config command line of the CI examples (examples/ci/github, examples/ci/gitlab)
// names a subcommand and only options that the real binary accepts, as its `--help` lists them,
// with a value among the listed choices where the help lists choices. A command or option that
// does not exist (yet) fails here, naming the file, the job and the command line.
import { describe, expect, it } from 'vitest';
import { type CliCommand, exampleCommands, findCliCommands, repoRoot } from '../ci/ci-files.js';
import { runCli } from './run-cli.js';

interface Help {
  /** Whether `<sub> --help` printed that subcommand's own help (commander prints the top-level help for an unknown one). */
  readonly exists: boolean;
  /** Every option the help lists, long and short. */
  readonly options: ReadonlySet<string>;
  /** Allowed values, for options whose help lists `(choices: …)`. */
  readonly choices: ReadonlyMap<string, readonly string[]>;
  readonly text: string;
}

const helps = new Map<string, Promise<Help>>();

function help(subcommand: string): Promise<Help> {
  let pending = helps.get(subcommand);
  if (!pending) {
    pending = runCli([subcommand, '--help']).then((r) => parseHelp(subcommand, r.stdout + r.stderr));
    helps.set(subcommand, pending);
  }
  return pending;
}

function parseHelp(subcommand: string, text: string): Help {
  const options = new Set<string>();
  const choices = new Map<string, string[]>();
  // Option lines: `  -q, --quiet  …`, `  --out <file>  …`, `  --format <format>  … (choices: "a", "b", …)`.
  for (const line of text.split('\n')) {
    const m = /^\s+((?:-[A-Za-z], )?--[\w-]+)(?: <[^>]+>| \[[^\]]+\])?\s/.exec(line);
    if (!m?.[1]) continue;
    const names = m[1].split(', ');
    for (const name of names) options.add(name);
    const listed = /\(choices: ([^)]*?)(?:, default: [^)]*)?\)/.exec(line);
    if (listed?.[1]) {
      const values = [...listed[1].matchAll(/"([^"]*)"/g)].map((v) => v[1] ?? '');
      for (const name of names) choices.set(name, values);
    }
  }
  const exists = new RegExp(`^Usage: otrs-chat-config ${subcommand} `).test(text);
  return { exists, options, choices, text };
}

/** What is wrong with a command line, checked against the binary's help; empty when nothing. */
async function problems(command: CliCommand): Promise<string[]> {
  const h = await help(command.subcommand);
  if (!h.exists) return [`\`otrs-chat-config ${command.subcommand}\` is not a command of the binary`];
  const found = command.options.filter((o) => !h.options.has(o)).map((o) => `${o}: not in \`otrs-chat-config ${command.subcommand} --help\``);
  for (const [option, value] of command.optionValues) {
    const allowed = h.choices.get(option);
    // A value from a variable cannot be checked here.
    if (allowed && !value.startsWith('$') && !allowed.includes(value)) found.push(`${option} ${value}: not one of ${allowed.join(', ')}`);
  }
  return found;
}

const files = exampleCommands();

describe('the CI examples use only what the real CLI accepts', () => {
  it('finds the command lines', () => {
    for (const f of files) expect(f.commands.length, f.file).toBeGreaterThanOrEqual(3);
  });

  for (const { file, commands } of files) {
    const name = file.slice(repoRoot.length);
    describe(name, () => {
      it.each(commands.map((c) => [`${c.where}: ${c.text}`, c] as const))('%s', async (_title, command) => {
        expect(await problems(command)).toEqual([]);
      });
    });
  }

  it('reads the help the way it is printed', async () => {
    const h = await help('plan');
    expect(h.exists).toBe(true);
    expect(h.options.has('--out')).toBe(true);
    expect(h.options.has('-q')).toBe(true);
    expect(h.options.has('--quiet')).toBe(true);
    expect(h.choices.get('--format')).toEqual(expect.arrayContaining(['text', 'json', 'markdown']));
    expect((await help('no-such-command')).exists).toBe(false);
  });

  it('reports a command, an option or a choice the binary does not have', async () => {
    const [unknownCommand, badPlan, good] = findCliCommands({
      where: 'sample',
      script: [
        'npx otrs-chat-config deploy chat/',
        'npx otrs-chat-config plan chat/ --nope --format yaml ${X:+--also-nope} -z',
        'npx otrs-chat-config plan chat/ -q --format "$FORMAT" --out=plan.json',
      ].join('\n'),
    });
    expect(await problems(unknownCommand!)).toEqual(['`otrs-chat-config deploy` is not a command of the binary']);
    expect(await problems(badPlan!)).toEqual([
      '--nope: not in `otrs-chat-config plan --help`',
      '--also-nope: not in `otrs-chat-config plan --help`',
      '-z: not in `otrs-chat-config plan --help`',
      '--format yaml: not one of text, json, markdown',
    ]);
    expect(await problems(good!)).toEqual([]);
  });
});
