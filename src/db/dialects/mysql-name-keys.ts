import { UnsupportedDatabaseError } from '../../errors.js';
import { statement, type Statement } from '../statement.js';
import type { DatabaseCapabilities } from '../../model/actual-state.js';
import { chunkByCost, costOf, type StatementCost } from './mysql-chunks.js';
import type { CollationKeyReads } from './dialect.js';
import { usesJsonTable } from './mysql-server-version.js';

/**
 * Which names MySQL/MariaDB hold equal, asked of the server (docs/design.md §3, docs/otrs.md
 * "MySQL and MariaDB"). A collation is never imitated: the server gives each name's weight string
 * (`WEIGHT_STRING`) under each name column's collation, in one statement for all names.
 *
 * Weights decide `=`, with one exception: a PAD SPACE collation (all of MySQL's and MariaDB's
 * but the `*_nopad_*` ones and MySQL 8's `*_0900_*`) compares as if the shorter string were
 * padded with spaces, so trailing weights equal to a space's weight do not count — those of
 * spaces, and of whatever the collation weighs like one (`utf8mb4_unicode_ci`: U+00A0), even
 * behind characters it ignores (`'a \u200B' = 'a'`). Trimming spaces off the text is therefore
 * not enough: the key is the weight string with the space's weight stripped off its end. That
 * needs the weights to come in units of one size (every single-level collation); a PAD SPACE
 * collation that weighs on several levels (MariaDB's `uca1400_*_as_*`, `*_ai_cs`) is refused.
 *
 * Each row also says whether the name survives the column's character set (a 4-byte character
 * does not survive utf8mb3): a name that cannot be stored equals only itself.
 */

/** Probes sent before the names in every statement: one space and two, whose weights tell the space's weight and the unit's size. */
const PROBES = [' ', '  '] as const;

/**
 * The packet budget of one statement: MySQL 5.7's default `max_allowed_packet` (MariaDB's is
 * 16 MB, MySQL 8's 64 MB). As one JSON parameter, a name costs its JSON text and a comma:
 * 100,000 names of 30 characters take about 3.5 MB, so any realistic OTRS instance's names fit
 * in one statement; reading the server's own limit would cost a statement every plan.
 */
const PACKET_BUDGET_BYTES = 4 * 1024 * 1024;

export interface NameKeyOptions {
  /**
   * The server takes `JSON_TABLE` (mysql-server-version.ts): the names travel as one JSON
   * parameter, one statement up to the packet budget, and the server parses them faster than
   * a `UNION ALL` of one branch per name (issue 11: ~35 instead of ~90 ms for 10,000 names).
   * @default false: one placeholder per name, which every server takes
   */
  readonly jsonTable?: boolean;
}

/** The name column's character set: MySQL and MariaDB name every collation after it (`utf8mb4_unicode_ci`, `utf8_general_ci`). */
export function characterSetOf(collation: string): string {
  return collation.split('_')[0] ?? collation;
}

const q = (identifier: string): string => `\`${identifier.replaceAll('`', '``')}\``;

/**
 * The statements: one per chunk of names (a chunk holds as many as the packet budget allows,
 * and without `JSON_TABLE` no more than 65,535 placeholders: in practice every name of an OTRS
 * instance). Rows: `i` (the name's index among its statement's probes and names), then per
 * collation `j`: `k{j}` the weight string in hex, `f{j}` 1 when the name survives the
 * collation's character set, and `p{j}` 1 when the collation pads with spaces (`'a' = 'a '`).
 * Both forms give the same rows.
 */
export function nameKeyStatements(names: readonly string[], collations: readonly string[], options: NameKeyOptions = {}): Statement[] {
  const columns = collations.map((collation, j) => {
    const cs = q(characterSetOf(collation));
    const as = (text: string): string => `CONVERT(${text} USING ${cs}) COLLATE ${q(collation)}`;
    return (
      `HEX(WEIGHT_STRING(${as('t.n')})) AS k${j}, ` +
      `CAST(CONVERT(CONVERT(t.n USING ${cs}) USING utf8mb4) AS BINARY) = CAST(t.n AS BINARY) AS f${j}, ` +
      `${as("'a'")} = ${as("'a '")} AS p${j}`
    );
  });
  if (options.jsonTable) return jsonStatements(names, columns);
  const head = `SELECT t.i, ${columns.join(', ')} FROM (`;
  const tail = ') AS t ORDER BY t.i';
  const part = (i: number): string => (i === 0 ? 'SELECT 0 AS i, ? AS n' : ` UNION ALL SELECT ${i}, ?`);
  const chunks = atLeastOne(
    chunkByCost(names, (name) => costOf(part(names.length), [name]), costOf(head + part(0) + part(1) + tail, PROBES), {
      maxPacketBytes: PACKET_BUDGET_BYTES,
    }),
  );
  return chunks.map((chunk) => {
    const params = [...PROBES, ...chunk];
    return statement(head + params.map((_, i) => part(i)).join('') + tail, params);
  });
}

/**
 * `JSON_TABLE` over `[probes..., names...]`: the text column is `LONGTEXT` so no name is cut
 * (MariaDB cuts a longer value to a `VARCHAR(n)` column's width with only a warning), and its
 * `WEIGHT_STRING` equals that of the same text as a bound parameter. Split only by bytes.
 */
function jsonStatements(names: readonly string[], columns: readonly string[]): Statement[] {
  const sql =
    `SELECT t.o - 1 AS i, ${columns.join(', ')} FROM JSON_TABLE(?, '$[*]' COLUMNS(o FOR ORDINALITY, n LONGTEXT CHARACTER SET utf8mb4 PATH '$')) AS t ORDER BY t.o`;
  const nameBytes = (name: string): StatementCost => ({ bytes: Buffer.byteLength(JSON.stringify(name), 'utf8') + 1, parameters: 0 });
  const chunks = atLeastOne(chunkByCost(names, nameBytes, costOf(sql, [JSON.stringify(PROBES)]), { maxPacketBytes: PACKET_BUDGET_BYTES }));
  return chunks.map((chunk) => statement(sql, [JSON.stringify([...PROBES, ...chunk])]));
}

/** Every name may be known already (read with its row): the probes still go, as they say how to strip the known weights. */
function atLeastOne(chunks: string[][]): string[][] {
  return chunks.length > 0 ? chunks : [[]];
}

/** A row of a `nameKeyStatements` statement, as the driver returns it. */
export type NameKeyRow = Readonly<Record<string, unknown>>;

/**
 * The key of every name under every collation, from the rows of `nameKeyStatements(names,
 * collations)` (each statement's rows in one list per statement). A key is `w:` and the weight
 * string with trailing space weights stripped where the collation pads, or `x:` and the name when
 * the column's character set cannot hold it.
 * @throws UnsupportedDatabaseError for a padding collation that weighs on several levels.
 */
export function nameKeysFromRows(names: readonly string[], collations: readonly string[], rowsPerStatement: readonly (readonly NameKeyRow[])[]): Map<string, string>[] {
  const keys = collations.map(() => new Map<string, string>());
  let offset = 0;
  for (const rows of rowsPerStatement) {
    const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
    const strippers = paddingStrippers(collations, byIndex);
    const count = rows.length - PROBES.length;
    for (let n = 0; n < count; n++) {
      const name = names[offset + n];
      const row = byIndex.get(PROBES.length + n);
      if (name === undefined || !row) throw new Error(`the name key query returned no row ${PROBES.length + n}`);
      collations.forEach((_, j) => {
        const fits = Number(row[`f${j}`]) === 1;
        keys[j]!.set(name, fits ? `w:${strippers[j]!(String(row[`k${j}`] ?? ''))}` : `x:${name}`);
      });
    }
    offset += count;
  }
  if (offset !== names.length) throw new Error(`the name key query returned ${offset} names of ${names.length}`);
  return keys;
}

/** Per collation, how to strip its weights: told by a statement's probe rows (`byIndex`: its rows by `i`). */
function paddingStrippers(collations: readonly string[], byIndex: ReadonlyMap<number, NameKeyRow>): ((weights: string) => string)[] {
  const probe = (i: number, j: number): string => String(byIndex.get(i)?.[`k${j}`] ?? '');
  return collations.map((collation, j) => trailingSpaceStripper(collation, probe(0, j), probe(1, j), Number(byIndex.get(0)?.[`p${j}`]) === 1));
}

/**
 * `nameKeysFromRows`, and beside the names asked about, those whose weight strings (hex) were read
 * with their rows: `known[j]` under collation j, by NFC name (`name_weight`). Such a name is
 * stored, so its column holds it, and its weights are what the statement gives for the same text
 * (test/db/name-keys.db.test.ts): stripped alike, they are its key. Each key is made once, here,
 * in the map `known` gave (taken over, not copied): the planner looks every name up several
 * times, and a key made per lookup was a new string for each map it went into (at 10,000
 * channels on MariaDB, a fifth to a quarter of the CPU time of keying and diffing).
 */
export function keysWithKnownWeights(
  names: readonly string[],
  collations: readonly string[],
  rowsPerStatement: readonly (readonly NameKeyRow[])[],
  known: readonly Map<string, string>[] = [],
): Map<string, string>[] {
  const asked = nameKeysFromRows(names, collations, rowsPerStatement);
  if (known.every((k) => k.size === 0)) return asked;
  const first = rowsPerStatement[0];
  if (!first) throw new Error('weights read with the rows need the probes of a name key statement');
  const strippers = paddingStrippers(collations, new Map(first.map((r) => [Number(r.i), r])));
  return asked.map((keys, j) => {
    const weights = known[j];
    if (!weights || weights.size === 0) return keys;
    const strip = strippers[j]!;
    for (const [name, w] of weights) weights.set(name, `w:${strip(w)}`);
    for (const [name, key] of keys) weights.set(name, key);
    return weights;
  });
}

/** How to drop the weights that `=` ignores at the end of a weight string (hex) under `collation`. */
function trailingSpaceStripper(collation: string, space: string, twoSpaces: string, pads: boolean): (weights: string) => string {
  // NO PAD, or a server whose WEIGHT_STRING already leaves trailing spaces out: weights are the key.
  if (!pads || space === '') return (weights) => weights;
  if (twoSpaces !== space + space) {
    throw new UnsupportedDatabaseError(
      `the collation ${collation} compares names on several levels and ignores trailing spaces; this version cannot ask the server ` +
        'which names it holds equal under it. Use a collation OTRS installs with (utf8mb4_unicode_ci, utf8mb4_general_ci, utf8mb4_uca1400_ai_ci, *_bin)',
    );
  }
  return (weights) => {
    let end = weights.length;
    while (end >= space.length && end % space.length === 0 && weights.startsWith(space, end - space.length)) end -= space.length;
    return weights.slice(0, end);
  };
}

/**
 * The reads `introspect`'s `readNameKeys` makes. Given the capabilities the names' state was read
 * with, the JSON form where the server takes it; without them, the form every server takes.
 */
export const mysqlCollationKeys = {
  statements: (names: readonly string[], collations: readonly string[], capabilities?: Pick<DatabaseCapabilities, 'nameComparison'>): Statement[] =>
    nameKeyStatements(names, collations, { jsonTable: usesJsonTable(capabilities) }),
  keys: keysWithKnownWeights,
} satisfies CollationKeyReads;
