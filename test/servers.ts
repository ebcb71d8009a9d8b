import { describe } from 'vitest';

/**
 * The real database servers some tests need, each named by the environment variable that points
 * at it. Without the variable those tests are reported as skipped, with the variable in their
 * name: a file never fails for having no test, and a run says what it left out and how to add it.
 */
export type ServerName = 'postgres' | 'mariadb';

export const SERVER_ENV_VARS: Readonly<Record<ServerName, string>> = {
  postgres: 'OTRS_TEST_DATABASE_URL',
  mariadb: 'OTRS_TEST_MYSQL_URL',
};

/** The server's URL, or `undefined` when its variable is unset or empty. */
export function serverUrl(server: ServerName): string | undefined {
  return process.env[SERVER_ENV_VARS[server]] || undefined;
}

/** `name` with the server's variable: which one it ran on, or which one to set to run it. */
export function serverSuiteName(server: ServerName, name: string): string {
  const variable = SERVER_ENV_VARS[server];
  return serverUrl(server) ? `${name} (${variable})` : `${name} (set ${variable} to run)`;
}

/**
 * `describe(name, fn)` when the server's variable is set; otherwise the same tests registered
 * under `describe.skip`, so they show up as skipped, naming the variable to set.
 */
export function describeWithServer(server: ServerName, name: string, fn: () => void): void {
  (serverUrl(server) ? describe : describe.skip)(serverSuiteName(server, name), fn);
}
