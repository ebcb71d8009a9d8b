import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../../src/db/connect.js';
import { resolveDatabaseTarget } from '../../../src/db/connection/resolve-target.js';
import type { Db } from '../../../src/db/db.js';
import { connectError, ENCODED, PASSWORD } from './connect-failure.js';
import { FAKE_MYSQL_CERT, FAKE_MYSQL_OTHER_CERT, startFakeMysql, type FakeMysql } from './fake-mysql.js';
import { describeWithServer } from '../../servers.js';

const CA = fileURLToPath(FAKE_MYSQL_CERT);

const open = (url: string): Promise<Db> => openDatabase(resolveDatabaseTarget(url, {}, '/tmp'), { lockTimeoutMs: 0 });

describe('connecting to MySQL / MariaDB fails with one clear sentence and never the password', () => {
  let fake: FakeMysql | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  test('nothing listening on the port', async () => {
    const err = await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:1/otrs`);
    expect(err.message).toBe(
      'cannot connect to mysql://otrs@127.0.0.1:1/otrs: connection refused (is MySQL or MariaDB running there and accepting TCP connections on that port?)',
    );
  });

  // The 30 s test timeout is only a hang guard; the error says it gave up after the URL's 1 s connect timeout.
  test('a server that never answers: a timeout, not a hang', { timeout: 30_000 }, async () => {
    fake = await startFakeMysql({ mode: 'silent' });
    const err = await connectError(`mariadb://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?connect-timeout=1`);
    expect(err.message).toBe(
      `cannot connect to mariadb://otrs@127.0.0.1:${fake.port}/otrs: no answer within 1 s (check the host, the port and any firewall; connect-timeout=SECONDS in the URL waits longer)`,
    );
  });

  test('the default ssl-mode=PREFERRED falls back to plain when the server has no TLS; REQUIRED does not', async () => {
    fake = await startFakeMysql({ mode: 'refuse-login' });
    const preferred = await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs`);
    expect(preferred.message).toBe(
      `cannot connect to mysql://otrs@127.0.0.1:${fake.port}/otrs: access denied for user "otrs" (check the user name and the password in the URL, and that this user may log in from this host)`,
    );
    expect(fake.logins).toEqual([{ user: 'otrs', tls: false }]);

    const required = await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?ssl-mode=required`);
    expect(required.message).toBe(`cannot connect to mysql://otrs@127.0.0.1:${fake.port}/otrs?ssl-mode=REQUIRED: the server does not offer TLS, but ssl-mode=REQUIRED requires it`);
    expect(fake.logins).toHaveLength(1);
  });

  test('PREFERRED and REQUIRED encrypt without verifying the certificate', async () => {
    fake = await startFakeMysql({ mode: 'refuse-login', offerTls: true });
    await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs`);
    await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?ssl-mode=REQUIRED`);
    expect(fake.logins).toEqual([
      { user: 'otrs', tls: true },
      { user: 'otrs', tls: true },
    ]);
  });

  test('VERIFY_CA refuses a certificate no trusted CA signed, and accepts it given that CA with ssl-ca', async () => {
    fake = await startFakeMysql({ mode: 'refuse-login', offerTls: true });
    const untrusted = await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?ssl-mode=VERIFY_CA`);
    expect(untrusted.message).toMatch(
      /: its TLS certificate was not accepted \(self-signed certificate\): ssl-mode=VERIFY_CA verifies it, so name the CA with ssl-ca=FILE in the URL, or use ssl-mode=REQUIRED to encrypt without verifying$/,
    );
    expect(fake.logins).toEqual([]);
    // A CA file alone means VERIFY_CA, as for the MySQL client; the host name (an address here) is not checked.
    const trusted = await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?ssl-ca=${encodeURIComponent(CA)}`);
    expect(trusted.message).toMatch(/\?ssl-mode=VERIFY_CA: access denied for user "otrs"/);
    expect(fake.logins).toEqual([{ user: 'otrs', tls: true }]);
  });

  test('VERIFY_IDENTITY also checks the host name against the certificate', async () => {
    fake = await startFakeMysql({ mode: 'refuse-login', offerTls: true });
    const url = (host: string, ca: URL): string => `mysql://otrs:${ENCODED}@${host}:${fake?.port}/otrs?ssl-mode=VERIFY_IDENTITY&ssl-ca=${encodeURIComponent(fileURLToPath(ca))}`;
    await connectError(url('localhost', FAKE_MYSQL_CERT));
    expect(fake.logins).toEqual([{ user: 'otrs', tls: true }]);
    await fake.close();

    fake = await startFakeMysql({ mode: 'refuse-login', offerTls: true, certificate: 'other' });
    const wrongName = await connectError(url('localhost', FAKE_MYSQL_OTHER_CERT));
    expect(wrongName.message).toMatch(
      /: its TLS certificate does not name the host "localhost" \(connect by a name the certificate gives, or use ssl-mode=VERIFY_CA to check only that a trusted CA signed it\)$/,
    );
    expect(fake.logins).toEqual([]);
  });

  test('VERIFY_IDENTITY with an address instead of a host name is refused before connecting', async () => {
    fake = await startFakeMysql({ mode: 'refuse-login', offerTls: true });
    const err = await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:${fake.port}/otrs?ssl-mode=VERIFY_IDENTITY&ssl-ca=${encodeURIComponent(CA)}`);
    expect(err.message).toBe(
      `cannot connect to mysql://otrs@127.0.0.1:${fake.port}/otrs?ssl-mode=VERIFY_IDENTITY: ssl-mode=VERIFY_IDENTITY needs the server's host name in the URL, as its certificate names it, not an address (or use ssl-mode=VERIFY_CA)`,
    );
    expect(fake.connections).toBe(0);
  });

  test('a CA file that cannot be read is named', async () => {
    const err = await connectError(`mysql://otrs:${ENCODED}@127.0.0.1:1/otrs?ssl-mode=VERIFY_CA&ssl-ca=/nonexistent/ca.pem`);
    expect(err.message).toBe('cannot read the TLS CA file /nonexistent/ca.pem (ssl-ca): it does not exist');
  });
});

const serverUrl = process.env.OTRS_TEST_MYSQL_URL;

describeWithServer('mariadb', 'connecting to the real MariaDB / MySQL server', () => {
  const withUser = (user: string, password: string | undefined, database: string): string => {
    const url = new URL(serverUrl ?? '');
    url.username = user;
    url.password = password === undefined ? '' : encodeURIComponent(password);
    url.pathname = `/${database}`;
    return url.toString();
  };

  /** A user of its own with PASSWORD, allowed into `database` only; dropped after fn. */
  async function withThrowawayUser(fn: (user: string, database: string) => Promise<void>): Promise<void> {
    const admin = await open(serverUrl ?? '');
    const suffix = randomBytes(4).toString('hex');
    const [user, database, forbidden] = [`occ_${suffix}`, `otrs_test_${suffix}`, `otrs_test_${suffix}_x`];
    try {
      await admin.query(`CREATE DATABASE \`${database}\``);
      await admin.query(`CREATE DATABASE \`${forbidden}\``);
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${PASSWORD}'`);
      await admin.query(`GRANT ALL ON \`${database}\`.* TO '${user}'@'%'`);
      await fn(user, database);
    } finally {
      await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.query(`DROP DATABASE IF EXISTS \`${forbidden}\``);
      await admin.close();
    }
  }

  test('a wrong password', async () => {
    await withThrowawayUser(async (user, database) => {
      const err = await connectError(withUser(user, `${PASSWORD}-wrong`, database));
      expect(err.message).toMatch(new RegExp(`^cannot connect to mysql://${user}@[^ ]+/${database}: access denied for user "${user}" \\(check the user name and the password in the URL`));
      const none = await connectError(withUser(user, undefined, database));
      expect(none.message).toMatch(/: access denied for user "occ_[0-9a-f]+" \(the URL gives no password: put it in the URL/);
    });
  });

  test('the right password works; the connection describes itself without it', async () => {
    await withThrowawayUser(async (user, database) => {
      const db = await open(withUser(user, PASSWORD, database));
      try {
        expect(db.description).not.toContain('Tr0ub4dor');
        expect(db.dialect).toBe('mysql');
        expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await db.close();
      }
    });
  });

  test('a database the user may not use, and one that does not exist', async () => {
    await withThrowawayUser(async (user, database) => {
      const forbidden = await connectError(withUser(user, PASSWORD, `${database}_x`));
      expect(forbidden.message).toMatch(new RegExp(`: the user "${user}" may not use the database "${database}_x" \\(GRANT it SELECT, INSERT, UPDATE on that database\\)$`));
      const missing = await connectError(withUser('root', PASSWORD, 'no_such_database_for_otrs'));
      expect(missing.message).toMatch(/: access denied for user "root"|: the database "no_such_database_for_otrs" does not exist/);
      const rootMissing = await connectError(withUser(new URL(serverUrl ?? '').username || 'root', undefined, 'no_such_database_for_otrs'));
      expect(rootMissing.message).toMatch(/: the database "no_such_database_for_otrs" does not exist on that server \(check the name at the end of the URL\)$/);
    });
  });
});
