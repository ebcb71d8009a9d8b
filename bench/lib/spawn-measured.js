// One cold process, timed from spawn to exit, with its peak RSS. Peak RSS comes from GNU time
// (`/usr/bin/time -f %M`, the kernel's maxrss of the child) when it exists, otherwise from a
// preload module that writes process.resourceUsage().maxRSS at exit; the product and its floors
// are always measured the same way. stdout and stderr go to files, the same for every command.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const PRELOAD = fileURLToPath(new URL('./max-rss-preload.js', import.meta.url));
export const RSS_METHOD = existsSync(GNU_TIME) ? 'GNU time (%M)' : 'process.resourceUsage().maxRSS (preload)';

/**
 * Runs `node <args>` in `cwd`; resolves (never rejects) with
 * { ms, rssKb, code, signal, timedOut, stdout, stderrTail }.
 * The process gets a group of its own, killed whole when `timeoutMs` passes.
 */
export function spawnMeasured(args, { cwd, env, outDir, timeoutMs }) {
  const stdoutFile = join(outDir, 'stdout.txt');
  const stderrFile = join(outDir, 'stderr.txt');
  const rssFile = join(outDir, 'maxrss.txt');
  rmSync(rssFile, { force: true });
  const useTime = existsSync(GNU_TIME);
  const command = useTime ? GNU_TIME : process.execPath;
  const argv = useTime ? ['-f', '%M', '-o', rssFile, process.execPath, ...args] : ['--import', PRELOAD, ...args];
  const childEnv = useTime ? env : { ...env, BENCH_MAXRSS_FILE: rssFile };
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd, env: childEnv, stdio: ['ignore', out, err], detached: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    let finished = false;
    const finish = (code, signal, spawnError) => {
      if (finished) return;
      finished = true;
      const ms = performance.now() - started;
      clearTimeout(timer);
      closeSync(out);
      closeSync(err);
      const stderr = readFileSync(stderrFile, 'utf8');
      resolve({
        ms,
        rssKb: readRss(rssFile),
        code,
        signal,
        timedOut,
        stdout: readFileSync(stdoutFile, 'utf8'),
        stderrTail: spawnError ? String(spawnError) : stderr.slice(-2000),
      });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('exit', (code, signal) => finish(code, signal));
  });
}

/** GNU time writes "Command exited with non-zero status N" before the figure when the child fails: the last line is the figure. */
function readRss(file) {
  if (!existsSync(file)) return null;
  const last = readFileSync(file, 'utf8').trim().split('\n').pop();
  const kb = Number(last);
  return Number.isFinite(kb) && kb > 0 ? kb : null;
}
