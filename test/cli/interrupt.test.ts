import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { writeDialectFor } from '../../src/db/dialects/index.js';
import { lockWaiters } from '../db/server-sessions.js';
import { describeWithServer, type ServerName } from '../servers.js';
import { waitFor } from '../wait-for.js';
import { expectNoStackTrace, repoRoot, runCli, withTempDir } from './run-cli.js';
import { serverDatabase } from './server-database.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');

/** Whether a process still runs (signal 0 only probes). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Issue 10: Ctrl+C during apply. Apply is all or nothing, so the one thing the operator needs to
 * know is which of the two happened: the binary says it on stderr, then exits 130 as a shell does.
 */
describe('Ctrl+C (SIGINT) during apply (real binary)', () => {
  it('after the commit, while the deploy command runs: says the changes are applied, stops the deploy command, exit 130', async () => {
    await withTempDir(async (dir) => {
      const pidFile = join(dir, 'deploy.pid');
      let seen = '';
      const r = await runCli(
        ['apply', smallShop, '--yes', '--database', 'embedded:db', '--deploy-command', `echo $$ > ${pidFile}; echo deploy-started >&2; exec sleep 120`],
        {
          cwd: dir,
          onSpawn: (child) =>
            child.stderr?.on('data', (d: string | Buffer) => {
              const before = seen;
              seen += String(d);
              // The whole line, as the shell prints it: the CLI's own "Running the deploy command: …" note quotes the command text.
              if (!/^deploy-started$/m.test(before) && /^deploy-started$/m.test(seen)) child.kill('SIGINT');
            }),
        },
      );
      expectNoStackTrace(r.stderr);
      expect(r.stderr).toMatch(/^Interrupted after the commit: the changes are applied \(3 created, 0 changed, 0 invalidated, 2 settings changed\)/m);
      expect(r.stderr).toMatch(/\. The deploy command was stopped: deploy in OTRS by hand\.$/m);
      expect(r.code).toBe(130);
      const deployPid = Number(readFileSync(pidFile, 'utf8'));
      await waitFor(() => !running(deployPid), { what: 'the deploy command to end' });

      const again = await runCli(['plan', smallShop, '--database', 'embedded:db'], { cwd: dir });
      expect(again.stdout).toBe('No changes.\n');
    });
  });

  for (const server of ['postgres', 'mariadb'] as const satisfies readonly ServerName[]) {
    describeWithServer(server, `before the commit, while waiting for the apply lock on ${server}`, () => {
      const database = serverDatabase(server, { groupTable: 'permission_groups' });
      const { name } = database;
      const open = (db: string): Promise<Db> => database.open(db);
      const urlOf = (db: string): string => database.url(db);

      it('says nothing was written, exit 130; the database is unchanged', async () => {
        const [holder, observer] = [await open(name), await open(name)];
        let release: () => void = () => undefined;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked: () => void = () => undefined;
        const lockTaken = new Promise<void>((resolve) => (locked = resolve));
        const holding = holder.transaction(async (tx) => {
          await writeDialectFor(tx.dialect).acquireApplyLock(tx, 5_000);
          locked();
          await released;
        });
        try {
          await lockTaken;
          const r = await runCli(['apply', smallShop, '--yes', '--lock-timeout', '600', '--database', urlOf(name)], {
            onSpawn: (child) => {
              lockWaiters(observer, 1, 'apply-lock').then(
                () => child.kill('SIGINT'),
                () => child.kill('SIGKILL'),
              );
            },
          });
          expectNoStackTrace(r.stderr);
          expect(r.stderr).toMatch(/^Interrupted before the commit: nothing was written \(the transaction was not committed, and the database rolls it back\)\.$/m);
          expect(r.code).toBe(130);
        } finally {
          release();
          await holding;
          await writeDialectFor(holder.dialect).releaseApplyLock(holder);
          await holder.close();
          await observer.close();
        }
        const [row] = await (async () => {
          const db = await open(name);
          try {
            return await db.query<{ n: unknown }>('SELECT count(*) AS n FROM chat_channel');
          } finally {
            await db.close();
          }
        })();
        expect(Number(row?.n)).toBe(0);
      });
    });
  }
});
