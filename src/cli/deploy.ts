import { spawn } from 'node:child_process';
import { DeployError } from '../errors.js';
import type { CliIo } from './io.js';

/**
 * Runs the operator's OTRS deployment (e.g. `otrs.Console.pl Maint::Config::Rebuild`) through
 * the shell after a commit that changed settings. Its output goes to stderr: stdout is the
 * tool's result. The database changes are already committed, so a failure says exactly that.
 * `signal` stops it (Ctrl+C on apply): the shell's process group gets SIGTERM.
 */
export function runDeployCommand(command: string, timeoutMs: number, io: CliIo, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...io.env } as NodeJS.ProcessEnv, cwd: io.cwd, detached: true });
    child.stdout.on('data', (d: Buffer) => io.stderr.write(d));
    child.stderr.on('data', (d: Buffer) => io.stderr.write(d));
    let timedOut = false;
    // The shell's whole process group, so a hanging child of the shell dies too.
    const killGroup = (how: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, how);
      } catch {
        child.kill(how);
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGKILL');
    }, timeoutMs);
    signal?.addEventListener('abort', () => killGroup('SIGTERM'), { once: true });
    const committed = 'the database changes are committed, but';
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new DeployError(`${committed} the deploy command could not be started: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new DeployError(`${committed} the deploy command timed out after ${Math.round(timeoutMs / 1000)} s (--deploy-timeout) and was killed; deploy in OTRS by hand`));
      else if (code !== 0) reject(new DeployError(`${committed} the deploy command failed (${signal ? `signal ${signal}` : `exit ${code}`}); fix it and deploy in OTRS by hand`));
      else resolve();
    });
  });
}
