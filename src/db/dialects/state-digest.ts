import type { AvailabilityColumns } from '../../model/actual-state.js';
import type { Db } from '../db.js';
import { statement, type Statement } from '../statement.js';
import { dialectFor } from './index.js';

/**
 * The channel digest: one row, computed by the server over every `chat_channel` row, that
 * changes when any column the planner reads from the table changes — id, name (its bytes, so a
 * change of case or normalisation counts), group_id, valid_id, comments (NULL apart from '')
 * and the availability columns. An apply whose plan was read together with a digest asks for
 * the digest again under the lock: equal, the rows are the ones the plan was made from, and the
 * rows need not cross the wire, be keyed and be diffed a second time (docs/design.md §6).
 *
 * - PostgreSQL: MD5 of the rows' text in id order (one string the size of the table, built
 *   by the server).
 * - MySQL/MariaDB: the row count and two sums of CRC32, over each row's text and over that text
 *   reversed. CRC32 is linear in its input, so one sum alone would miss a change of one row with a
 *   chance of 2^-32; the reversed text gives a second, independent linear map, 2^-64 together.
 *   MD5 per row measured 4–5× slower on MariaDB 10.11 than both CRC32s, and an ordered
 *   GROUP_CONCAT needs a session limit raised and a sort.
 */
export function channelDigestQuery(dialectName: Db['dialect'], availability: AvailabilityColumns | null): Statement {
  const q = dialectFor(dialectName).quoteIdentifier;
  const flags = availability ? [`c.${q(availability.customer)}`, `c.${q(availability.public)}`] : [];
  if (dialectName === 'postgres') {
    const fields = ['c.id', ...['c.name', 'c.group_id', 'c.valid_id', 'c.comments', ...flags].map((f) => `quote_nullable(${f})`)];
    return statement(
      `SELECT count(*) AS n, md5(string_agg(concat_ws(',', ${fields.join(', ')}), E'\\n' ORDER BY c.id)) AS a, '' AS b FROM ${q('chat_channel')} c`,
    );
  }
  // HEX: the bytes as stored, whatever the column's character set and collation; '-' for NULL
  // (HEX('') is '', so an empty comment and a NULL one differ).
  const text = (f: string): string => `IFNULL(HEX(${f}), '-')`;
  const row = `CONCAT_WS(',', c.id, ${[text('c.name'), text('c.group_id'), text('c.valid_id'), text('c.comments'), ...flags.map(text)].join(', ')})`;
  return statement(`SELECT COUNT(*) AS n, SUM(CRC32(${row})) AS a, SUM(CRC32(REVERSE(${row}))) AS b FROM ${q('chat_channel')} c`);
}

/** The digest as one string, from the row `channelDigestQuery` returns. */
export function digestFromRow(row: Readonly<Record<string, unknown>> | undefined): string {
  const part = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  return `${part(row?.n)}:${part(row?.a)}:${part(row?.b)}`;
}
