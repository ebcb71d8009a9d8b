import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../src/db/connect.js';
import { resolveDatabaseTarget } from '../../../src/db/connection/resolve-target.js';
import { connectError, ENCODED, expectNoPassword, PASSWORD } from './connect-failure.js';
import { startFakePostgres, type FakePostgres } from './fake-postgres.js';
import { describeWithServer } from '../../servers.js';

describe('connecting to PostgreSQL fails with one clear sentence and never the password', () => {
  let fake: FakePostgres | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  test('nothing listening on the port', async () => {
    const err = await connectError(`postgres://otrs:${ENCODED}@127.0.0.1:1/otrs`);
    expect(err.message).toBe(
      'cannot connect to postgres://otrs@127.0.0.1:1/otrs: connection refused (is PostgreSQL running there and accepting TCP connections on that port?)',
    );
    expectNoPassword(err);
  });

  test('wrong password, even when the server quotes it back', async () => {
    fake = await startFakePostgres({
      mode: 'reject-password',
      error: (pw) => ({ code: '28P01', message: `password authentication failed for user "otrs" (password was ${pw})` }),
    });
    const err = await connectError(`postgres://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?sslmode=disable`);
    expect(fake.passwordsReceived).toEqual([PASSWORD]);
    expect(err.message).toBe(
      `cannot connect to postgres://otrs@127.0.0.1:${fake.port}/otrs?sslmode=disable: password authentication failed for user "otrs" (check the password in the URL, PGPASSWORD or ~/.pgpass)`,
    );
    expectNoPassword(err);
  });

  test('a password from PGPASSWORD is scrubbed too, from messages the tool has no sentence for', async () => {
    fake = await startFakePostgres({ mode: 'reject-password', error: (pw) => ({ code: 'XX000', message: `strange failure near ${pw}` }) });
    const err = await connectError(`postgres://otrs@127.0.0.1:${fake.port}/otrs?sslmode=disable`, { PGPASSWORD: PASSWORD });
    expect(fake.passwordsReceived).toEqual([PASSWORD]);
    expect(err.message).toBe(`cannot connect to postgres://otrs@127.0.0.1:${fake.port}/otrs?sslmode=disable: strange failure near ***`);
    expectNoPassword(err);
  });

  test('sslmode=prefer falls back to plain when the server has no TLS; require does not', async () => {
    fake = await startFakePostgres({ mode: 'reject-password' });
    await connectError(`postgres://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs`);
    expect(fake.passwordsReceived).toEqual([PASSWORD]);
    const err = await connectError(`postgres://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?sslmode=require`);
    expect(err.message).toMatch(/: the server does not offer TLS, but sslmode=require requires it$/);
    expect(fake.passwordsReceived).toHaveLength(1);
  });

  // The 30 s test timeout is only a hang guard; the error says it gave up after the URL's 1 s connect timeout.
  test('a server that never answers: a timeout, not a hang', { timeout: 30_000 }, async () => {
    fake = await startFakePostgres({ mode: 'silent' });
    const err = await connectError(`postgres://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?connect_timeout=1&sslmode=disable`);
    expect(err.message).toMatch(/: no answer within 1 s \(check the host, the port and any firewall; connect_timeout=SECONDS in the URL waits longer\)$/);
    expectNoPassword(err);
  });

  test('a missing root certificate file is named', async () => {
    const err = await connectError(`postgres://otrs:${ENCODED}@127.0.0.1:1/otrs?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem`);
    expect(err.message).toMatch(/cannot read the TLS root certificate file \/nonexistent\/ca.pem/);
  });

});

const serverUrl = process.env.OTRS_TEST_DATABASE_URL;

describeWithServer('postgres', 'connecting to the real PostgreSQL server', () => {
  const withPassword = (database: string): string => {
    const url = new URL(serverUrl ?? '');
    url.password = ENCODED;
    url.pathname = `/${database}`;
    return url.toString();
  };

  test('a database that does not exist', async () => {
    const err = await connectError(withPassword('no_such_database_for_otrs'));
    expect(err.message).toMatch(/: the database "no_such_database_for_otrs" does not exist on that server \(check the name at the end of the URL\)$/);
    expectNoPassword(err);
  });

  test('a user that does not exist', async () => {
    const url = new URL(withPassword('test'));
    url.username = 'no_such_role_for_otrs';
    const err = await connectError(url.toString());
    expect(err.message).toMatch(/^cannot connect to postgres:\/\/no_such_role_for_otrs@.*: the user "no_such_role_for_otrs" does not exist on that server \(check the user name in the URL or PGUSER\)$/);
    expectNoPassword(err);
  });

  test('a working connection describes itself without the password', async () => {
    const db = await openDatabase(resolveDatabaseTarget(withPassword('test'), {}, '/tmp'), { lockTimeoutMs: 0 });
    try {
      expect(db.description).not.toContain('Tr0ub4dor');
      expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  test('options in the URL reach the server, e.g. the search_path of an OTRS in its own schema', async () => {
    const db = await openDatabase(resolveDatabaseTarget(`${withPassword('test')}?options=-c%20search_path%3Dotrs`, {}, '/tmp'), { lockTimeoutMs: 0 });
    try {
      expect(await db.query('SHOW search_path')).toEqual([{ search_path: 'otrs' }]);
    } finally {
      await db.close();
    }
  });
});
