import { ConnectionError } from '../../errors.js';
import { MYSQL_SSL_MODES, SSL_MODES, type MysqlSslMode, type MysqlTarget, type PostgresTarget, type SslMode } from './database-target.js';
import { Secret } from './secret.js';

type Env = Readonly<Record<string, string | undefined>>;

const POSTGRES_PARAMETERS = ['sslmode', 'sslrootcert', 'connect_timeout', 'application_name', 'options', 'host', 'port'] as const;

/**
 * A `postgres://` / `postgresql://` URL as libpq reads it. The standard `PG*` variables fill in
 * only what the URL leaves out; the user defaults to the login name and the database to the user,
 * as in `psql`.
 */
export function parsePostgresUrl(text: string, env: Env, source: string): PostgresTarget {
  const url = parseUrl(text, source);
  const params = readParameters(url, POSTGRES_PARAMETERS, source);
  // The value and, for messages, where it came from.
  const fromUrlOrEnv = (inUrl: string | undefined, variable: string, fallback: string): [string, string] =>
    inUrl ? [inUrl, source] : env[variable] ? [env[variable], variable] : [fallback, 'the default'];
  const rawPassword = decode(url.password, 'password', source);

  const user = decode(url.username, 'user name', source) || env.PGUSER || env.USER || env.USERNAME || 'postgres';
  const host = params.get('host') || unbracket(decode(url.hostname, 'host', source)) || env.PGHOST || 'localhost';
  const port = parsePort(...fromUrlOrEnv(url.port || params.get('port'), 'PGPORT', '5432'));
  const database = decode(url.pathname.replace(/^\//, ''), 'database name', source) || env.PGDATABASE || user;
  const sslMode = parseSslMode(...fromUrlOrEnv(params.get('sslmode'), 'PGSSLMODE', 'prefer'));
  const timeoutSeconds = parseTimeout(...fromUrlOrEnv(params.get('connect_timeout'), 'PGCONNECT_TIMEOUT', '10'));
  const password = rawPassword ? new Secret(rawPassword, [url.password]) : env.PGPASSWORD ? new Secret(env.PGPASSWORD) : undefined;

  const where = host.startsWith('/') ? `/${database}?host=${host}` : `${hostForUrl(host)}:${port}/${database}`;
  return {
    kind: 'postgres',
    defaulted: false,
    description: `postgres://${user}@${where}${sslMode === 'prefer' ? '' : `${where.includes('?') ? '&' : '?'}sslmode=${sslMode}`}`,
    host,
    port,
    user,
    password,
    database,
    sslMode,
    sslRootCert: params.get('sslrootcert') || env.PGSSLROOTCERT || undefined,
    connectTimeoutMs: timeoutSeconds * 1000,
    applicationName: params.get('application_name') || env.PGAPPNAME || 'otrs-chat-config',
    serverOptions: params.get('options') || env.PGOPTIONS || undefined,
  };
}

const MYSQL_PARAMETERS = ['ssl-mode', 'ssl-ca', 'connect-timeout'] as const;

/**
 * A `mysql://` / `mariadb://` URL. The `PG*` variables do not apply; the database must be named.
 * Parameters take the MySQL client's option names: `ssl-mode` (its values, any case), `ssl-ca`,
 * `connect-timeout` (seconds).
 */
export function parseMysqlUrl(text: string, flavor: 'mysql' | 'mariadb', env: Env, source: string): MysqlTarget {
  const url = parseUrl(text, source);
  const params = readParameters(url, MYSQL_PARAMETERS, source);
  const rawPassword = decode(url.password, 'password', source);
  const user = decode(url.username, 'user name', source) || env.USER || env.USERNAME || 'root';
  const host = unbracket(decode(url.hostname, 'host', source)) || 'localhost';
  const port = parsePort(url.port || '3306', source);
  const database = decode(url.pathname.replace(/^\//, ''), 'database name', source);
  if (!database) throw new ConnectionError(`${source} names no database: use ${flavor}://USER@HOST:PORT/DATABASE`);
  const sslCa = params.get('ssl-ca') || undefined;
  const modeText = params.get('ssl-mode');
  // As the MySQL client: a CA file without a mode means "verify the server against it".
  const sslMode = modeText ? parseMysqlSslMode(modeText, source) : sslCa ? 'VERIFY_CA' : 'PREFERRED';
  if (sslCa && sslMode !== 'VERIFY_CA' && sslMode !== 'VERIFY_IDENTITY') {
    throw new ConnectionError(`${source}: ssl-ca is only used to verify the server; give ssl-mode=VERIFY_CA or VERIFY_IDENTITY with it (ssl-mode=${sslMode} verifies nothing)`);
  }
  const timeoutSeconds = parseTimeout(params.get('connect-timeout') || '10', source, 'connect-timeout');
  return {
    kind: 'mysql',
    flavor,
    defaulted: false,
    description: `${flavor}://${user}@${hostForUrl(host)}:${port}/${database}${sslMode === 'PREFERRED' ? '' : `?ssl-mode=${sslMode}`}`,
    host,
    port,
    user,
    password: rawPassword ? new Secret(rawPassword, [url.password]) : undefined,
    database,
    sslMode,
    sslCa,
    connectTimeoutMs: timeoutSeconds * 1000,
  };
}

/** A URL split as libpq reads it: unlike WHATWG URL, a user without a host (`postgres://otrs@/db`) is fine. */
interface UrlParts {
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly params: readonly (readonly [string, string])[];
}

function parseUrl(text: string, source: string): UrlParts {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/.exec(text);
  const authority = match?.[1];
  if (authority === undefined) {
    // Never echo the text: it may hold a password.
    throw new ConnectionError(
      `${source} is not a valid URL: check its form, and percent-encode characters such as @ : / ? # % in the user name or password`,
    );
  }
  if (match?.[2]?.includes('@')) {
    throw new ConnectionError(`${source} has an "@" after the host: percent-encode / ? # in the user name or password (%2F %3F %23)`);
  }
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at);
  const hostport = authority.slice(at + 1);
  const colon = userinfo.indexOf(':');
  const ipv6 = /^(\[[^\]]*\])(?::(.*))?$/.exec(hostport);
  const portAt = hostport.lastIndexOf(':');
  const [hostname, port] = ipv6 ? [ipv6[1] ?? '', ipv6[2] ?? ''] : portAt === -1 ? [hostport, ''] : [hostport.slice(0, portAt), hostport.slice(portAt + 1)];
  const params = (match?.[3] ?? '')
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair): [string, string] => {
      const eq = pair.indexOf('=');
      return eq === -1 ? [decode(pair, 'parameters', source), ''] : [decode(pair.slice(0, eq), 'parameters', source), decode(pair.slice(eq + 1), 'parameters', source)];
    });
  return {
    username: colon === -1 ? userinfo : userinfo.slice(0, colon),
    password: colon === -1 ? '' : userinfo.slice(colon + 1),
    hostname,
    port,
    pathname: match?.[2] ?? '',
    params,
  };
}

function readParameters(url: UrlParts, known: readonly string[], source: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of url.params) {
    if (!known.includes(key)) {
      const supported = known.length > 0 ? `supported: ${known.join(', ')}` : 'this kind of URL takes none';
      throw new ConnectionError(`${source} has the unknown parameter "${key}" (${supported})`);
    }
    params.set(key, value);
  }
  return params;
}

function decode(text: string, what: string, source: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConnectionError(`${source} has a malformed %-escape in its ${what}`);
  }
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    // A port from a URL is not echoed: a "/" left unencoded in a password puts part of it here.
    const shown = source.startsWith('PG') ? ` "${text}"` : '';
    throw new ConnectionError(`${source}: the port${shown} is not a number from 1 to 65535 (percent-encode / ? # in a password)`);
  }
  return port;
}

function parseSslMode(text: string, source: string): SslMode {
  const mode = SSL_MODES.find((m) => m === text);
  if (!mode) throw new ConnectionError(`${source}: sslmode "${text}" is not one of ${SSL_MODES.join(', ')}`);
  return mode;
}

function parseMysqlSslMode(text: string, source: string): MysqlSslMode {
  const mode = MYSQL_SSL_MODES.find((m) => m === text.toUpperCase());
  if (!mode) throw new ConnectionError(`${source}: ssl-mode "${text}" is not one of ${MYSQL_SSL_MODES.join(', ')}`);
  return mode;
}

function parseTimeout(text: string, source: string, name = 'connect_timeout'): number {
  if (!/^\d+$/.test(text)) throw new ConnectionError(`${source}: ${name} "${text}" is not a whole number of seconds`);
  return Number(text);
}
