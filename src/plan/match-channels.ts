import type { ActualChannel } from '../model/actual-state.js';
import type { DesiredChannel } from '../model/desired-state.js';
import { formatLocation } from '../model/source-location.js';
import type { Findings } from './findings.js';
import type { NameKey } from './name-key.js';
import { indexChannels, indexRows, type RowTable } from './name-tables.js';

/** A desired channel and the row it updates (`row` absent: the channel is created). */
export interface ChannelMatch {
  readonly desired: DesiredChannel;
  readonly row?: ActualChannel;
}

export interface ChannelMatching {
  /** In config order; duplicates (already reported) are left out. */
  readonly matches: readonly ChannelMatch[];
  /** Rows no desired channel claims: candidates for pruning. */
  readonly unmatchedRows: readonly ActualChannel[];
  /**
   * The names as matching keyed them, so that later steps (the default channel, pruning, the
   * guard) ask about a name without computing a key again: on MySQL/MariaDB every key is a
   * lookup, and the rows number tens of thousands.
   */
  readonly names: MatchedNames;
}

/** Lookups by name key (`NameKey`), answered from the keys computed while matching. */
export interface MatchedNames {
  /** The rows whose name has this key, in the order they were read. */
  rowsWithKey(key: string): readonly ActualChannel[];
  /** Whether a row whose name has this key is claimed by no desired channel. */
  hasUnmatchedRowWithKey(key: string): boolean;
  /** Whether a channel of the config has a name with this key. */
  hasChannelWithKey(key: string): boolean;
  /** The first channel of the config, in config order and duplicates included, listing a previous name with this key. */
  renamerOf(key: string): DesiredChannel | undefined;
}

/**
 * Pairs desired channels with database rows (docs/design.md §3: identity is the name).
 *
 * 1. Desired names that are one name to the database are a problem (the second is dropped), and
 *    so is a previous name that is another desired channel's name.
 * 2. Each desired channel claims the one row with its name under the database's comparison (a
 *    different spelling becomes a rename); several such rows are a problem naming every id.
 * 3. A channel without such a row claims the single row found under its `previousNames`.
 *    Renames never merge: a row under the new name plus one under a previous name, or rows
 *    under several previous names, are problems.
 * 4. A row claimed twice (by name and as a previous name, or as two channels' previous name)
 *    is a problem.
 *
 * This runs on every plan for tens of thousands of channels, so every name's key is computed
 * once, rows are referred to by their place in `rows`, and a channel without previous names
 * (nearly all) costs one map lookup besides its own key and entry.
 */
export function matchChannels(
  desired: readonly DesiredChannel[],
  rows: readonly ActualChannel[],
  key: NameKey,
  comparison: string,
  findings: Findings,
): ChannelMatching {
  const table = indexRows(rows, key);
  const config = indexChannels(desired, key, table, rows.length, comparison, findings);
  const { distinct, distinctKeys, directRows, renamings, channelWithKey } = config;

  // 1. (cont.) A previous name that is another channel of the config would make the plan after
  //    this one see both names and refuse: say so now, even before any row has either name.
  for (const { index, previousKeys } of renamings) {
    const d = distinct[index]!;
    previousKeys.forEach((pk, j) => {
      const other = channelWithKey(pk);
      if (other && other !== d) {
        const previous = d.previousNames[j]!;
        findings.problems.push({
          code: 'rename-conflict',
          message: `channel ${q(d.name)} lists ${q(previous)} in previousNames, but ${q(other.name)} is a channel of the config at ${formatLocation(other.location)}: renames never merge channels`,
          hint: `remove ${q(previous)} from previousNames, or the channel ${q(other.name)}`,
          location: d.location,
        });
      }
    });
  }

  // 2. and 3. claims by name, then by previous name. `claimedBy` holds 1 + the index of the first
  //    channel claiming a row (by the row's slot: rows sharing an id are one row); any further
  //    claimant (only possible through previous names) goes to `laterClaims`.
  const claimedBy = new Int32Array(rows.length);
  let laterClaims: Map<number, number[]> | undefined;
  const byPreviousName = new Set<number>();
  const matches: ChannelMatch[] = [];
  let renaming = 0;
  for (let i = 0; i < distinct.length; i++) {
    const d = distinct[i]!;
    let direct: number | undefined = directRows[i]!;
    if (direct < 0) direct = undefined;
    else if (table.sharing) {
      const several = table.sharing.get(distinctKeys[i]!);
      if (several) direct = ambiguous(d, several.map((j) => rows[j]!), findings);
    }
    let row = direct;
    if (renamings[renaming]?.index === i) {
      row = claimByPreviousName(d, direct, renamings[renaming++]!.previousKeys, rows, table, channelWithKey, findings);
      if (row !== undefined && row !== direct) byPreviousName.add(i);
    }
    if (row === undefined) {
      matches.push({ desired: d });
      continue;
    }
    const slot = table.slot(row);
    if (claimedBy[slot] === 0) claimedBy[slot] = i + 1;
    else {
      laterClaims ??= new Map();
      const others = laterClaims.get(slot);
      if (others) others.push(i);
      else laterClaims.set(slot, [i]);
    }
    matches.push({ desired: d, row: rows[row]! });
  }

  // 4. one row, one channel (in the order the rows were first claimed)
  if (laterClaims) {
    const rowById = new Map(rows.map((r) => [r.id, r]));
    const describe = (i: number): string => (byPreviousName.has(i) ? 'would rename (previousNames)' : 'matches');
    for (const [slot, others] of [...laterClaims].sort(([a], [b]) => claimedBy[a]! - claimedBy[b]!)) {
      const rowId = rows[slot]!.id;
      const row = rowById.get(rowId);
      const first = claimedBy[slot]! - 1;
      const claimant = distinct[first]!;
      for (const i of others) {
        const other = distinct[i]!;
        findings.problems.push({
          code: 'rename-conflict',
          message: `channel ${q(other.name)} ${describe(i)} row ${q(row?.name ?? '')} (id ${rowId}), which channel ${q(claimant.name)} at ${formatLocation(claimant.location)} ${describe(first)} too: renames never merge channels`,
          hint: 'a row can become only one channel; fix the names or previousNames',
          location: other.location,
        });
      }
    }
  }

  const unmatched = (j: number): boolean => claimedBy[table.slot(j)] === 0;
  return {
    matches,
    unmatchedRows: rows.filter((_, j) => unmatched(j)),
    names: {
      rowsWithKey: (k) => table.indicesWithKey(k).map((j) => rows[j]!),
      hasUnmatchedRowWithKey: (k) => table.indicesWithKey(k).some(unmatched),
      hasChannelWithKey: (k) => channelWithKey(k) !== undefined,
      renamerOf: (k) => config.renamerByKey.get(k),
    },
  };
}

/**
 * The row a channel with previous names claims (step 3): its own row when it has one, else the
 * single row under a previous name that is not another channel's name (those were reported in
 * step 1). Rows under both, or under several previous names, are a problem: renames never merge.
 */
function claimByPreviousName(
  d: DesiredChannel,
  direct: number | undefined,
  previousKeys: readonly string[],
  rows: readonly ActualChannel[],
  table: RowTable,
  channelWithKey: (key: string) => DesiredChannel | undefined,
  findings: Findings,
): number | undefined {
  const directId = direct === undefined ? undefined : rows[direct]!.id;
  const seen = new Set<number>();
  const previous: number[] = [];
  for (const pk of previousKeys) {
    if ((channelWithKey(pk) ?? d) !== d) continue;
    for (const j of table.indicesWithKey(pk)) {
      const id = rows[j]!.id;
      if (seen.has(id)) continue;
      seen.add(id);
      if (id !== directId) previous.push(j);
    }
  }
  const previousRows = previous.map((j) => rows[j]!);
  if (directId !== undefined && previous.length > 0) {
    findings.problems.push({
      code: 'rename-merge',
      message: `channel ${q(d.name)} already exists (id ${directId}) and so does its previous name ${describeRows(previousRows)}: renames never merge channels`,
      hint: `remove ${previousRows.map((r) => q(r.name)).join(', ')} from previousNames, or rename one of the rows in OTRS first`,
      location: d.location,
    });
  } else if (directId === undefined && previous.length > 1) {
    findings.problems.push({
      code: 'rename-merge',
      message: `several previous names of channel ${q(d.name)} exist: ${describeRows(previousRows)}: renames never merge channels`,
      hint: 'keep only the previous name of the row to rename in previousNames',
      location: d.location,
    });
  }
  return direct ?? (previous.length === 1 ? previous[0] : undefined);
}

/**
 * Several rows that are one name to the database (NFC / NFD twins, spellings the collation
 * equates, or a table without OTRS's unique key) are a problem naming every id, even when one of
 * them is spelled exactly: which row carries the channel's history is for the operator to
 * decide, not for the tool to guess (docs/design.md §3). The channel then claims no row by name.
 */
function ambiguous(d: DesiredChannel, candidates: readonly ActualChannel[], findings: Findings): undefined {
  findings.problems.push({
    code: 'ambiguous-channel',
    message: `channel ${q(d.name)} matches several rows in the database: ${describeRows(candidates)}`,
    hint: 'rename or invalidate the extra rows in OTRS so that one channel has this name',
    location: d.location,
  });
  return undefined;
}

function describeRows(rows: readonly ActualChannel[]): string {
  return rows.map((r) => `${q(r.name)} (id ${r.id})`).join(', ');
}

const q = (s: string): string => JSON.stringify(s);
