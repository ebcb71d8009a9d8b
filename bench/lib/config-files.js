// The configs every measurement of one size reads, written once per size. Three states of the
// same N channels, so one database walks through every apply the issue asks for:
//   created.yaml      N channels (apply to an empty database: N creates; then plan: no changes)
//   updated.yaml      the comment of every tenth channel changed (apply: N/10 updates)
//   invalidated.yaml  updated.yaml without every fifth channel (apply: N/5 invalidations)
// The floors read the same files (whole process) or the same rows (in process): see channelRows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The groups of a fresh OTRS install, with the ids its seed gives them (checked when a database is made). */
export const SEED_GROUP_IDS = { users: 1, admin: 2, stats: 3 };
const GROUPS = Object.keys(SEED_GROUP_IDS);

/** Channel i of a config: a few field combinations, so rows are not all alike. */
function channel(i, version) {
  return {
    name: `Channel ${String(i).padStart(6, '0')}`,
    group: GROUPS[i % GROUPS.length],
    availableToCustomerUsers: i % 3 === 0,
    availableToPublicUsers: i % 7 === 0,
    comment: `Channel number ${i}, ${version} version`,
  };
}

/** Which channels each state holds, with which comment. */
export function channelsOf(n, state) {
  const out = [];
  for (let i = 0; i < n; i++) {
    if (state === 'invalidated' && i % 5 === 1) continue;
    const updated = state !== 'created' && i % 10 === 0;
    out.push(channel(i, updated ? 'second' : 'first'));
  }
  return out;
}

/** Rows as the floors write them: the config's fields, the group as its seed id. */
export function channelRows(channels) {
  return channels.map((c) => ({
    name: c.name,
    groupId: SEED_GROUP_IDS[c.group],
    comment: c.comment,
    customer: c.availableToCustomerUsers ? 1 : 0,
    public: c.availableToPublicUsers ? 1 : 0,
  }));
}

/** YAML text as a person writes it (block style), with the guard opened for the invalidations. */
function yamlText(channels) {
  const lines = ['version: 1', 'reconcile:', '  removedChannels: invalid', '  maxInvalidatePercent: 100', 'channels:'];
  for (const c of channels) {
    lines.push(`  - name: ${c.name}`, `    group: ${c.group}`);
    if (c.availableToCustomerUsers) lines.push('    availableToCustomerUsers: true');
    if (c.availableToPublicUsers) lines.push('    availableToPublicUsers: true');
    lines.push(`    comment: ${c.comment}`);
  }
  return `${lines.join('\n')}\n`;
}

export const STATES = ['created', 'updated', 'invalidated'];

/** Writes the three files of size n under dir; returns their paths by state. */
export function writeConfigFiles(dir, n) {
  const files = {};
  for (const state of STATES) {
    const file = join(dir, `n${n}-${state}.yaml`);
    writeFileSync(file, yamlText(channelsOf(n, state)));
    files[state] = file;
  }
  return files;
}
