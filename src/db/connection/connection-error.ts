import { ConnectionError } from '../../errors.js';
import type { PostgresTarget } from './database-target.js';
import { scrubSecrets, type Secret } from './secret.js';
import { sqlStateOf } from '../sql-state.js';

/**
 * Turns whatever a PostgreSQL driver threw while connecting into one sentence that says what to
 * check. The password never appears: the target's description holds none, and the driver's own
 * text is scrubbed of every form of it.
 */
export function describeConnectFailure(err: unknown, target: PostgresTarget): ConnectionError {
  const code = systemCode(err) ?? sqlStateOf(err);
  const detail = scrubSecrets(messageOf(err), [target.password]).replace(/\.$/, '');
  return new ConnectionError(`cannot connect to ${target.description}: ${reason(code, detail, target)}`);
}

/** A failure on an open connection (server gone, network cut): one sentence, password scrubbed. */
export function describeLostConnection(err: unknown, description: string, secrets: readonly (Secret | undefined)[]): ConnectionError {
  const detail = scrubSecrets(messageOf(err), secrets).replace(/\.$/, '');
  return new ConnectionError(`lost the connection to ${description} (${detail}); nothing more was sent`);
}

function reason(code: string | undefined, detail: string, target: PostgresTarget): string {
  const tls = `sslmode=${target.sslMode}`;
  const network = networkReason(code, { server: 'PostgreSQL', host: target.host, timeout: timeout(target) });
  if (network) return network;
  switch (code) {
    case 'ENOENT':
      return `no PostgreSQL socket in ${target.host} (is the server running on this machine?)`;
    case '28P01':
      return `password authentication failed for user "${target.user}" (check the password in the URL, PGPASSWORD or ~/.pgpass)`;
    case '28000':
      if (/role .* does not exist/i.test(detail)) return `the user "${target.user}" does not exist on that server (check the user name in the URL or PGUSER)`;
      return `the server refused the login (${detail}); check the user and the server's pg_hba.conf`;
    case '3D000':
      return `the database "${target.database}" does not exist on that server (check the name at the end of the URL)`;
    case '53300':
      return 'the server has too many connections open; try again later';
    case '57P03':
      return 'the server is starting up or shutting down; try again shortly';
  }
  if (/connection timeout|timeout expired/i.test(detail)) return timeout(target);
  if (NOT_POSTGRES.test(detail)) return notPostgres(target);
  if (/does not support SSL/i.test(detail)) return `the server does not offer TLS, but ${tls} requires it`;
  if (/password must be a string|password.*(missing|required)/i.test(detail)) {
    return 'the server asks for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)';
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL/.test(code)) {
    return `its TLS certificate was not accepted (${code}): ${tls} verifies it, so name the CA with sslrootcert=FILE in the URL, or use sslmode=require to encrypt without verifying`;
  }
  if (code === 'ECONNRESET' || /terminated unexpectedly/i.test(detail)) {
    return 'the server closed the connection during login (is it PostgreSQL, and does it accept this client? its log says why)';
  }
  return detail || 'unknown error';
}

/**
 * What pg says when the other end is not PostgreSQL: its answer to the TLS request is neither yes
 * nor no, or its first bytes are no PostgreSQL message. A MySQL server greets first, and does so.
 */
const NOT_POSTGRES = /error establishing an SSL connection|Received unexpected \w+ message from backend|received invalid response|Unknown authenticationOk message type/i;

function notPostgres(target: PostgresTarget): string {
  const where = target.host.startsWith('/') ? `the socket in ${target.host}` : `the server at ${target.host}:${target.port}`;
  return `${where} does not answer as PostgreSQL does (is it MySQL or MariaDB? Then use a mysql:// URL; PostgreSQL usually listens on port 5432)`;
}

/** What the network said, the same for every driver: refused, no such host, no answer, no route. */
export function networkReason(code: string | undefined, about: { server: string; host: string; timeout: string }): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (is ${about.server} running there and accepting TCP connections on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_AGAIN':
      return `the host "${about.host}" was not found (check the host name)`;
    case 'ETIMEDOUT':
      return about.timeout;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host cannot be reached from here (check the network route and firewall)';
    default:
      return undefined;
  }
}

function timeout(target: PostgresTarget): string {
  return `no answer within ${target.connectTimeoutMs / 1000} s (check the host, the port and any firewall; connect_timeout=SECONDS in the URL waits longer)`;
}

/** Node system errors carry `code` (ECONNREFUSED...); with several addresses it sits on the AggregateError's parts. */
export function systemCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(E[A-Z_]+|[A-Z_]*CERT[A-Z_]*|[A-Z_]*SELF_SIGNED[A-Z_]*|UNABLE_TO[A-Z_]*)$/.test(code)) return code;
  const parts = (err as { errors?: unknown }).errors;
  return Array.isArray(parts) && parts.length > 0 ? systemCode(parts[0]) : undefined;
}

export function messageOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(messageOf).join('; ');
  return err instanceof Error ? err.message : String(err);
}
