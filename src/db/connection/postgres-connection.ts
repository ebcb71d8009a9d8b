import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { ConnectionError, fileSystemReason } from '../../errors.js';
import { describeConnectFailure, describeLostConnection } from './connection-error.js';
import type { PostgresTarget } from './database-target.js';
import type { Db } from '../db.js';
import { sessionDb } from './session-db.js';

const INT8_OID = 20;

/**
 * Opens one `pg` connection (one process, one connection: no pool). Every failure to connect
 * becomes a `ConnectionError` of one sentence without the password.
 */
export async function openPostgres(target: PostgresTarget): Promise<Db> {
  const tls = tlsSettings(target);
  let client: pg.Client;
  try {
    client = await connect(target, tls);
  } catch (err) {
    // libpq's "prefer": try TLS first and fall back to plain only when the server has none.
    if (target.sslMode !== 'prefer' || !/does not support SSL/i.test(String(err))) throw describeConnectFailure(err, target);
    try {
      client = await connect(target, false);
    } catch (plainErr) {
      throw describeConnectFailure(plainErr, target);
    }
  }
  let lost: unknown;
  client.on('error', (err) => {
    lost = err;
  });
  return sessionDb('postgres', target.description, {
    async run(sql, params) {
      if (lost !== undefined) throw lost;
      const result: pg.QueryResult | pg.QueryResult[] = await client.query({ text: sql, values: [...params] });
      return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as Record<string, unknown>[];
    },
    close: () => client.end(),
    translateError: (err) => (isTransportFailure(err) ? describeLostConnection(err, target.description, [target.password]) : err),
  });
}

async function connect(target: PostgresTarget, ssl: false | ConnectionOptions): Promise<pg.Client> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    ...(target.password ? { password: target.password.reveal() } : {}),
    ssl,
    connectionTimeoutMillis: target.connectTimeoutMs,
    application_name: target.applicationName,
    ...(target.serverOptions ? { options: target.serverOptions } : {}),
    keepAlive: true,
    // Ids and counts as numbers, as PGlite returns them, so every database reads alike.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // A failed connect also emits 'error'; without a listener Node would crash on it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.end().catch(() => undefined);
    throw err;
  }
}

/** libpq's sslmode, mapped onto Node's TLS options (`false`: no TLS). */
function tlsSettings(target: PostgresTarget): false | ConnectionOptions {
  const ca = target.sslRootCert === undefined ? undefined : readCa(target.sslRootCert);
  const withCa = ca === undefined ? {} : { ca };
  switch (target.sslMode) {
    case 'disable':
    case 'allow': // libpq tries plain first and TLS only if refused; pg cannot, so plain it is
      return false;
    case 'prefer':
    case 'require':
      // As libpq: with a root certificate, require also verifies the chain (not the host name).
      return ca === undefined ? { rejectUnauthorized: false } : { ...withCa, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-ca':
      return { ...withCa, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ...withCa, rejectUnauthorized: true };
  }
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConnectionError(`cannot read the TLS root certificate file ${path} (sslrootcert / PGSSLROOTCERT): ${fileSystemReason(err)}`);
  }
}

function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** Network failures and server-side connection ends, as opposed to a statement's own error. */
function isTransportFailure(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return /^E[A-Z]+$/.test(code) || code.startsWith('08') || code === '57P01' || code === '57P02';
  return err instanceof Error && /Connection terminated|not queryable|Client was closed/i.test(err.message);
}
