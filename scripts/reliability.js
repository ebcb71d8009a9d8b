// `npm run reliability`: the reliability promises of docs/design.md §6, proved as figures.
//
// Builds, finds the databases at hand (the local PostgreSQL and MariaDB of .ci/run when their
// variables are unset and they answer), runs the test files behind each promise at the `full`
// budget through vitest's JSON reporter, and writes docs/RELIABILITY.md from that run: what is
// promised, which tests prove it (their names as the reporter gives them), and the figures.
// Exits non-zero when a test failed or a promise found no test. Nothing else writes that file:
// `npm test` runs the same property tests at the small `ci` budget and writes no report.
//
// Environment: OTRS_RELIABILITY_SEED replays the property tests' cases; OTRS_TEST_DATABASE_URL /
// OTRS_TEST_MYSQL_URL choose the servers as for `npm test`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT = 'docs/RELIABILITY.md';
const DATABASES = ['pglite', 'postgres', 'mariadb'];
const DATABASE_TITLES = { pglite: 'PGlite (embedded PostgreSQL)', postgres: 'PostgreSQL', mariadb: 'MariaDB / MySQL' };
/** The servers .ci/run uses, tried when their variable is unset. */
const SERVERS = {
  postgres: { variable: 'OTRS_TEST_DATABASE_URL', local: 'postgres://postgres@127.0.0.1:5432/test' },
  mariadb: { variable: 'OTRS_TEST_MYSQL_URL', local: 'mysql://root@127.0.0.1:3306/test' },
};

/**
 * The promises, in the words of docs/design.md, and where their tests live: whole files, or the
 * tests of a file whose name matches `name`. The test names themselves come from the run.
 * `optional`: the file may not exist yet; the document then says so instead of failing.
 */
const PROMISES = [
  {
    title: 'Nothing is ever deleted, and apply does what the config says',
    text:
      'No command deletes a row. After an apply, planning the same config again gives no changes; every channel the config names has exactly the fields it gives (a rename keeps the row and its id); channels that left the config are invalidated as `reconcile.removedChannels` says, except the default channel.',
    tests: [
      { file: 'test/db/reconcile.property.db.test.ts' },
      { file: 'test/db/apply-safety.db.test.ts', name: /channel count never decreases/ },
    ],
  },
  {
    title: 'All or nothing',
    text: 'An apply is one transaction: a failing statement, a refusal, or a database that moved since the plan leaves every row as it was.',
    tests: [
      { file: 'test/db/apply-safety.db.test.ts', name: /roll|nothing (is )?written|refused/ },
      { file: 'test/db/connection/connection.db.test.ts', name: /transaction/ },
    ],
  },
  {
    title: 'One apply at a time (the apply lock)',
    text: 'A concurrent apply waits for the lock, then re-plans; with a short lock timeout it gives up writing nothing. Racing applies never duplicate a row.',
    tests: [
      { file: 'test/db/concurrency.db.test.ts' },
      { file: 'test/cli/plan-apply.test.ts', name: /lock-timeout/ },
    ],
  },
  {
    title: 'The mass-invalidation guard',
    text: 'From 8 valid channels on, apply refuses to invalidate more than 25 % of them (or the configured share) unless told `--allow-mass-invalidation`; `plan` still shows the whole plan.',
    tests: [
      { file: 'test/plan/guard.test.ts' },
      { file: 'test/db/apply-safety.db.test.ts', name: /guard/ },
      { file: 'test/db/saved-plan.db.test.ts', name: /guard/ },
      { file: 'test/cli/plan-apply.test.ts', name: /mass invalidation/ },
      { file: 'test/cli/apply-plan.test.ts', name: /mass-invalidation|guard/ },
    ],
  },
  {
    title: 'Secrets are never printed',
    text: 'A database password never appears in a message, a description of the connection, or a saved plan, whatever goes wrong while connecting.',
    tests: [
      { file: 'test/db/connection/connect.test.ts' },
      { file: 'test/db/connection/connect-mysql.test.ts' },
      { file: 'test/db/connection/resolve-target.test.ts', name: /password|without echoing/ },
      { file: 'test/cli/plan-apply.test.ts', name: /password/ },
      { file: 'test/cli/plan-apply-mysql.test.ts', name: /password/ },
    ],
  },
  {
    title: 'Hostile input is refused cleanly',
    text: 'Arbitrary text, YAML punctuation, mutated files and arbitrary bytes end as a configuration error with a location, never as a crash.',
    tests: [{ file: 'test/config/robustness.test.ts' }],
  },
  {
    title: 'Name equality is decided by the database',
    text: 'Two channel names are one channel exactly when the database’s own `=` under its collation says so, on every database.',
    tests: [
      { prefix: 'test/db/name-equality', optional: true },
      { prefix: 'test/db/name-keys', optional: true },
    ],
  },
  {
    title: 'A saved plan is applied exactly, or refused',
    text: '`apply --plan` executes the reviewed changes and nothing else; when the database moved since the plan it writes nothing and names what changed.',
    tests: [{ file: 'test/db/saved-plan.db.test.ts' }, { file: 'test/cli/apply-plan.test.ts' }],
  },
];

/** The property tests' reports (`<name>.json` in OTRS_RELIABILITY_REPORT) this run should produce. */
const EXPECTED_REPORTS = ['reconcile-property', 'name-equality'];

const started = Date.now();
const log = (line) => process.stderr.write(`reliability: ${line}\n`);

/** The files a test entry stands for, as they were when the run started (files may appear meanwhile). */
const filesSeen = new Map();
function filesOf(entry) {
  if (!filesSeen.has(entry)) filesSeen.set(entry, findFiles(entry));
  return filesSeen.get(entry);
}

function findFiles(entry) {
  if (entry.file) return existsSync(join(ROOT, entry.file)) ? [entry.file] : [];
  const dir = entry.prefix.slice(0, entry.prefix.lastIndexOf('/'));
  const start = entry.prefix.slice(dir.length + 1);
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.startsWith(start) && f.endsWith('.test.ts'))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/** Whether a server answers, and its version, through the drivers the tool itself uses. */
async function probe(server, url) {
  try {
    if (server === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      await client.connect();
      try {
        const { rows } = await client.query('SHOW server_version');
        return { ok: true, version: `PostgreSQL ${String(rows[0].server_version).split(' ')[0]}` };
      } finally {
        await client.end();
      }
    }
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    try {
      const [rows] = await connection.query('SELECT VERSION() AS v');
      const version = String(rows[0].v);
      return { ok: true, version: /mariadb/i.test(version) ? `MariaDB ${version.replace(/-MariaDB.*$/i, '')}` : `MySQL ${version}` };
    } finally {
      await connection.end();
    }
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

/** Sets each server's variable when unset and the local server answers; returns what was found. */
async function findServers(env) {
  const found = {};
  for (const [server, { variable, local }] of Object.entries(SERVERS)) {
    const given = env[variable];
    const result = await probe(server, given || local);
    if (given) found[server] = { ...result, how: `${variable} as given` };
    else if (result.ok) {
      env[variable] = local;
      found[server] = { ...result, how: `the local server, ${variable} set by the script` };
    } else found[server] = { ok: false, how: `${variable} unset, and no local server answers`, reason: result.reason };
  }
  return found;
}

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function git(args) {
  const r = spawnSync('git', ['--no-optional-locks', ...args], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The database a suite ran on, from its title: `name [postgres] (VAR)` (describeDatabases) or
 * `name (OTRS_TEST_MYSQL_URL)` (describeWithServer); the title without it.
 */
function splitDatabase(title) {
  const tagged = /^(.*) \[(pglite|postgres|mariadb)\](?: \(.*\))?$/.exec(title);
  if (tagged) return { title: tagged[1], database: tagged[2] };
  for (const [server, { variable }] of Object.entries(SERVERS)) {
    const suffix = ` (${variable})`;
    if (title.endsWith(suffix)) return { title: title.slice(0, -suffix.length), database: server };
  }
  return { title, database: undefined };
}

/** The reporter's tests, with file, name without the database tag, database and status. */
function testsOf(report) {
  return report.testResults.flatMap((file) =>
    file.assertionResults.map((t) => {
      let database;
      const ancestors = t.ancestorTitles.map((a) => {
        const split = splitDatabase(a);
        database ??= split.database;
        return split.title;
      });
      const status = t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped';
      const failure = status === 'failed' ? String(t.failureMessages?.[0] ?? '').split('\n')[0] : undefined;
      return { file: relative(ROOT, file.name), name: [...ancestors, t.title].join(' › '), database, status, failure };
    }),
  );
}

function count(tests) {
  return {
    passed: tests.filter((t) => t.status === 'passed').length,
    failed: tests.filter((t) => t.status === 'failed').length,
    skipped: tests.filter((t) => t.status === 'skipped').length,
  };
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

const md = (text) => text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n/g, ' ');

function render({ when, commit, dirty, servers, budget, seedGiven, tests, fileCount, properties, promises, timings, missingOptional }) {
  const lines = [];
  const out = (...l) => lines.push(...l);
  const covered = DATABASES.filter((d) => tests.some((t) => t.database === d && t.status !== 'skipped'));
  const total = count(tests);

  out(
    '# Reliability',
    '',
    '<!-- Generated by `npm run reliability` (scripts/reliability.js). Do not edit: run it again. -->',
    '> **Generated by `npm run reliability` (scripts/reliability.js) from its last run; never edited by hand.** What is promised is',
    '> stated in the script; the test names and every figure come from that run (vitest’s JSON reporter and the property tests’',
    '> reports). `npm test` runs the same tests, the property tests at a smaller budget.',
    '',
    '## The last run',
    '',
    '| | |',
    '|---|---|',
    `| date | ${when.toISOString().replace(/\.\d+Z$/, 'Z')} |`,
    `| commit | \`${commit ?? 'unknown'}\`${dirty ? ' plus uncommitted changes in the working tree' : ''} |`,
    `| databases | ${covered.map((d) => (servers[d]?.version ? `${servers[d].version} (${servers[d].how})` : DATABASE_TITLES[d])).join(', ')} |`,
  );
  const left = DATABASES.filter((d) => !covered.includes(d));
  if (left.length > 0) out(`| not covered | ${left.map((d) => `${DATABASE_TITLES[d]}: ${servers[d]?.how ?? 'no test ran'}`).join('; ')} |`);
  out(
    `| budget | \`${budget}\` (OTRS_RELIABILITY_BUDGET)${seedGiven ? `, seed ${seedGiven} given (OTRS_RELIABILITY_SEED)` : ''} |`,
    `| tests | ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped, in ${fileCount} files |`,
    `| duration | ${duration(timings.total)} (build ${duration(timings.build)}, tests ${duration(timings.tests)}) |`,
    '',
    '## The promises and their figures',
    '',
    '| promise | tests | passed | failed | skipped |',
    '|---|---|---:|---:|---:|',
  );
  promises.forEach((p, i) => {
    const c = count(p.tests);
    out(`| ${i + 1}. [${p.title}](#${i + 1}-${anchor(p.title)}) | ${p.tests.length} | ${c.passed} | ${c.failed} | ${c.skipped} |`);
  });
  out('', 'A test run on several databases counts once per database.', '');

  out('## Random cases', '', '| property | cases | ' + DATABASES.join(' | ') + ' | seed |', '|---|---:|' + DATABASES.map(() => '---:|').join('') + '---:|');
  for (const p of properties) out(`| \`${md(p.name)}\` | ${p.cases} | ${DATABASES.map((d) => p.perDatabase?.[d] ?? 0).join(' | ')} | ${p.seed} |`);
  if (properties.length === 0) out('| (no property report was written) | | | | | |');
  out('');
  for (const p of properties) out(`- \`${md(p.name)}\`: ${md(p.promise)}`);
  for (const m of missingOptional) out(`- **${m}**`);
  for (const name of EXPECTED_REPORTS.filter((n) => !properties.some((p) => p.name === n) && !missingOptional.some((m) => m.includes(n)))) {
    out(`- **\`${name}\` wrote no report in this run** (its test did not get to the end).`);
  }
  out('', 'Replay a run’s cases with `OTRS_RELIABILITY_SEED=<seed> npm run reliability`.', '');

  const failed = tests.filter((t) => t.status === 'failed');
  if (failed.length > 0) {
    out('## Failures in this run', '');
    for (const t of failed) out(`- \`${t.file}\` › ${md(t.name)}${t.database ? ` [${t.database}]` : ''}: ${md(t.failure ?? '')}`);
    out('');
  }

  out('## How each promise is tested', '');
  promises.forEach((p, i) => {
    out(`### ${i + 1}. ${p.title}`, '', p.text, '');
    if (p.tests.length === 0) {
      out(p.missing ? `*${md(p.missing)}*` : '*No test of this run matched: the script’s list is out of date.*', '');
      return;
    }
    const byFile = new Map();
    for (const t of p.tests) {
      if (!byFile.has(t.file)) byFile.set(t.file, new Map());
      const names = byFile.get(t.file);
      if (!names.has(t.name)) names.set(t.name, []);
      names.get(t.name).push(t);
    }
    for (const [file, names] of byFile) {
      out(`- [\`${file}\`](../${file})`);
      for (const [name, runs] of names) out(`  - ${md(name)} — ${outcome(runs)}`);
    }
    out('');
  });
  return `${lines.join('\n')}\n`;
}

/** `passed on pglite, postgres, mariadb` / `FAILED on mariadb; passed on pglite`. */
function outcome(runs) {
  const on = (status) => runs.filter((r) => r.status === status).map((r) => r.database ?? 'no database');
  const parts = [];
  if (on('failed').length) parts.push(`**FAILED** on ${on('failed').join(', ')}`);
  if (on('passed').length) parts.push(`passed on ${on('passed').join(', ')}`);
  if (on('skipped').length) parts.push(`skipped on ${on('skipped').join(', ')}`);
  return parts.join('; ').replace(/ on no database/g, '');
}

function anchor(title) {
  return title.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').trim().replace(/ /g, '-');
}

/** Runs vitest on `files` with the JSON reporter next to the default one; its exit code and tests. */
async function vitestRun(files, env, dir) {
  const jsonFile = join(dir, 'vitest.json');
  const args = ['run', ...files, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`];
  const code = await run(join(ROOT, 'node_modules', '.bin', 'vitest'), args, env);
  if (!existsSync(jsonFile)) return { code, tests: undefined };
  return { code, tests: testsOf(JSON.parse(readFileSync(jsonFile, 'utf8'))) };
}

async function main() {
  const env = { ...process.env };
  const servers = await findServers(env);
  for (const [server, s] of Object.entries(servers)) log(`${server}: ${s.ok ? `${s.version}, ` : ''}${s.how}${s.ok ? '' : s.reason ? ` (${s.reason})` : ''}`);

  const buildStarted = Date.now();
  log('building');
  if ((await run('npm', ['run', '--silent', 'build'], env)) !== 0) {
    log(`the build failed; nothing was run and ${OUTPUT} was not written`);
    return 1;
  }
  const build = Date.now() - buildStarted;

  // Whole files, even where a promise counts only some of their tests: tests of one file may
  // build on each other, so a subset of them is not a run to trust.
  const files = [...new Set(PROMISES.flatMap((p) => p.tests.flatMap(filesOf)))];
  const missingOptional = PROMISES.flatMap((p) =>
    p.tests.filter((e) => e.optional && filesOf(e).length === 0).map((e) => `\`${e.prefix}*.test.ts\` was not in the tree when this run started: no figures from it for “${p.title}”.`),
  );
  for (const m of missingOptional) log(m);

  const reportDir = mkdtempSync(join(tmpdir(), 'otrs-reliability-'));
  try {
    const budget = 'full';
    Object.assign(env, { OTRS_RELIABILITY_BUDGET: budget, OTRS_RELIABILITY_REPORT: reportDir, OTRS_TEST_BUILT_DIST: '1' });
    const testsStarted = Date.now();
    log(`running ${files.length} test files at the ${budget} budget`);
    const vitest = await vitestRun(files, env, reportDir);
    const testTime = Date.now() - testsStarted;
    if (!vitest.tests) {
      log(`vitest wrote no report (exit ${vitest.code}); ${OUTPUT} was not written`);
      return 1;
    }
    const { tests } = vitest;
    const fileCount = new Set(tests.map((t) => t.file)).size;
    const properties = readdirSync(reportDir)
      .filter((f) => f.endsWith('.json') && f !== 'vitest.json')
      .sort()
      .map((f) => JSON.parse(readFileSync(join(reportDir, f), 'utf8')));

    const promises = PROMISES.map((p) => {
      const matched = tests.filter((t) => p.tests.some((e) => filesOf(e).includes(t.file) && (!e.name || e.name.test(t.name))));
      const absent = p.tests.every((e) => e.optional && filesOf(e).length === 0);
      return { ...p, tests: matched, missing: absent ? 'Its test file is not in the tree yet; this run has no figures for it.' : undefined };
    });
    const unproved = promises.filter((p) => p.tests.length === 0 && !p.missing);

    const text = render({
      when: new Date(),
      commit: git(['rev-parse', '--short=12', 'HEAD']),
      dirty: (git(['status', '--porcelain']) ?? '') !== '',
      servers,
      budget,
      seedGiven: process.env.OTRS_RELIABILITY_SEED,
      tests,
      fileCount,
      properties,
      promises,
      timings: { build, tests: testTime, total: Date.now() - started },
      missingOptional,
    });
    writeFileSync(join(ROOT, OUTPUT), text);

    const total = count(tests);
    log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped; wrote ${OUTPUT}`);
    for (const p of properties) log(`${p.name}: ${p.cases} cases (${DATABASES.map((d) => `${d} ${p.perDatabase?.[d] ?? 0}`).join(', ')}), seed ${p.seed}`);
    for (const p of unproved) log(`no test of this run matched the promise “${p.title}”: update PROMISES in scripts/reliability.js`);
    return vitest.code !== 0 || total.failed > 0 || unproved.length > 0 ? 1 : 0;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
