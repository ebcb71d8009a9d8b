import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { parseDatabaseTarget } from '../../src/db/connection/resolve-target.js';
import type { Db } from '../../src/db/db.js';
import { createOtrsTables } from '../db/harness.js';
import { describeWithServer } from '../servers.js';
import { binPath, repoRoot } from './run-cli.js';

const serverUrl = process.env.OTRS_TEST_DATABASE_URL;

/**
 * The database changes while a reviewer reads the plan at the prompt: apply must refuse and
 * show the plan as it stands now. Needs a server (the embedded database is locked by the CLI).
 */
describeWithServer('postgres', 'apply when the database changed after the plan was shown (real binary, PostgreSQL)', () => {
  const name = `otrs_test_${randomBytes(6).toString('hex')}`;
  const urlOf = (database: string): string => {
    const url = new URL(serverUrl ?? '');
    url.pathname = `/${database}`;
    return url.toString();
  };
  const open = (database: string): Promise<Db> =>
    openDatabase(parseDatabaseTarget(urlOf(database), {}, '/tmp', 'OTRS_TEST_DATABASE_URL'), { lockTimeoutMs: 0 });
  let admin: Db | undefined;

  beforeAll(async () => {
    admin = await open(new URL(serverUrl ?? '').pathname.slice(1));
    await admin.query(`CREATE DATABASE ${name}`);
    const db = await open(name);
    try {
      await createOtrsTables(db, undefined);
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.close();
  });

  it('refuses, writes nothing, and shows the new plan', async () => {
    const example = `${repoRoot}examples/small-shop`;
    const child = spawn('script', ['-qec', `"${process.execPath}" "${binPath}" apply "${example}" --no-color`, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', OTRS_DATABASE_URL: urlOf(name) },
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: string) => {
        output += d;
        if (output.includes('Only "yes" is accepted')) resolve();
      });
      child.on('close', () => reject(new Error(`apply ended before asking:\n${output}`)));
    });

    // While the reviewer reads: somebody creates one of the planned channels in OTRS.
    const other = await open(name);
    try {
      await other.query(
        "INSERT INTO chat_channel (name, group_id, valid_id, comments, create_time, create_by, change_time, change_by) VALUES ('Orders and delivery', 1, 1, 'made by hand', current_timestamp, 1, current_timestamp, 1)",
      );
    } finally {
      await other.close();
    }
    child.stdin.end('yes\n');

    expect(await closed).toBe(1);
    expect(output).toMatch(/the database changed since the plan was shown; nothing was applied/);
    expect(output).toMatch(/The plan as it stands now:[\s\S]*~ channel "Orders and delivery"[\s\S]*Plan: 2 to create, 1 to change/);
    const check = await open(name);
    try {
      const rows = await check.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_channel');
      expect(rows[0]?.n).toBe(1);
    } finally {
      await check.close();
    }
  });
});
