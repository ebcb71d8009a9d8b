import type { ActualChannel } from '../model/actual-state.js';
import type { DesiredChannel } from '../model/desired-state.js';
import { formatLocation } from '../model/source-location.js';
import type { Findings } from './findings.js';
import type { NameKey } from './name-key.js';

/*
 * The two sides of channel matching (match-channels.ts) by name key, each name keyed once: on
 * MySQL/MariaDB a key is a lookup in the server's answers, and a plan reads tens of thousands of
 * names. Rows are referred to by their index in the rows read, which typed arrays can mark.
 */

/** The rows by name key, each row referred to by its index in `rows`. */
export interface RowTable {
  /** The first row of each key. */
  readonly firstByKey: ReadonlyMap<string, number>;
  /** Only for keys several rows share (rare): all of them, in order. */
  readonly sharing: ReadonlyMap<string, readonly number[]> | undefined;
  indicesWithKey(key: string): readonly number[];
  /** The index of the first row with this row's id: claims count per id, as the database does. */
  slot(index: number): number;
}

/** Keys every row's name once; one map write per row. */
export function indexRows(rows: readonly ActualChannel[], key: NameKey): RowTable {
  const keys: string[] = [];
  for (const row of rows) keys.push(key(row.name));
  // Backwards, so that the first row of a key is the one kept.
  const firstByKey = new Map<string, number>();
  for (let i = keys.length - 1; i >= 0; i--) firstByKey.set(keys[i]!, i);
  let sharing: Map<string, number[]> | undefined;
  if (firstByKey.size < keys.length) {
    const lists = new Map<string, number[]>();
    keys.forEach((k, i) => {
      const first = firstByKey.get(k)!;
      if (first === i) return;
      const list = lists.get(k);
      if (list) list.push(i);
      else lists.set(k, [first, i]);
    });
    sharing = lists;
  }
  // Rows come in id order (introspect sorts them): then every id is its own. Otherwise map each
  // row to the first row with its id.
  let ascending = true;
  for (let i = 1; i < rows.length && ascending; i++) ascending = rows[i]!.id > rows[i - 1]!.id;
  let slots: Int32Array | undefined;
  if (!ascending) {
    const firstById = new Map<number, number>();
    slots = new Int32Array(rows.length);
    rows.forEach((r, i) => {
      const first = firstById.get(r.id);
      if (first === undefined) firstById.set(r.id, i);
      slots![i] = first ?? i;
    });
  }
  return {
    firstByKey,
    sharing,
    indicesWithKey(k) {
      const first = firstByKey.get(k);
      return first === undefined ? [] : (sharing?.get(k) ?? [first]);
    },
    slot: slots ? (i) => slots[i]! : (i) => i,
  };
}

/** The config's channels by name key, duplicates reported (matchChannels' step 1). */
export interface ChannelTable {
  /** The channels that are not a duplicate of an earlier one, in config order. */
  readonly distinct: readonly DesiredChannel[];
  /** The key of each distinct channel's name, same order. */
  readonly distinctKeys: readonly string[];
  /** The first row with each distinct channel's key, same order; -1 for none. */
  readonly directRows: readonly number[];
  /** The distinct channels that list previous names, in config order, with those names' keys. */
  readonly renamings: readonly { readonly index: number; readonly previousKeys: readonly string[] }[];
  /** The first channel (duplicates included) listing a previous name, by that name's key. */
  readonly renamerByKey: ReadonlyMap<string, DesiredChannel>;
  /** The distinct channel with a name of this key. */
  channelWithKey(key: string): DesiredChannel | undefined;
}

/**
 * Keys the config's names and reports duplicates. A name some row has is looked up once, in the
 * rows' table, and its first channel recorded by that row; only names no row has (channels to
 * create) need a map of their own.
 */
export function indexChannels(desired: readonly DesiredChannel[], key: NameKey, table: RowTable, rowCount: number, comparison: string, findings: Findings): ChannelTable {
  /** 1 + the distinct index of the first channel whose key is this row's (by the first row of a key). */
  const ownerOfRow = new Int32Array(rowCount);
  const withoutRow = new Map<string, number>();
  const distinct: DesiredChannel[] = [];
  const distinctKeys: string[] = [];
  const directRows: number[] = [];
  const renamings: { readonly index: number; readonly previousKeys: readonly string[] }[] = [];
  const renamerByKey = new Map<string, DesiredChannel>();
  for (const d of desired) {
    const k = key(d.name);
    const row = table.firstByKey.get(k);
    let first: number | undefined;
    if (row !== undefined) {
      const owner = ownerOfRow[row]!;
      if (owner === 0) ownerOfRow[row] = distinct.length + 1;
      else first = owner - 1;
    } else {
      first = withoutRow.get(k);
      if (first === undefined) withoutRow.set(k, distinct.length);
    }
    if (first === undefined) {
      distinct.push(d);
      distinctKeys.push(k);
      directRows.push(row ?? -1);
    } else {
      const earlier = distinct[first]!;
      findings.problems.push({
        code: 'duplicate-channel',
        message: `channel ${q(d.name)} is the same name as channel ${q(earlier.name)} at ${formatLocation(earlier.location)} (${comparison})`,
        hint: 'give the channels names the database can tell apart, or merge the two entries',
        location: d.location,
      });
    }
    if (d.previousNames.length === 0) continue;
    const previousKeys = d.previousNames.map(key);
    for (const pk of previousKeys) if (!renamerByKey.has(pk)) renamerByKey.set(pk, d);
    if (first === undefined) renamings.push({ index: distinct.length - 1, previousKeys });
  }
  return {
    distinct,
    distinctKeys,
    directRows,
    renamings,
    renamerByKey,
    channelWithKey(k) {
      const row = table.firstByKey.get(k);
      if (row !== undefined) {
        const owner = ownerOfRow[row]!;
        return owner === 0 ? undefined : distinct[owner - 1];
      }
      const index = withoutRow.get(k);
      return index === undefined ? undefined : distinct[index];
    },
  };
}

const q = (s: string): string => JSON.stringify(s);
