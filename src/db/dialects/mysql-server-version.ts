import type { CollationComparison, DatabaseCapabilities } from '../../model/actual-state.js';

/**
 * Whether the MySQL/MariaDB server takes `JSON_TABLE`, the one fact about its version the SQL
 * text depends on (mysql-batch-shapes.ts `jsonTable`, mysql-name-keys.ts). The version comes
 * with the layout read that every plan and apply starts with (mysql.ts `layoutQuery`), so
 * knowing it costs no statement.
 *
 * The answer is kept beside the capabilities, not in them: `ActualState` is written into saved
 * plan files, whose strict reader refuses unknown keys, and the version is no part of what a
 * plan was computed from (the fingerprint). It is tied to the capabilities' `nameComparison`
 * object, which `textCapabilities` makes and `introspect` passes on as it is into
 * `ActualState.capabilities`, the object apply hands to the writes. Capabilities that did not
 * come from a layout read (a saved plan's, a test's) have no answer: they get the statements
 * every server takes, never a wrong one.
 */

const jsonTableByComparison = new WeakMap<CollationComparison, boolean>();

/**
 * `JSON_TABLE` arrived in MySQL 8.0.4 and MariaDB 10.6.0. `version` is `VERSION()`:
 * `10.11.6-MariaDB-0+deb12u1`, `8.0.36`, `5.7.44-log`. MariaDB may put the `5.5.5-` that its
 * handshake shows in front. Anything unrecognised counts as without.
 */
export function hasJsonTable(version: unknown): boolean {
  if (typeof version !== 'string') return false;
  const text = version.replace(/^5\.5\.5-/, '');
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) return false;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  const atLeast = (a: number, b: number, c: number): boolean => major !== a ? major > a : minor !== b ? minor > b : patch >= c;
  return /mariadb/i.test(text) ? atLeast(10, 6, 0) : atLeast(8, 0, 4);
}

/** Records what `version` says of the server whose layout gave `comparison`. */
export function recordServerVersion(comparison: CollationComparison, version: unknown): void {
  jsonTableByComparison.set(comparison, hasJsonTable(version));
}

/** True only for capabilities read from a server that takes `JSON_TABLE`. */
export function usesJsonTable(capabilities: Pick<DatabaseCapabilities, 'nameComparison'> | undefined): boolean {
  const comparison = capabilities?.nameComparison;
  return comparison !== undefined && comparison !== 'exact' && jsonTableByComparison.get(comparison) === true;
}
