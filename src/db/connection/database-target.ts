import type { Secret } from './secret.js';

/** libpq's `sslmode` values, with libpq's meaning. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The MySQL client's `--ssl-mode` values (`ssl-mode=` in a mysql:// URL, any case), with its meaning. */
export const MYSQL_SSL_MODES = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'] as const;
export type MysqlSslMode = (typeof MYSQL_SSL_MODES)[number];

interface TargetBase {
  /** Safe to print: never holds a password. */
  readonly description: string;
  /** Nothing named a database, so the embedded default was chosen: the CLI says so loudly. */
  readonly defaulted: boolean;
}

export interface PostgresTarget extends TargetBase {
  readonly kind: 'postgres';
  /** A host name or address, or a Unix-socket directory (starts with `/`). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** `undefined`: none given; the driver may still find one in `~/.pgpass`. */
  readonly password: Secret | undefined;
  readonly database: string;
  readonly sslMode: SslMode;
  /** A CA file for verify-ca / verify-full (`sslrootcert`, `PGSSLROOTCERT`). */
  readonly sslRootCert: string | undefined;
  /** @default 10 000 (`connect_timeout` in the URL or `PGCONNECT_TIMEOUT`, in seconds; 0 waits forever) */
  readonly connectTimeoutMs: number;
  readonly applicationName: string;
  /** Run-time settings sent at connect (`options`, `PGOPTIONS`), e.g. `-c search_path=otrs` for OTRS in its own schema. */
  readonly serverOptions: string | undefined;
}

export interface MysqlTarget extends TargetBase {
  readonly kind: 'mysql';
  readonly flavor: 'mysql' | 'mariadb';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: Secret | undefined;
  readonly database: string;
  /** @default 'PREFERRED', or 'VERIFY_CA' when `ssl-ca` is given (as the MySQL client decides) */
  readonly sslMode: MysqlSslMode;
  /** A CA file (PEM) for VERIFY_CA / VERIFY_IDENTITY (`ssl-ca`); without it, Node's trusted CAs. */
  readonly sslCa: string | undefined;
  /** @default 10 000 (`connect-timeout` in the URL, in seconds; 0 waits forever) */
  readonly connectTimeoutMs: number;
}

export interface EmbeddedTarget extends TargetBase {
  readonly kind: 'embedded';
  /** Absolute path of the PGlite data directory. */
  readonly dir: string;
}

export type DatabaseTarget = PostgresTarget | MysqlTarget | EmbeddedTarget;
