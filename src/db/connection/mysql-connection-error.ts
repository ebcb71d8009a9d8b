import { ConnectionError } from '../../errors.js';
import { messageOf, networkReason, systemCode } from './connection-error.js';
import type { MysqlTarget } from './database-target.js';
import { scrubSecrets } from './secret.js';

/** Server error numbers met while logging in (MySQL and MariaDB share them). */
const ER_CON_COUNT_ERROR = 1040;
const ER_DBACCESS_DENIED_ERROR = 1044;
const ER_ACCESS_DENIED_ERROR = 1045;
const ER_BAD_DB_ERROR = 1049;
const ER_SERVER_SHUTDOWN = 1053;
const ER_HOST_IS_BLOCKED = 1129;
const ER_HOST_NOT_PRIVILEGED = 1130;
const ER_TOO_MANY_USER_CONNECTIONS = 1203;
const ER_MUST_CHANGE_PASSWORD = 1820;
/** Errors that end the session: the connection is gone, whatever the statement was. */
const CONNECTION_ENDING = new Set([ER_SERVER_SHUTDOWN, 1927 /* ER_CONNECTION_KILLED (MariaDB) */, 2006, 2013]);

/**
 * Turns whatever mysql2 threw while connecting into one sentence that says what to check. The
 * password never appears: the target's description holds none, and the driver's own text is
 * scrubbed of every form of it.
 */
export function describeMysqlConnectFailure(err: unknown, target: MysqlTarget): ConnectionError {
  if (err instanceof ConnectionError) return err;
  const detail = scrubSecrets(messageOf(err), [target.password]).replace(/\.$/, '');
  return new ConnectionError(`cannot connect to ${target.description}: ${reason(err, detail, target)}`);
}

/** Network failures and the server ending the session, as opposed to a statement's own error. */
export function isMysqlTransportFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { fatal, code, errno } = err as { fatal?: unknown; code?: unknown; errno?: unknown };
  if (fatal === true) return true;
  if (typeof errno === 'number' && CONNECTION_ENDING.has(errno)) return true;
  return typeof code === 'string' && (/^E(CONN|PIPE|TIMEDOUT|HOST|NET)/.test(code) || code.startsWith('PROTOCOL_'));
}

function reason(err: unknown, detail: string, target: MysqlTarget): string {
  const tls = `ssl-mode=${target.sslMode}`;
  switch (errnoOf(err)) {
    case ER_ACCESS_DENIED_ERROR:
      return target.password
        ? `access denied for user "${target.user}" (check the user name and the password in the URL, and that this user may log in from this host)`
        : `access denied for user "${target.user}" (the URL gives no password: put it in the URL as mysql://USER:PASSWORD@HOST/DATABASE, percent-encoded)`;
    case ER_BAD_DB_ERROR:
      return `the database "${target.database}" does not exist on that server (check the name at the end of the URL)`;
    case ER_DBACCESS_DENIED_ERROR:
      return `the user "${target.user}" may not use the database "${target.database}" (GRANT it SELECT, INSERT, UPDATE on that database)`;
    case ER_HOST_NOT_PRIVILEGED:
      return `the server does not accept the user "${target.user}" from this host (check the user's host part on the server)`;
    case ER_HOST_IS_BLOCKED:
      return 'the server blocks this host after too many failed connections (an administrator runs FLUSH HOSTS)';
    case ER_CON_COUNT_ERROR:
    case ER_TOO_MANY_USER_CONNECTIONS:
      return 'the server has too many connections open; try again later';
    case ER_SERVER_SHUTDOWN:
      return 'the server is shutting down; try again shortly';
    case ER_MUST_CHANGE_PASSWORD:
      return `the password of "${target.user}" has expired: set a new one on the server first`;
  }
  const code = codeOf(err);
  const timeout = `no answer within ${target.connectTimeoutMs / 1000} s (check the host, the port and any firewall; connect-timeout=SECONDS in the URL waits longer)`;
  const network = networkReason(code ?? systemCode(err), { server: 'MySQL or MariaDB', host: target.host, timeout });
  if (network) return network;
  switch (code ?? systemCode(err)) {
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return `the server does not offer TLS, but ${tls} requires it`;
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
      return 'the server closed the connection during login (is it MySQL or MariaDB, and does it accept this client? its error log says why)';
  }
  // mysql2 reports every failed TLS handshake as HANDSHAKE_SSL_ERROR with Node's message; older paths keep Node's code.
  const tlsFailure = code === 'HANDSHAKE_SSL_ERROR' ? detail : systemCode(err);
  if (tlsFailure && /ALTNAME|does not match certificate's altnames/i.test(tlsFailure)) {
    return `its TLS certificate does not name the host "${target.host}" (connect by a name the certificate gives, or use ssl-mode=VERIFY_CA to check only that a trusted CA signed it)`;
  }
  if (tlsFailure && (code === 'HANDSHAKE_SSL_ERROR' || /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL/.test(tlsFailure))) {
    return `its TLS certificate was not accepted (${tlsFailure}): ${tls} verifies it, so name the CA with ssl-ca=FILE in the URL, or use ssl-mode=REQUIRED to encrypt without verifying`;
  }
  return detail || 'unknown error';
}

function errnoOf(err: unknown): number | undefined {
  const errno = typeof err === 'object' && err !== null ? (err as { errno?: unknown }).errno : undefined;
  return typeof errno === 'number' ? errno : undefined;
}

function codeOf(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
