import type { Statement } from '../statement.js';

/**
 * How many rows fit in one MySQL statement. A statement carries all of its batch's rows unless a
 * server limit forces more statements (docs/design.md §8):
 * - a prepared statement holds at most 65,535 placeholders (the protocol counts them in 2 bytes);
 * - no packet from the client may exceed the server's `max_allowed_packet`: neither the SQL text
 *   (sent to prepare) nor the parameter values (sent to execute).
 * Pure, so the splitting is tested without a server whose limit is small enough to hit.
 */

export const MYSQL_MAX_PARAMETERS = 65_535;

/**
 * Left free in every packet for what the estimate does not count: the packet and command headers,
 * the parameter types and null bitmap. The estimate itself rounds every value up.
 */
export const PACKET_HEADROOM_BYTES = 1024;

export interface StatementLimits {
  /** The server's `max_allowed_packet`, read once per apply. */
  readonly maxPacketBytes: number;
  /** @default MYSQL_MAX_PARAMETERS */
  readonly maxParameters?: number;
}

/** What a row adds to a statement, or what the statement has whatever its rows. */
export interface StatementCost {
  /** Bytes of SQL text plus bytes of parameter values. */
  readonly bytes: number;
  readonly parameters: number;
}

/** The cost of a piece of SQL text and the values bound to its placeholders. */
export function costOf(sql: string, params: readonly unknown[]): StatementCost {
  return { bytes: utf8Bytes(sql) + params.reduce<number>((sum, value) => sum + valueBytes(value), 0), parameters: params.length };
}

/**
 * Splits `items` into consecutive chunks, each as large as the limits allow, in order. Text and
 * values are summed into one figure, and each of the two packets must stay below it alone, so
 * the estimate errs towards smaller chunks. A single item over the limit still gets a chunk of
 * its own: the server then refuses it with its own message, and the apply rolls back.
 */
export function chunkByCost<T>(items: readonly T[], costOfItem: (item: T) => StatementCost, fixed: StatementCost, limits: StatementLimits): T[][] {
  const maxBytes = Math.max(1, limits.maxPacketBytes - PACKET_HEADROOM_BYTES);
  const maxParameters = limits.maxParameters ?? MYSQL_MAX_PARAMETERS;
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = fixed.bytes;
  let parameters = fixed.parameters;
  for (const item of items) {
    const cost = costOfItem(item);
    if (current.length > 0 && (bytes + cost.bytes > maxBytes || parameters + cost.parameters > maxParameters)) {
      chunks.push(current);
      current = [];
      bytes = fixed.bytes;
      parameters = fixed.parameters;
    }
    current.push(item);
    bytes += cost.bytes;
    parameters += cost.parameters;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * A batch's statements: one built from every row while the limits allow, else one per chunk,
 * each built from its own rows. The whole batch's fixed cost stands for every chunk's, which it
 * never falls below (a chunk's text holds no more than the batch's).
 */
export function chunkBuilt<Row>(
  rows: readonly Row[],
  build: (rows: readonly Row[]) => { readonly fixed: StatementCost; readonly rowCost: (index: number) => StatementCost; readonly statement: Statement },
  limits: StatementLimits,
): Statement[] {
  if (rows.length === 0) return [];
  const whole = build(rows);
  const indexes = chunkByCost(rows.map((_, i) => i), whole.rowCost, whole.fixed, limits);
  if (indexes.length === 1) return [whole.statement];
  return indexes.map((chunk) => build(chunk.map((i) => rows[i] as Row)).statement);
}

/** A value as the binary protocol sends it, rounded up: text with its longest length prefix, numbers as 8-byte doubles. */
function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return 9 + utf8Bytes(value);
  return 9;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
