// Reading the CI examples of examples/ci: the two files, the shell scripts in them, and the
// otrs-chat-config command lines in those scripts. Shared by test/ci (structure, behaviour) and
// test/cli/ci-examples.test.ts (every option used exists in the real binary's --help).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const githubWorkflowFile = join(repoRoot, 'examples', 'ci', 'github', 'otrs-chat-config.yml');
export const gitlabPipelineFile = join(repoRoot, 'examples', 'ci', 'gitlab', '.gitlab-ci.yml');

/** The config folder both examples work on. */
export const CONFIG_DIR = 'chat/';

type Yaml = Record<string, unknown>;

export function readYaml(file: string): Yaml {
  const doc: unknown = YAML.parse(readFileSync(file, 'utf8'));
  if (!isObject(doc)) throw new Error(`${file}: not a YAML mapping`);
  return doc;
}

export function isObject(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A piece of shell the CI system runs, and where it is (for messages). */
export interface ShellScript {
  readonly where: string;
  readonly script: string;
}

/** Every step's `run:` of a GitHub workflow. */
export function githubRunScripts(workflow: Yaml): ShellScript[] {
  const scripts: ShellScript[] = [];
  for (const [jobName, job] of Object.entries(asObject(workflow.jobs, 'jobs'))) {
    const steps = asObject(job, `jobs.${jobName}`).steps;
    if (!Array.isArray(steps)) continue;
    steps.forEach((step: unknown, index) => {
      if (isObject(step) && typeof step.run === 'string') {
        scripts.push({ where: `jobs.${jobName}.steps[${index}] (${String(step.name ?? step.id ?? 'run')})`, script: step.run });
      }
    });
  }
  return scripts;
}

/** Keys of a .gitlab-ci.yml that are not jobs. */
const GITLAB_GLOBAL_KEYS = new Set(['workflow', 'stages', 'default', 'variables', 'include', 'image', 'services', 'cache', 'before_script', 'after_script']);

/** The jobs of a .gitlab-ci.yml (hidden `.jobs` included), by name. */
export function gitlabJobs(pipeline: Yaml): Record<string, Yaml> {
  const jobs: Record<string, Yaml> = {};
  for (const [name, value] of Object.entries(pipeline)) {
    if (!GITLAB_GLOBAL_KEYS.has(name) && isObject(value)) jobs[name] = value;
  }
  return jobs;
}

/** Every `before_script`, `script` and `after_script` item of a .gitlab-ci.yml, nested arrays flattened as GitLab does. */
export function gitlabScripts(pipeline: Yaml): ShellScript[] {
  const scripts: ShellScript[] = [];
  const owners: [string, unknown][] = [['default', pipeline.default], ...Object.entries(gitlabJobs(pipeline))];
  for (const [owner, value] of owners) {
    if (!isObject(value)) continue;
    for (const key of ['before_script', 'script', 'after_script']) {
      const items = value[key];
      if (items === undefined) continue;
      const flat = (Array.isArray(items) ? items : [items]).flat(10) as unknown[];
      flat.forEach((item, index) => {
        if (typeof item !== 'string') throw new Error(`${owner}.${key}[${index}] is not a string`);
        scripts.push({ where: `${owner}.${key}[${index}]`, script: item });
      });
    }
  }
  return scripts;
}

/** One otrs-chat-config command line found in a script. */
export interface CliCommand {
  readonly where: string;
  /** The command as written, continuations joined. */
  readonly text: string;
  readonly subcommand: string;
  /** Every word after the subcommand, quotes kept, `${VAR:+…}` words kept whole. */
  readonly words: readonly string[];
  /** Every option used (`--out`, `-q`), including those inside `${VAR:+…}` words. */
  readonly options: readonly string[];
  /** Every `--option value` and `--option=value` pair, for options that are followed by a plain word. */
  readonly optionValues: ReadonlyMap<string, string>;
}

/**
 * `otrs-chat-config` in the position of a command: at the start of a line or after `;`, `&&`,
 * `||`, `|`, `(` or `$(`, optionally behind environment assignments and `npx` (with its own
 * options). Not when it is text in an `echo`, a comment or a string.
 */
const COMMAND_START = /(?:^|[;&|(]|\$\()[ \t]*(?:[A-Za-z_]\w*=\S*[ \t]+)*(?:npx[ \t]+(?:-\S+[ \t]+)*)?otrs-chat-config[ \t]+/gm;

/** The otrs-chat-config commands in a shell script: continuation lines joined, comment lines skipped. */
export function findCliCommands(source: ShellScript): CliCommand[] {
  const joined = source.script.replace(/\\\r?\n/g, ' ');
  const commands: CliCommand[] = [];
  for (const line of joined.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    for (const match of line.matchAll(COMMAND_START)) {
      const rest = line.slice((match.index ?? 0) + match[0].length);
      const words = shellWords(rest);
      const [subcommand, ...args] = words;
      if (subcommand === undefined) continue;
      const options: string[] = [];
      const optionValues = new Map<string, string>();
      collectOptions(args, options, optionValues);
      commands.push({
        where: source.where,
        text: `otrs-chat-config ${words.join(' ')}`,
        subcommand,
        words: args,
        options,
        optionValues,
      });
    }
  }
  return commands;
}

function collectOptions(words: readonly string[], options: string[], values: Map<string, string>): void {
  words.forEach((word, index) => {
    const alternative = /^\$\{\w+:\+(.*)\}$/s.exec(word);
    if (alternative) {
      collectOptions(shellWords(alternative[1] ?? ''), options, values);
      return;
    }
    const option = /^(--?[A-Za-z][\w-]*)(?:=(.*))?$/s.exec(word);
    if (!option?.[1]) return;
    options.push(option[1]);
    const next = option[2] ?? words[index + 1];
    if (next !== undefined && !next.startsWith('-')) values.set(option[1], unquote(next));
  });
}

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/s, '$2');
}

/**
 * Splits the start of a shell command line into words, up to the first unquoted `;`, `|`, `&`,
 * `<`, `>` or `)`. Quotes and `${…}` stay part of their word. Enough for the command lines of
 * the examples, not a shell parser.
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let braces = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      word += c;
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') word += text[++i] ?? '';
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      word += c;
    } else if (c === '$' && text[i + 1] === '{') {
      braces++;
      word += '${';
      i++;
    } else if (c === '}' && braces > 0) {
      braces--;
      word += c;
    } else if (braces === 0 && /[;|&<>)]/.test(c)) {
      break;
    } else if (braces === 0 && /\s/.test(c)) {
      if (word) words.push(word);
      word = '';
    } else {
      word += c;
    }
  }
  if (word) words.push(word);
  return words;
}

/** Every otrs-chat-config command of both examples, by file. */
export function exampleCommands(): { file: string; commands: CliCommand[] }[] {
  return [
    { file: githubWorkflowFile, commands: githubRunScripts(readYaml(githubWorkflowFile)).flatMap(findCliCommands) },
    { file: gitlabPipelineFile, commands: gitlabScripts(readYaml(gitlabPipelineFile)).flatMap(findCliCommands) },
  ];
}

function asObject(value: unknown, what: string): Yaml {
  if (!isObject(value)) throw new Error(`${what} is not a mapping`);
  return value;
}
