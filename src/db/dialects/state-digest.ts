import type { AvailabilityColumns } from '../../model/actual-state.js';
import type { Db } from '../db.js';
import { statement, type Statement } from '../statement.js';
import type { DigestedRead, UserRow } from './dialect.js';
import { dialectFor } from './index.js';

/**
 * The state digest: ONE statement, one row, that changes when anything a plan is made from
 * changes — the result of each of the small reads (`frame`: the layout, the valid states, the
 * groups, the settings, as introspect sends them) and every chat_channel row's columns the planner
 * reads. Read in the same snapshot as the state, and again under the apply lock: equal, the plan
 * stands, and nothing needs to cross the wire, be keyed and be diffed a second time
 * (docs/design.md §6). A difference in anything read, even one that would not change the plan
 * (who last changed a setting), only sends the apply the long way: read again and compare plans.
 *
 * The small reads, each a scalar subquery over the read's own statement:
 * - PostgreSQL: MD5 of the rows' text, sorted (a read's order then does not matter).
 * - MySQL/MariaDB: the row count and the two CRC32 sums below, over the named columns.
 *
 * The channel rows — id, name (its bytes, so a change of case or normalisation counts),
 * group_id, valid_id, comments (NULL apart from '') and the availability columns:
 * - PostgreSQL: MD5 of the rows' text in id order (one string the size of the table, built
 *   by the server).
 * - MySQL/MariaDB: the row count and two sums of CRC32, over each row's text and over that text
 *   reversed. CRC32 is linear in its input, so one sum alone would miss a change of one row with a
 *   chance of 2^-32; the reversed text gives a second, independent linear map, 2^-64 together.
 *   MD5 per row measured 4–5× slower on MariaDB 10.11 than both CRC32s, and an ordered
 *   GROUP_CONCAT needs a session limit raised and a sort.
 */
export function stateDigestQuery(
  dialectName: Db['dialect'],
  frame: readonly DigestedRead[],
  availability: AvailabilityColumns | null,
  /**
   * The acting agent's lookup (`userQuery`), to ride along outside the digest as one column,
   * `agent` (`agentFromDigestRow` reads it): one subquery, as three cost MariaDB more than the
   * round trip they save.
   */
  agent?: Statement,
): Statement {
  const q = dialectFor(dialectName).quoteIdentifier;
  const flags = availability ? [`c.${q(availability.customer)}`, `c.${q(availability.public)}`] : [];
  const params: unknown[] = [];
  if (dialectName === 'postgres') {
    const reads = frame.map((read, i) => {
      const sql = renumbered(read.statement.sql, params.length);
      params.push(...read.statement.params);
      return `(SELECT md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text COLLATE "C"), '')) FROM (${sql}) r) AS f${i}`;
    });
    if (agent) {
      const sql = renumbered(agent.sql, params.length);
      params.push(...agent.params);
      const hex = (text: string): string => `encode(convert_to(${text}, 'UTF8'), 'hex')`;
      reads.push(`(SELECT concat_ws(',', r.id, ${hex("coalesce(r.valid_name, '')")}, ${hex('r.login')}) FROM (${sql}) r) AS agent`);
    }
    const fields = ['c.id', ...['c.name', 'c.group_id', 'c.valid_id', 'c.comments', ...flags].map((f) => `quote_nullable(${f})`)];
    return statement(
      `SELECT ${reads.map((r) => `${r}, `).join('')}count(*) AS n, md5(string_agg(concat_ws(',', ${fields.join(', ')}), E'\n' ORDER BY c.id)) AS a, '' AS b FROM ${q('chat_channel')} c`,
      params,
    );
  }
  // HEX: the bytes as stored, whatever the column's character set and collation; '-' for NULL
  // (HEX('') is '', so an empty text and a NULL one differ).
  const text = (f: string): string => `IFNULL(HEX(${f}), '-')`;
  const sums = (row: string): string => `IFNULL(SUM(CRC32(${row})), 0), ':', IFNULL(SUM(CRC32(REVERSE(${row}))), 0)`;
  const reads = frame.map((read, i) => {
    params.push(...read.statement.params);
    const row = `CONCAT_WS(',', ${read.columns.map((c) => text(`r.${q(c)}`)).join(', ')})`;
    return `(SELECT CONCAT(COUNT(*), ':', ${sums(row)}) FROM (${read.statement.sql}) r) AS f${i}`;
  });
  if (agent) {
    params.push(...agent.params);
    const hex = (text: string): string => `HEX(CONVERT(${text} USING utf8mb4))`;
    reads.push(`(SELECT CONCAT(r.id, ',', ${hex("IFNULL(r.valid_name, '')")}, ',', ${hex('r.login')}) FROM (${agent.sql}) r) AS agent`);
  }
  const row = `CONCAT_WS(',', c.id, ${[text('c.name'), text('c.group_id'), text('c.valid_id'), text('c.comments'), ...flags.map(text)].join(', ')})`;
  return statement(
    `SELECT ${reads.map((r) => `${r}, `).join('')}COUNT(*) AS n, SUM(CRC32(${row})) AS a, SUM(CRC32(REVERSE(${row}))) AS b FROM ${q('chat_channel')} c`,
    params,
  );
}

/**
 * The agent row (`userQuery`'s columns) that rode along with the digest: `null` when the lookup
 * found none. The text is the id, then the valid state's name and the login as UTF-8 in hex.
 */
export function agentFromDigestRow(row: Readonly<Record<string, unknown>> | undefined): UserRow | null {
  const text = row?.['agent'];
  if (text === null || text === undefined) return null;
  const [id, valid, login] = String(text).split(',');
  const decoded = (hex: string | undefined): string => Buffer.from(hex ?? '', 'hex').toString('utf8');
  return { id, login: decoded(login), valid_name: decoded(valid) };
}

/**
 * A PostgreSQL statement's `$n` placeholders moved up by `offset`, to sit after another's in one
 * statement: outside quotes only (the text between every other `'` is a literal).
 */
function renumbered(sql: string, offset: number): string {
  return sql
    .split("'")
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)))
    .join("'");
}

/** The digest as one string, from the row `stateDigestQuery` returns. */
export function digestFromRow(row: Readonly<Record<string, unknown>> | undefined): string {
  const part = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  const frame = Object.keys(row ?? {})
    .filter((k) => /^f\d+$/.test(k))
    .sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))
    .map((k) => part(row?.[k]));
  return [...frame, `${part(row?.n)}:${part(row?.a)}:${part(row?.b)}`].join('|');
}
