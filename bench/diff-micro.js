// Ad-hoc micro-benchmark of the pure planner (diffStates), not part of `npm run bench` or the
// tests. Compile privately first, then point DIST at it (several folders, comma-separated, are
// timed in alternation in one process, so that a busy machine slows them alike):
//   npx tsc -p tsconfig.build.json --outDir /tmp/B-dist && DIST=/tmp/B-dist node bench/diff-micro.js
// (the folder needs node_modules beside it: ln -s "$PWD/node_modules" /tmp/B-dist/)
// Prints the median and the minimum of RUNS plans after WARMUP plans for each case, in ms.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const dists = (process.env.DIST ?? 'dist').split(',').map((d) => resolve(d));
const builds = [];
for (const dist of dists) {
  const { diffStates } = await import(pathToFileURL(`${dist}/src/plan/diff.js`).href);
  const { serverNameKeys } = await import(pathToFileURL(`${dist}/src/plan/name-key.js`).href);
  builds.push({ dist, diffStates, serverNameKeys });
}
const sizes = (process.env.SIZES ?? '10000,50000').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = Number(process.env.WARMUP ?? 5);
const only = process.env.CASE;

const GROUPS = [
  { id: 1, name: 'users', valid: true },
  { id: 2, name: 'admin', valid: true },
  { id: 3, name: 'stats', valid: true },
  { id: 4, name: 'sales', valid: true },
  { id: 5, name: 'support', valid: true },
];
// The two settings the planner reads when the config sets none: whether chat is on, and the default channel's name.
const SEEDED = {
  'ChatEngine::Active': "--- '0'\n",
  'ChatEngine::DefaultChatChannel': '--- Default channel\n',
};
const settings = Object.entries(SEEDED).map(([name, text], i) => ({ name, defaultId: 1000 + i, defaultEffectiveValue: text, systemWideRows: [] }));

const POSTGRES = { dialect: 'postgres', groupTable: 'permission_groups', availabilityColumns: { customer: 'customer_interface', public: 'public_interface' }, nameComparison: 'exact', supportsFourByteCharacters: true };
const MYSQL = { dialect: 'mysql', groupTable: 'groups', availabilityColumns: { customer: 'customer_interface', public: 'public_interface' }, nameComparison: { channelCollation: 'utf8mb4_general_ci', groupCollation: 'utf8mb4_general_ci' }, supportsFourByteCharacters: true };

/**
 * Strings shaped as the real readers make them: a driver decodes each value from a buffer (a
 * flat string), the YAML reader slices the file's text (a slice of one long string). Template
 * literals would give concatenations, which V8 flattens on first use: a cost the real run never has.
 */
const fromDriver = (text) => Buffer.from(text, 'utf8').toString('utf8');
function fromYaml(texts) {
  const file = texts.join('\n');
  let at = 0;
  return texts.map((t) => {
    const slice = file.slice(at, at + t.length);
    at += t.length + 1;
    return slice;
  });
}

/** N rows and N desired channels that match them; `kind` says what differs. */
function scenario(n, kind, capabilities, serverNameKeys) {
  const rows = [];
  const channels = [];
  for (let i = 0; i < n; i++) {
    const g = GROUPS[i % GROUPS.length];
    const name = `Channel ${String(i + 1).padStart(6, '0')}`;
    const comment = `Chat for team ${i + 1}`;
    rows.push({ id: i + 1, name: fromDriver(name), groupId: g.id, group: fromDriver(g.name), valid: 'valid', availableToCustomerUsers: i % 3 === 0, availableToPublicUsers: false, comment: fromDriver(comment), lastChange: { by: 'root@localhost', at: '2026-01-01 10:00:00' } });
    if (kind === 'gone' && i % 5 === 4) continue;
    channels.push({
      name,
      group: g.name,
      availableToCustomerUsers: i % 3 === 0,
      availableToPublicUsers: false,
      valid: 'valid',
      comment: kind === 'comments' && i % 10 === 9 ? `${comment} (new)` : comment,
      previousNames: [],
      location: { file: 'chat.yaml', line: 3 + i * 5, column: 5 },
    });
  }
  const names = fromYaml(channels.map((c) => c.name));
  const comments = fromYaml(channels.map((c) => c.comment));
  channels.forEach((c, i) => Object.assign(c, { name: names[i], comment: comments[i] }));
  const desired = { channels, settings: [], reconcile: { removedChannels: 'invalid', maxInvalidatePercent: 100, maxInvalidatePercentFromConfig: true }, managesChannels: true, files: ['chat.yaml'] };
  const actual = { capabilities, channels: rows, groups: GROUPS, settings };
  let options = {};
  if (capabilities.nameComparison !== 'exact') {
    // Keys as a case-insensitive server would answer, read once like readNameKeys does.
    const channelKeys = new Map();
    for (const r of rows) channelKeys.set(r.name, r.name.toLowerCase());
    for (const c of channels) channelKeys.set(c.name, c.name.toLowerCase());
    channelKeys.set('Default channel', 'default channel');
    const groupKeys = new Map(GROUPS.map((x) => [x.name, x.name.toLowerCase()]));
    options = { nameKeys: serverNameKeys(capabilities.nameComparison, { channels: channelKeys, groups: groupKeys }) };
  }
  return { desired, actual, options };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cases = [];
for (const db of ['postgres', 'mysql']) for (const kind of ['none', 'comments', 'gone']) cases.push({ db, kind });
console.log(`runs=${RUNS} warmup=${WARMUP} node=${process.version}`);
console.log(['N', 'database', 'case', 'changes', ...dists.flatMap((d) => [`median ms ${d}`, 'min ms'])].join('\t'));
for (const n of sizes) {
  for (const { db, kind } of cases) {
    if (only && only !== `${db}/${kind}`) continue;
    const inputs = builds.map((b) => scenario(n, kind, db === 'postgres' ? POSTGRES : MYSQL, b.serverNameKeys));
    const times = builds.map(() => []);
    const changes = builds.map(() => 0);
    for (let r = 0; r < WARMUP + RUNS; r++) {
      builds.forEach((b, i) => {
        const { desired, actual, options } = inputs[i];
        const t = performance.now();
        const plan = b.diffStates(desired, actual, options);
        const dt = performance.now() - t;
        changes[i] = plan.changes.length;
        if (r >= WARMUP) times[i].push(dt);
      });
    }
    if (new Set(changes).size !== 1) throw new Error(`the builds disagree on the number of changes: ${changes.join(', ')}`);
    const cells = times.flatMap((t) => [median(t).toFixed(2), Math.min(...t).toFixed(2)]);
    console.log([n, db, kind, changes[0], ...cells].join('\t'));
  }
}
