import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import mysql from 'mysql2';
import type { Connection as PromiseConnection } from 'mysql2/promise';
import { ConnectionError, fileSystemReason } from '../../errors.js';
import type { MysqlTarget } from './database-target.js';
import type { Db } from '../db.js';
import { describeLostConnection } from './connection-error.js';
import { describeMysqlConnectFailure, isMysqlTransportFailure } from './mysql-connection-error.js';
import { sessionDb } from './session-db.js';

/**
 * The tool's own session on MySQL / MariaDB (docs/otrs.md, "MySQL and MariaDB"):
 * - strict: a value that does not fit fails its statement (and the apply rolls back) instead of
 *   being cut or coerced with a warning, whatever the server's global sql_mode;
 * - utf8mb4 on the wire, so every character travels as it is and the column's character set
 *   alone decides what can be stored (the plan refuses what utf8mb3 cannot hold);
 * - the time zone is left as the server sets it: `current_timestamp` then gives the same
 *   DATETIME values as OTRS's own `current_timestamp` inserts on that server.
 */
export const MYSQL_SQL_MODE = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
const SESSION_SETUP = [`SET SESSION sql_mode = '${MYSQL_SQL_MODE}'`, 'SET NAMES utf8mb4'];

/** The longest statement text kept prepared (see `openMysql`): every fixed shape this tool sends is shorter. */
export const KEPT_STATEMENT_CHARS = 8192;

type TlsOptions = false | { readonly ca?: string; readonly rejectUnauthorized: boolean; readonly verifyIdentity?: boolean };

/**
 * Opens one mysql2 connection (one process, one connection: no pool) and sets up the session.
 * Every failure to connect becomes a `ConnectionError` of one sentence without the password.
 *
 * Statements with bind parameters run as server-side prepared statements (`?` placeholders;
 * values never enter the SQL text); statements without parameters (BEGIN, DDL in tests) use the
 * text protocol. A prepared statement of a fixed shape (at most `KEPT_STATEMENT_CHARS` of text:
 * the lock, the reads, the digest, the JSON_TABLE writes) stays prepared for the connection's
 * life, so using it again costs one round trip instead of two; a longer one (one placeholder per
 * value, on servers without JSON_TABLE) is closed right after, so none of those piles up on the
 * server. Either way the connection holds a few dozen at most, and closing it frees them.
 */
export async function openMysql(target: MysqlTarget): Promise<Db> {
  const tls = tlsSettings(target);
  let connection: PromiseConnection;
  try {
    connection = await connect(target, tls);
  } catch (err) {
    // The MySQL client's PREFERRED: TLS when the server offers it, plain when it does not.
    if (target.sslMode !== 'PREFERRED' || codeOf(err) !== 'HANDSHAKE_NO_SSL_SUPPORT') throw describeMysqlConnectFailure(err, target);
    try {
      connection = await connect(target, false);
    } catch (plainErr) {
      throw describeMysqlConnectFailure(plainErr, target);
    }
  }
  try {
    for (const statement of SESSION_SETUP) await connection.query(statement);
  } catch (err) {
    connection.destroy();
    throw describeMysqlConnectFailure(err, target);
  }

  return sessionDb('mysql', target.description, {
    async run(sql, params) {
      if (params.length === 0) return rowsOf((await connection.query(sql))[0]);
      try {
        // Values are what the callers bind (strings, numbers, null): mysql2's union of accepted types says no more.
        return rowsOf((await connection.execute(sql, [...params] as Parameters<PromiseConnection['execute']>[1]))[0]);
      } finally {
        if (sql.length > KEPT_STATEMENT_CHARS) connection.unprepare(sql);
      }
    },
    // A connection the server already ended has nothing left to close politely.
    close: () => connection.end().catch(() => connection.destroy()),
    translateError: (err) => (isMysqlTransportFailure(err) ? describeLostConnection(err, target.description, [target.password]) : err),
  });
}

/**
 * mysql2's promise API over a connection that has an 'error' listener from its first byte: a
 * late error event (the server closing a failed login, a dropped link while idle) then never
 * crashes the process, and the next statement reports the lost connection instead.
 */
function connect(target: MysqlTarget, ssl: TlsOptions): Promise<PromiseConnection> {
  return new Promise((resolve, reject) => {
    const core = mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      database: target.database,
      ...(target.password ? { password: target.password.reveal() } : {}),
      ...(ssl ? { ssl: { ...ssl } } : {}),
      connectTimeout: target.connectTimeoutMs,
      charset: 'UTF8MB4_GENERAL_CI',
      // Ids and counts as numbers, and integers beyond 2^53 as exact strings, as the pg connection reads them.
      supportBigNumbers: true,
      multipleStatements: false,
      enableKeepAlive: true,
    });
    let settled = false;
    core.on('error', (err) => {
      if (settled) return;
      settled = true;
      core.destroy();
      reject(err);
    });
    core.once('connect', () => {
      if (settled) return;
      settled = true;
      resolve(core.promise());
    });
  });
}

/** The MySQL client's `--ssl-mode`, mapped onto mysql2's TLS options (`false`: no TLS). */
function tlsSettings(target: MysqlTarget): TlsOptions {
  const withCa = target.sslCa === undefined ? {} : { ca: readCa(target.sslCa) };
  switch (target.sslMode) {
    case 'DISABLED':
      return false;
    case 'PREFERRED':
    case 'REQUIRED':
      return { rejectUnauthorized: false };
    case 'VERIFY_CA':
      return { ...withCa, rejectUnauthorized: true, verifyIdentity: false };
    case 'VERIFY_IDENTITY':
      // mysql2 checks a certificate only against a host name; given an address it would check "localhost".
      if (isIP(target.host) !== 0) {
        throw new ConnectionError(
          `cannot connect to ${target.description}: ssl-mode=VERIFY_IDENTITY needs the server's host name in the URL, as its certificate names it, not an address (or use ssl-mode=VERIFY_CA)`,
        );
      }
      return { ...withCa, rejectUnauthorized: true, verifyIdentity: true };
  }
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConnectionError(`cannot read the TLS CA file ${path} (ssl-ca): ${fileSystemReason(err)}`);
  }
}

/** A SELECT gives rows; INSERT/UPDATE give a result header, which is no rows. */
function rowsOf(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
}

function codeOf(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
