import type { ActualChannel } from '../model/actual-state.js';
import type { DesiredChannel } from '../model/desired-state.js';
import { formatLocation } from '../model/source-location.js';
import type { Findings } from './findings.js';
import type { NameKey } from './name-key.js';

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
}

interface Claim {
  readonly desired: DesiredChannel;
  readonly by: 'name' | 'previous-name';
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
 */
export function matchChannels(
  desired: readonly DesiredChannel[],
  rows: readonly ActualChannel[],
  key: NameKey,
  comparison: string,
  findings: Findings,
): ChannelMatching {
  const rowsByKey = new Map<string, ActualChannel[]>();
  for (const row of rows) {
    const k = key(row.name);
    const same = rowsByKey.get(k);
    if (same) same.push(row);
    else rowsByKey.set(k, [row]);
  }
  const rowsNamed = (name: string): ActualChannel[] => rowsByKey.get(key(name)) ?? [];

  // 1. duplicates under the database's comparison
  const firstByKey = new Map<string, DesiredChannel>();
  const distinct: DesiredChannel[] = [];
  /** The key of each distinct channel's name, same order: computed once, it is most of the work. */
  const distinctKeys: string[] = [];
  for (const d of desired) {
    const k = key(d.name);
    const first = firstByKey.get(k);
    if (first) {
      findings.problems.push({
        code: 'duplicate-channel',
        message: `channel ${q(d.name)} is the same name as channel ${q(first.name)} at ${formatLocation(first.location)} (${comparison})`,
        hint: 'give the channels names the database can tell apart, or merge the two entries',
        location: d.location,
      });
    } else {
      firstByKey.set(k, d);
      distinct.push(d);
      distinctKeys.push(k);
    }
  }

  // 1. (cont.) A previous name that is another channel of the config would make the plan after
  //    this one see both names and refuse: say so now, even before any row has either name.
  for (const d of distinct) {
    for (const previous of d.previousNames) {
      const other = firstByKey.get(key(previous));
      if (other && other !== d) {
        findings.problems.push({
          code: 'rename-conflict',
          message: `channel ${q(d.name)} lists ${q(previous)} in previousNames, but ${q(other.name)} is a channel of the config at ${formatLocation(other.location)}: renames never merge channels`,
          hint: `remove ${q(previous)} from previousNames, or the channel ${q(other.name)}`,
          location: d.location,
        });
      }
    }
  }

  // 2. and 3. claims by name, then by previous name
  const claims = new Map<number, Claim[]>();
  const claim = (row: ActualChannel, c: Claim): void => {
    const list = claims.get(row.id);
    if (list) list.push(c);
    else claims.set(row.id, [c]);
  };
  const rowOf = new Map<DesiredChannel, ActualChannel>();
  distinct.forEach((d, i) => {
    const direct = pickByName(d, rowsByKey.get(distinctKeys[i] ?? '') ?? [], findings);
    const ownPrevious = d.previousNames.filter((p) => (firstByKey.get(key(p)) ?? d) === d); // others reported above
    const previous = ownPrevious.length === 0 ? [] : uniqueRows(ownPrevious.flatMap(rowsNamed)).filter((r) => r.id !== direct?.id);
    if (direct && previous.length > 0) {
      findings.problems.push({
        code: 'rename-merge',
        message: `channel ${q(d.name)} already exists (id ${direct.id}) and so does its previous name ${describeRows(previous)}: renames never merge channels`,
        hint: `remove ${previous.map((r) => q(r.name)).join(', ')} from previousNames, or rename one of the rows in OTRS first`,
        location: d.location,
      });
    } else if (!direct && previous.length > 1) {
      findings.problems.push({
        code: 'rename-merge',
        message: `several previous names of channel ${q(d.name)} exist: ${describeRows(previous)}: renames never merge channels`,
        hint: 'keep only the previous name of the row to rename in previousNames',
        location: d.location,
      });
    }
    const row = direct ?? (previous.length === 1 ? previous[0] : undefined);
    if (row) {
      claim(row, { desired: d, by: direct ? 'name' : 'previous-name' });
      rowOf.set(d, row);
    }
  });

  // 4. one row, one channel
  let rowById: Map<number, ActualChannel> | undefined; // only a conflict needs it
  for (const [rowId, list] of claims) {
    if (list.length < 2) continue;
    const [first, ...others] = list;
    if (!first) continue;
    rowById ??= new Map(rows.map((r) => [r.id, r]));
    const row = rowById.get(rowId);
    for (const other of others) {
      findings.problems.push({
        code: 'rename-conflict',
        message: `channel ${q(other.desired.name)} ${describe(other)} row ${q(row?.name ?? '')} (id ${rowId}), which channel ${q(first.desired.name)} at ${formatLocation(first.desired.location)} ${describe(first)} too: renames never merge channels`,
        hint: 'a row can become only one channel; fix the names or previousNames',
        location: other.desired.location,
      });
    }
  }

  return {
    matches: distinct.map((d) => {
      const row = rowOf.get(d);
      return row ? { desired: d, row } : { desired: d };
    }),
    unmatchedRows: rows.filter((r) => !claims.has(r.id)),
  };
}

/**
 * The one row a desired name matches. Several rows that are one name to the database (NFC / NFD
 * twins, spellings the collation equates, or a table without OTRS's unique key) are a problem
 * naming every id, even when one of them is spelled exactly: which row carries the channel's
 * history is for the operator to decide, not for the tool to guess (docs/design.md §3).
 */
function pickByName(d: DesiredChannel, candidates: readonly ActualChannel[], findings: Findings): ActualChannel | undefined {
  if (candidates.length <= 1) return candidates[0];
  findings.problems.push({
    code: 'ambiguous-channel',
    message: `channel ${q(d.name)} matches several rows in the database: ${describeRows(candidates)}`,
    hint: 'rename or invalidate the extra rows in OTRS so that one channel has this name',
    location: d.location,
  });
  return undefined;
}

function uniqueRows(rows: readonly ActualChannel[]): ActualChannel[] {
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

function describe(c: Claim): string {
  return c.by === 'name' ? 'matches' : 'would rename (previousNames)';
}

function describeRows(rows: readonly ActualChannel[]): string {
  return rows.map((r) => `${q(r.name)} (id ${r.id})`).join(', ');
}

const q = (s: string): string => JSON.stringify(s);
