import type { ActualGroup } from '../model/actual-state.js';
import type { SourceLocation } from '../model/source-location.js';
import { compareText } from './compare-text.js';
import { withLocation, type Findings } from './findings.js';
import type { NameKey } from './name-key.js';

/** The instance's groups, looked up by name the way the database compares names. */
export interface GroupIndex {
  /** The group with this name: an exact match first, else the one group equal under the collation. */
  find(name: string): ActualGroup | undefined;
  /** The group with exactly this name (setting values are names OTRS looks up as written). */
  findExact(name: string): ActualGroup | undefined;
  /** Every group name, sorted, for "the groups that exist are ..." hints. */
  readonly names: readonly string[];
}

export function createGroupIndex(groups: readonly ActualGroup[], key: NameKey): GroupIndex {
  const exact = new Map<string, ActualGroup>();
  const byKey = new Map<string, ActualGroup[]>();
  for (const g of groups) {
    if (!exact.has(g.name)) exact.set(g.name, g);
    const k = key(g.name);
    byKey.set(k, [...(byKey.get(k) ?? []), g]);
  }
  const names = groups.map((g) => g.name).sort(compareText);
  return {
    names,
    findExact: (name) => exact.get(name),
    find(name) {
      const hit = exact.get(name);
      if (hit) return hit;
      const similar = byKey.get(key(name)) ?? [];
      return similar.length === 1 ? similar[0] : undefined;
    },
  };
}

/**
 * Resolves a group a channel or setting refers to. An unknown group is a problem that lists the
 * groups that exist; an invalid one is a warning (OTRS accepts it, but nobody can use it).
 */
export function resolveGroup(
  groups: GroupIndex,
  name: string,
  subject: string,
  location: SourceLocation | undefined,
  findings: Findings,
  match: 'collation' | 'exact' = 'collation',
): ActualGroup | undefined {
  const group = match === 'exact' ? groups.findExact(name) : groups.find(name);
  if (!group) {
    const similar = match === 'exact' ? groups.find(name) : undefined;
    findings.problems.push(withLocation({
      code: 'unknown-group',
      message: `${subject}: group ${JSON.stringify(name)} does not exist in this OTRS`,
      hint: similar
        ? `did you mean ${JSON.stringify(similar.name)}? a setting's value is stored and compared exactly as written`
        : groups.names.length === 0
          ? 'this OTRS has no groups at all'
          : `the groups that exist are: ${groups.names.join(', ')}`,
    }, location));
    return undefined;
  }
  if (!group.valid) {
    findings.warnings.push(withLocation({
      code: 'invalid-group',
      message: `${subject}: group ${JSON.stringify(group.name)} is not valid in OTRS`,
      hint: 'agents get no permissions through an invalid group; set it valid in OTRS (Admin → Groups) or choose another',
    }, location));
  }
  return group;
}
