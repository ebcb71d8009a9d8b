import type { CollationComparison, NameComparison } from '../model/actual-state.js';
import { normalizeName } from '../model/text.js';

/** Maps a name to the key under which the database considers two names equal. */
export type NameKey = (name: string) => string;

/**
 * How the planner tells names apart (docs/design.md §3, "Which names are the same channel"): two
 * names are one when their keys are equal. The keys come from the database — the planner never
 * imitates a collation — so the caller reads them first (src/db/introspect.ts `readNameKeys`) and passes them in.
 */
export interface NameKeys {
  /** Channel names, as chat_channel.name compares them. */
  readonly channel: NameKey;
  /** Group names, as the group table's name column compares them. */
  readonly group: NameKey;
  /** Why two different spellings are one name, for messages ("… (DESCRIPTION)"). */
  readonly description: string;
}

/** PostgreSQL (deterministic collations): names are one when their NFC forms are identical. */
export const EXACT_NAME_KEYS: NameKeys = {
  channel: normalizeName,
  group: normalizeName,
  description: 'they are the same text once Unicode-normalised (NFC)',
};

/** What a MySQL/MariaDB server answered: the key of each NFC-normalised name, per name column. */
export interface ServerKeys {
  readonly channels: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, string>;
}

/**
 * The keys a server gave, looked up by NFC name. The server is asked about every name the
 * planner can meet (`namesToCompare`); a name it was not asked about is a bug, never a guess.
 */
export function serverNameKeys(comparison: CollationComparison, keys: ServerKeys): NameKeys {
  const lookup = (map: ReadonlyMap<string, string>, column: string): NameKey => (name) => {
    const key = map.get(normalizeName(name));
    if (key === undefined) throw new Error(`no key was read for the ${column} name ${JSON.stringify(name)}: the database was not asked about it`);
    return key;
  };
  return {
    channel: lookup(keys.channels, 'channel'),
    group: lookup(keys.groups, 'group'),
    description: `the database's collation ${comparison.channelCollation} treats them as one name`,
  };
}

/**
 * The keys to use when the caller gives none: where the database compares exactly they need no
 * database; a collation's do, and going on without them would be an imitation.
 */
export function defaultNameKeys(comparison: NameComparison): NameKeys {
  if (comparison === 'exact') return EXACT_NAME_KEYS;
  throw new Error(
    `names compare under the collation ${comparison.channelCollation}: pass the keys the database gives (readNameKeys) as the nameKeys option`,
  );
}
