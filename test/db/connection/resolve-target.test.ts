import { describe, expect, test } from 'vitest';
import type { DatabaseTarget } from '../../../src/db/connection/database-target.js';
import { resolveDatabaseTarget } from '../../../src/db/connection/resolve-target.js';
import { ConnectionError } from '../../../src/errors.js';

const CWD = '/srv/chat-project';
const resolve = (flag: string | undefined, env: Record<string, string> = {}): DatabaseTarget => resolveDatabaseTarget(flag, env, CWD);
const pg = (flag: string | undefined, env: Record<string, string> = {}) => {
  const target = resolve(flag, env);
  if (target.kind !== 'postgres') throw new Error(`expected postgres, got ${target.kind}`);
  return target;
};

describe('which database', () => {
  test('the --database flag wins over OTRS_DATABASE_URL', () => {
    expect(pg('postgres://a@flag/db', { OTRS_DATABASE_URL: 'postgres://b@env/db' }).host).toBe('flag');
    expect(pg(undefined, { OTRS_DATABASE_URL: 'postgres://b@env/db' }).host).toBe('env');
  });

  test('nothing given outside CI: the embedded database in ./.otrs-chat-config/db, marked as a default', () => {
    expect(resolve(undefined, { OTRS_DATABASE_URL: '' })).toEqual({
      kind: 'embedded',
      dir: '/srv/chat-project/.otrs-chat-config/db',
      defaulted: true,
      description: 'embedded database in ./.otrs-chat-config/db',
    });
  });

  test('nothing given in CI is an error, so a pipeline never applies to a local stand-in', () => {
    expect(() => resolve(undefined, { CI: 'true' })).toThrow(new ConnectionError(
      'no database given: in CI set --database or OTRS_DATABASE_URL (the embedded stand-in database is only used outside CI, so a pipeline never applies to it by mistake)',
    ));
    expect(() => resolve(undefined, { CI: '1', PGHOST: 'db', PGDATABASE: 'otrs' })).toThrow(/no database given/);
    expect(resolve(undefined, { CI: 'false' }).kind).toBe('embedded');
  });

  test('the PG* variables alone never choose a database', () => {
    expect(resolve(undefined, { PGHOST: 'db.example', PGDATABASE: 'otrs', PGUSER: 'otrs' }).kind).toBe('embedded');
  });

  test('embedded and embedded:DIR, relative to the working directory or absolute', () => {
    expect(resolve('embedded')).toMatchObject({ kind: 'embedded', dir: '/srv/chat-project/.otrs-chat-config/db', defaulted: false });
    expect(resolve('embedded:state/db')).toMatchObject({ dir: '/srv/chat-project/state/db', description: 'embedded database in ./state/db' });
    expect(resolve('embedded:/var/lib/otrs-chat')).toMatchObject({ dir: '/var/lib/otrs-chat', description: 'embedded database in /var/lib/otrs-chat' });
  });

  test('an empty --database is an error, not the embedded default', () => {
    expect(() => resolve('  ')).toThrow(/--database is empty/);
  });

  test('an unknown scheme lists the accepted forms', () => {
    expect(() => resolve('sqlite:///x.db')).toThrow(/scheme "sqlite:".*postgres:\/\/USER@HOST:PORT\/DATABASE.*mysql:\/\/.*mariadb:\/\/.*embedded\[:DIR\]/);
    expect(() => resolve('db.example:5432')).toThrow(/is not a database URL this tool accepts/);
  });
});

describe('postgres:// URLs', () => {
  test('every part from the URL; the password hidden from print', () => {
    const t = pg('postgresql://otrs:s%40cret@db.example:6432/otrs_prod?sslmode=verify-full&connect_timeout=3&application_name=ci&options=-c%20search_path%3Dotrs');
    expect(t).toMatchObject({
      host: 'db.example',
      port: 6432,
      user: 'otrs',
      database: 'otrs_prod',
      sslMode: 'verify-full',
      connectTimeoutMs: 3000,
      applicationName: 'ci',
      serverOptions: '-c search_path=otrs',
    });
    expect(t.password?.reveal()).toBe('s@cret');
    expect(t.description).toBe('postgres://otrs@db.example:6432/otrs_prod?sslmode=verify-full');
    expect(JSON.stringify(t)).not.toContain('cret');
    expect(String(t.password)).toBe('[redacted]');
  });

  test('PG* variables fill only what the URL leaves out', () => {
    const env = { PGUSER: 'envuser', PGPASSWORD: 'envpass', PGHOST: 'envhost', PGPORT: '7777', PGDATABASE: 'envdb', PGSSLMODE: 'require' };
    const gaps = pg('postgres://', env);
    expect(gaps).toMatchObject({ host: 'envhost', port: 7777, user: 'envuser', database: 'envdb', sslMode: 'require' });
    expect(gaps.password?.reveal()).toBe('envpass');
    const full = pg('postgres://urluser:urlpass@urlhost:5433/urldb?sslmode=disable', env);
    expect(full).toMatchObject({ host: 'urlhost', port: 5433, user: 'urluser', database: 'urldb', sslMode: 'disable' });
    expect(full.password?.reveal()).toBe('urlpass');
  });

  test('defaults as psql: localhost:5432, the login user, a database named after the user, sslmode prefer', () => {
    expect(pg('postgres:///', { USER: 'alice' })).toMatchObject({ host: 'localhost', port: 5432, user: 'alice', database: 'alice', sslMode: 'prefer', password: undefined });
  });

  test('a Unix-socket directory and IPv6 hosts', () => {
    expect(pg('postgres://otrs@/otrs?host=/var/run/postgresql')).toMatchObject({ host: '/var/run/postgresql', description: 'postgres://otrs@/otrs?host=/var/run/postgresql' });
    expect(pg('postgres://otrs@[::1]:5432/otrs')).toMatchObject({ host: '::1', description: 'postgres://otrs@[::1]:5432/otrs' });
  });

  test('mistakes are named without echoing the URL', () => {
    const secret = 'Sup3r-Secret';
    for (const url of [
      `postgres://otrs:${secret}@db/otrs?sslmode=sometimes`,
      `postgres://otrs:${secret}@db/otrs?ssl=true`,
      `postgres://otrs:${secret}%zz@db/otrs`,
      `postgres://otrs:${secret}@db:99999/otrs`,
      `postgres://otrs:${secret}@db/otrs?connect_timeout=soon`,
      `postgres://otrs:pa/${secret}@db/otrs`,
      `postgres://otrs:${secret}/x@db/otrs`,
      `postgres://otrs:${secret}#x@db/otrs`,
    ]) {
      let message = '';
      try {
        resolve(url);
      } catch (err) {
        expect(err).toBeInstanceOf(ConnectionError);
        message = (err as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(secret);
    }
    expect(() => resolve('postgres://db/otrs?ssl=true')).toThrow(/unknown parameter "ssl" \(supported: sslmode,/);
  });

  test('a bad PG* value is blamed on the variable', () => {
    expect(() => resolve('postgres://db/otrs', { PGSSLMODE: 'yes' })).toThrow(/^PGSSLMODE: sslmode "yes" is not one of/);
  });
});

describe('mysql:// and mariadb:// URLs', () => {
  test('are parsed into a MySQL target; PG* variables do not apply', () => {
    const t = resolve('mariadb://otrs:pw@db.example/otrs', { PGPORT: '7777', PGUSER: 'pguser' });
    expect(t).toMatchObject({ kind: 'mysql', flavor: 'mariadb', host: 'db.example', port: 3306, user: 'otrs', database: 'otrs', description: 'mariadb://otrs@db.example:3306/otrs' });
    expect(resolve('mysql://root@127.0.0.1:3307/otrs')).toMatchObject({ kind: 'mysql', flavor: 'mysql', port: 3307 });
  });

  test('must name the database', () => {
    expect(() => resolve('mysql://root@db')).toThrow(/names no database/);
  });

  test("take the MySQL client's TLS and timeout options: ssl-mode (any case), ssl-ca, connect-timeout", () => {
    expect(resolve('mysql://root@db/otrs')).toMatchObject({ sslMode: 'PREFERRED', sslCa: undefined, connectTimeoutMs: 10_000, description: 'mysql://root@db:3306/otrs' });
    expect(resolve('mysql://root@db/otrs?ssl-mode=verify_identity&ssl-ca=/etc/ssl/ca.pem&connect-timeout=3')).toMatchObject({
      sslMode: 'VERIFY_IDENTITY',
      sslCa: '/etc/ssl/ca.pem',
      connectTimeoutMs: 3000,
      description: 'mysql://root@db:3306/otrs?ssl-mode=VERIFY_IDENTITY',
    });
    // As the MySQL client: a CA file without a mode verifies the server against it.
    expect(resolve('mariadb://root@db/otrs?ssl-ca=/ca.pem')).toMatchObject({ sslMode: 'VERIFY_CA' });
    expect(resolve('mysql://root@db/otrs?ssl-mode=DISABLED')).toMatchObject({ sslMode: 'DISABLED' });
  });

  test('refuse TLS options that would not do what they seem to', () => {
    expect(() => resolve('mysql://root@db/otrs?ssl-mode=on')).toThrow(/^the --database flag: ssl-mode "on" is not one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY$/);
    expect(() => resolve('mysql://root@db/otrs?ssl-mode=REQUIRED&ssl-ca=/ca.pem')).toThrow(/ssl-ca is only used to verify the server; give ssl-mode=VERIFY_CA or VERIFY_IDENTITY/);
    expect(() => resolve('mysql://root@db/otrs?sslmode=require')).toThrow(/unknown parameter "sslmode" \(supported: ssl-mode, ssl-ca, connect-timeout\)/);
    expect(() => resolve('mysql://root@db/otrs?connect-timeout=soon')).toThrow(/connect-timeout "soon" is not a whole number of seconds/);
  });

  test('a password never shows in the description or a parse error', () => {
    const t = resolve('mysql://otrs:s3cr%2Ft@db/otrs');
    expect(JSON.stringify(t)).not.toContain('s3cr');
    expect(() => resolve('mysql://otrs:s3cr/t@db/otrs')).toThrow(ConnectionError);
    try {
      resolve('mysql://otrs:s3cr/t@db/otrs');
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cr');
    }
  });
});
