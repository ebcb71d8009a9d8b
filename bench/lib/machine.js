// What the figures were taken on: they mean little without the machine, its load and the commit.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';

function git(args, cwd) {
  try {
    // --no-optional-locks: reading the state must not refresh (write) the index.
    return execFileSync('git', ['--no-optional-locks', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const shipped = (dir) => existsSync(dir) && readdirSync(dir).length > 0;

export function describeMachine(root) {
  const cpus = os.cpus();
  const pglite = JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')).version;
  const status = git(['status', '--porcelain', '--untracked-files=no'], root);
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    pglite,
    date: new Date().toISOString(),
    commit: git(['rev-parse', 'HEAD'], root),
    uncommittedChanges: status === undefined ? undefined : status !== '',
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    // A new embedded folder is a copy of this when the build made it (else of a per-user cache, else initdb).
    shippedPristine: shipped(join(root, 'dist', 'src', 'db', 'embedded', 'pristine')),
  };
}
