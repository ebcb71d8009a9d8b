// The CI examples of examples/ci (GitHub Actions, GitLab CI): the workflow passes
// action-validator, both files have the jobs, triggers, permissions and rules the README
// promises, and the code in them behaves: the github-script steps run against a fake Octokit,
// the GitLab API scripts against a fake GitLab on loopback, and the shell steps with a fake
// `npx` that records how otrs-chat-config would have been called. That every option used
// exists in the real binary is checked in test/cli/ci-examples.test.ts.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIG_DIR,
  exampleCommands,
  findCliCommands,
  githubRunScripts,
  githubWorkflowFile,
  gitlabJobs,
  gitlabPipelineFile,
  gitlabScripts,
  isObject,
  readYaml,
  repoRoot,
} from './ci-files.js';

type Doc = Record<string, any>;

const github: Doc = readYaml(githubWorkflowFile);
const gitlab: Doc = readYaml(gitlabPipelineFile);
const githubText = readFileSync(githubWorkflowFile, 'utf8');
const gitlabText = readFileSync(gitlabPipelineFile, 'utf8');
const MARKER = '<!-- otrs-chat-config-plan -->';

// --- running things ---------------------------------------------------------------------------

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'occ-ci-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tempDir(): string {
  return mkdtempSync(join(scratch, 'd'));
}

/**
 * A directory with a fake `npx` that records its arguments (NUL-separated) and the
 * OTRS_DATABASE_URL it saw, prints FAKE_OUTPUT and exits with FAKE_EXIT.
 */
function fakeNpx(): { bin: string; args: () => string[]; database: () => string } {
  const bin = tempDir();
  const log = join(bin, 'log');
  writeFileSync(
    join(bin, 'npx'),
    [
      '#!/bin/sh',
      `: > '${log}.args'`,
      `for a in "$@"; do printf '%s\\0' "$a" >> '${log}.args'; done`,
      `printf '%s' "$OTRS_DATABASE_URL" > '${log}.db'`,
      'printf \'%s\\n\' "${FAKE_OUTPUT:-fake plan}"',
      'exit "${FAKE_EXIT:-0}"',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'npx'), 0o755);
  return {
    bin,
    args: () => (existsSync(`${log}.args`) ? readFileSync(`${log}.args`, 'utf8').split('\0').slice(0, -1) : []),
    database: () => readFileSync(`${log}.db`, 'utf8'),
  };
}

/** Runs a script the way both CI systems run bash steps (`-eo pipefail`), with node and `extraPath` on PATH. */
function bash(script: string, options: { cwd: string; env: Record<string, string>; extraPath?: string }): Promise<Run> {
  const path = [options.extraPath, dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter);
  return run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: options.cwd,
    env: { PATH: path, HOME: process.env.HOME ?? '/tmp', ...options.env },
  });
}

// --- GitHub workflow helpers -------------------------------------------------------------------

function githubJob(name: string): Doc {
  const job = github.jobs?.[name];
  if (!isObject(job)) throw new Error(`no job ${name}`);
  return job;
}

function githubStep(jobName: string, test: (step: Doc) => boolean): Doc {
  const step = (githubJob(jobName).steps as Doc[]).find(test);
  if (!step) throw new Error(`no such step in ${jobName}`);
  return step;
}

const githubScriptOf = (jobName: string, id: string): string => githubStep(jobName, (s) => s.id === id || s.name === id).with.script;

interface ScriptResult {
  failed?: string;
  outputs: Record<string, string>;
  info: string[];
}

/**
 * Runs the script of an actions/github-script step as the action does (the body of an async
 * function), with the given fakes; `process` and `setTimeout` are the fakes' too.
 */
async function runGithubScript(
  script: string,
  fakes: { github: Doc; context: Doc; env: Record<string, string>; files?: Record<string, string> },
): Promise<ScriptResult> {
  const result: ScriptResult = { outputs: {}, info: [] };
  const core = {
    info: (m: string) => result.info.push(m),
    setFailed: (m: string) => (result.failed = m),
    setOutput: (k: string, v: string) => (result.outputs[k] = v),
  };
  const fakeRequire = (name: string): unknown => {
    if (name !== 'fs') throw new Error(`unexpected require(${name})`);
    return {
      readFileSync: (file: string) => {
        const text = fakes.files?.[file];
        if (text === undefined) throw new Error(`ENOENT: ${file}`);
        return text;
      },
    };
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  const body = new AsyncFunction('github', 'context', 'core', 'require', 'process', 'setTimeout', script);
  const env = { ...(github.env as Record<string, string>), ...fakes.env };
  await body(fakes.github, fakes.context, core, fakeRequire, { env }, (fn: () => void) => fn());
  return result;
}

// --- GitLab helpers ----------------------------------------------------------------------------

function gitlabJob(name: string): Doc {
  const job = gitlabJobs(gitlab)[name];
  if (!job) throw new Error(`no job ${name}`);
  return job;
}

/**
 * Evaluates a GitLab `rules: if:` expression over the given variables: `$A == "x"`, `$A != "x"`,
 * `$A == $B`, joined by `&&` and `||`. Anything else throws, so the check cannot pass by accident.
 */
function gitlabIf(expression: string, vars: Record<string, string>): boolean {
  const value = (operand: string): string | undefined => {
    const literal = /^"([^"]*)"$/.exec(operand);
    if (literal) return literal[1];
    const variable = /^\$(\w+)$/.exec(operand);
    if (variable?.[1]) return vars[variable[1]];
    throw new Error(`cannot evaluate ${operand} in ${expression}`);
  };
  return expression.split('||').some((alternative) =>
    alternative.split('&&').every((clause) => {
      const m = /^\s*(\S+)\s*(==|!=)\s*(\S+)\s*$/.exec(clause);
      if (!m?.[1] || !m[3]) throw new Error(`cannot evaluate ${clause} in ${expression}`);
      return (value(m[1]) === value(m[3])) === (m[2] === '==');
    }),
  );
}

/** The first matching rule of `rules` (rules with `changes:` count as matching), or undefined. */
function firstRule(rules: unknown, vars: Record<string, string>): Doc | undefined {
  if (!Array.isArray(rules)) throw new Error('rules is not a list');
  return (rules as Doc[]).find((rule) => rule.if === undefined || gitlabIf(String(rule.if), vars));
}

/** The jobs a pipeline with these variables runs (undefined: no pipeline at all), and how. */
function gitlabPipelineFor(vars: Record<string, string>): Record<string, string> | undefined {
  if (!firstRule(gitlab.workflow.rules, vars)) return undefined;
  const jobs: Record<string, string> = {};
  for (const [name, job] of Object.entries(gitlabJobs(gitlab))) {
    if (name.startsWith('.')) continue;
    const rule = firstRule(job.rules, vars);
    if (rule && rule.when !== 'never') jobs[name] = String(rule.when ?? 'on_success');
  }
  return jobs;
}

interface FakeRequest {
  readonly method: string;
  readonly url: string;
  readonly token: string | undefined;
  readonly body: string;
}
type Reply = { status?: number; json?: unknown; text?: string };
type Routes = Record<string, (request: FakeRequest) => Reply>;

/** A fake GitLab API on loopback: routes by `METHOD /path?query` (a prefix of /api/v4 added). */
async function withFakeGitlab(routes: Routes, fn: (apiUrl: string, requests: FakeRequest[]) => Promise<void>): Promise<void> {
  const requests: FakeRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const url = (req.url ?? '').replace(/^\/api\/v4/, '');
      const token = req.headers['private-token'];
      const request = { method: req.method ?? '', url, token: Array.isArray(token) ? token[0] : token, body };
      requests.push(request);
      const route = routes[`${request.method} ${url}`];
      const reply: Reply = route ? route(request) : { status: 404, json: { message: '404 Not found' } };
      res.writeHead(reply.status ?? 200, { 'Content-Type': reply.text === undefined ? 'application/json' : 'application/octet-stream' });
      res.end(reply.text ?? JSON.stringify(reply.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`, requests);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

// =============================================================================================
// GitHub Actions
// =============================================================================================

describe('GitHub workflow: action-validator', () => {
  const validator = join(repoRoot, 'node_modules', '.bin', 'action-validator');

  it('accepts examples/ci/github/otrs-chat-config.yml', async () => {
    const r = await run(process.execPath, [validator, githubWorkflowFile]);
    expect(r.stderr).not.toContain('"errors"');
    expect(r.code).toBe(0);
  });

  // Proof that the check above can fail: the same file with one mistake.
  it.each([
    ['a misspelled job key', '    runs-on: ubuntu-latest\n', '    runs_on: ubuntu-latest\n', 'runs_on'],
    ['an unknown trigger', '\n  pull_request:\n', '\n  pull_requests:\n', '/on'],
    ['a permission level that does not exist', 'pull-requests: write', 'pull-requests: admin', '/jobs/plan'],
  ])('refuses a copy with %s', async (_what, from, to, reported) => {
    expect(githubText).toContain(from);
    const dir = tempDir();
    const broken = join(dir, 'otrs-chat-config.yml');
    writeFileSync(broken, githubText.replace(from, to));
    const r = await run(process.execPath, [validator, broken]);
    expect(r.code).toBe(1);
    // Errors are a JSON document on stderr, after any glob warnings.
    const report = JSON.parse(r.stderr.slice(r.stderr.indexOf('{'))) as { errors: unknown[] };
    expect(report.errors.length).toBeGreaterThan(0);
    expect(r.stderr).toContain(reported);
  });
});

describe('GitHub workflow: structure', () => {
  it('runs on pull requests and pushes to main touching chat/, nightly, and by hand', () => {
    expect(github.on.pull_request.paths).toContain('chat/**');
    expect(github.on.push.branches).toEqual(['main']);
    expect(github.on.push.paths).toContain('chat/**');
    expect(github.on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(github.on).toHaveProperty('workflow_dispatch');
    expect(Object.keys(github.jobs)).toEqual(['plan', 'apply', 'drift']);
  });

  it('grants nothing by default and each job only what it needs', () => {
    expect(github.permissions).toEqual({});
    expect(githubJob('plan').permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(githubJob('apply').permissions).toEqual({ contents: 'read', 'pull-requests': 'read', actions: 'read' });
    expect(githubJob('drift').permissions).toEqual({ contents: 'read' });
  });

  it('uses only actions/* actions, artifacts at v4', () => {
    const uses = Object.values(github.jobs as Record<string, Doc>).flatMap((job) => (job.steps as Doc[]).map((s) => s.uses).filter(Boolean));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^actions\/[\w-]+@v\d+$/);
    expect(uses).toContain('actions/upload-artifact@v4');
    expect(uses).toContain('actions/download-artifact@v4');
    expect(uses).toContain('actions/github-script@v7');
  });

  it('splits the jobs by event', () => {
    expect(githubJob('plan').if).toContain("github.event_name == 'pull_request'");
    expect(githubJob('apply').if).toContain("github.event_name == 'push'");
    expect(githubJob('drift').if).toContain("github.event_name == 'schedule'");
    expect(githubJob('drift').if).toContain("github.event_name == 'workflow_dispatch'");
    // A manual apply only from main, and never at the same time as a drift check.
    expect(githubJob('apply').if).toContain("github.ref == 'refs/heads/main'");
    expect(githubJob('apply').if).toContain("inputs.apply_run_id != ''");
    expect(githubJob('drift').if).toContain("inputs.apply_run_id == ''");
  });

  it('never runs two applies at once, and never cancels one', () => {
    expect(githubJob('apply').concurrency).toEqual({ group: 'otrs-chat-config-apply', 'cancel-in-progress': false });
    expect(githubJob('apply').environment).toBeTruthy();
  });

  it('keeps the plan as an artifact and gives the apply job exactly that artifact', () => {
    const upload = githubStep('plan', (s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload.with.name).toBe('${{ env.PLAN_ARTIFACT }}');
    expect(upload.with.path.split('\n').filter(Boolean)).toEqual(['plan.json', 'plan.md']);
    expect(upload.with.overwrite).toBe(true);
    const download = githubStep('apply', (s) => s.uses === 'actions/download-artifact@v4');
    expect(download.with).toMatchObject({
      name: '${{ env.PLAN_ARTIFACT }}',
      'run-id': '${{ steps.find.outputs.run-id }}',
      'github-token': '${{ github.token }}',
    });
    // Download before apply, apply after.
    const steps = githubJob('apply').steps as Doc[];
    expect(steps.indexOf(download)).toBeLessThan(steps.findIndex((s) => s.id === 'apply'));
  });

  it('gives the apply database only to the apply step, the read-only one to the plans', () => {
    const secrets = [...githubText.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
    expect(new Set(secrets)).toEqual(new Set(['OTRS_DATABASE_URL', 'OTRS_APPLY_DATABASE_URL']));
    expect(githubStep('apply', (s) => s.id === 'apply').env.OTRS_DATABASE_URL).toBe('${{ secrets.OTRS_APPLY_DATABASE_URL }}');
    expect(githubStep('plan', (s) => s.id === 'plan').env.OTRS_DATABASE_URL).toBe('${{ secrets.OTRS_DATABASE_URL }}');
    const drift = githubStep('drift', (s) => typeof s.run === 'string' && s.run.includes('--detailed-exitcode'));
    expect(drift.env.OTRS_DATABASE_URL).toBe('${{ secrets.OTRS_DATABASE_URL }}');
    expect(githubStep('apply', (s) => s.id === 'apply').env.OTRS_AGENT).toBe('${{ vars.OTRS_AGENT }}');
  });

  it('posts the plan with a hidden marker and tells how to plan again when apply fails', () => {
    expect(githubScriptOf('plan', 'Post the plan on the pull request')).toContain(`'${MARKER}'`);
    const explain = githubStep('apply', (s) => s.name === 'Explain a refused plan');
    expect(explain.if).toBe("failure() && steps.apply.outcome == 'failure'");
    expect(explain.run).toMatch(/Plan again/);
  });
});

// The comment step of the plan job, run against a fake Octokit.
describe('GitHub workflow: the plan comment', () => {
  const script = githubScriptOf('plan', 'Post the plan on the pull request');
  const context = {
    repo: { owner: 'acme', repo: 'chat-config' },
    issue: { number: 12 },
    payload: { pull_request: { head: { sha: 'abcdef1234567890' } } },
    serverUrl: 'https://github.com',
    runId: 555,
  };

  function fakeOctokit(comments: Doc[]) {
    const calls: { updated: Doc[]; created: Doc[] } = { updated: [], created: [] };
    const listComments = async (params: Doc) => {
      expect(params).toMatchObject({ owner: 'acme', repo: 'chat-config', issue_number: 12 });
      return { data: comments };
    };
    const octokit = {
      paginate: async (fn: (p: Doc) => Promise<{ data: Doc[] }>, params: Doc) => (await fn(params)).data,
      rest: {
        issues: {
          listComments,
          updateComment: async (p: Doc) => {
            calls.updated.push(p);
            return { data: { html_url: 'u' } };
          },
          createComment: async (p: Doc) => {
            calls.created.push(p);
            return { data: { html_url: 'c' } };
          },
        },
      },
    };
    return { octokit, calls };
  }

  const PLAN = '**Plan: 1 to create, 0 to change, 0 to invalidate, 0 settings to change.**\n';

  it('edits its own earlier comment in place, not a person quoting the marker', async () => {
    const { octokit, calls } = fakeOctokit([
      { id: 1, user: { type: 'User' }, body: `quoting ${MARKER}` },
      { id: 2, user: { type: 'Bot' }, body: `${MARKER}\nold plan` },
      { id: 3, user: { type: 'Bot' }, body: 'another bot' },
    ]);
    const r = await runGithubScript(script, { github: octokit, context, env: { PLAN_OUTCOME: 'success', VALIDATE_OUTCOME: 'success' }, files: { 'plan.md': PLAN } });
    expect(r.failed).toBeUndefined();
    expect(calls.created).toEqual([]);
    expect(calls.updated).toHaveLength(1);
    expect(calls.updated[0]).toMatchObject({ owner: 'acme', repo: 'chat-config', comment_id: 2 });
    const body = String(calls.updated[0]?.body);
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(body).toContain(PLAN.trim());
    expect(body).toContain('abcdef1');
  });

  it('creates the comment the first time', async () => {
    const { octokit, calls } = fakeOctokit([{ id: 1, user: { type: 'User' }, body: 'LGTM' }]);
    await runGithubScript(script, { github: octokit, context, env: { PLAN_OUTCOME: 'success', VALIDATE_OUTCOME: 'success' }, files: { 'plan.md': PLAN } });
    expect(calls.updated).toEqual([]);
    expect(calls.created).toHaveLength(1);
    expect(calls.created[0]).toMatchObject({ issue_number: 12 });
    expect(String(calls.created[0]?.body)).toContain(PLAN.trim());
  });

  it.each([
    ['failure', 'skipped', 'Validation failed'],
    ['success', 'failure', 'Planning failed'],
  ])('replaces the plan with a failure note when validate is %s and plan %s', async (validate, plan, text) => {
    const { octokit, calls } = fakeOctokit([{ id: 2, user: { type: 'Bot' }, body: `${MARKER}\nold plan` }]);
    await runGithubScript(script, { github: octokit, context, env: { PLAN_OUTCOME: plan, VALIDATE_OUTCOME: validate } });
    const body = String(calls.updated[0]?.body);
    expect(body).toContain(text);
    expect(body).not.toContain('old plan');
    expect(body).toContain('https://github.com/acme/chat-config/actions/runs/555');
  });

  it('points to the artifact instead of posting a plan too long for a comment', async () => {
    const { octokit, calls } = fakeOctokit([]);
    await runGithubScript(script, { github: octokit, context, env: { PLAN_OUTCOME: 'success' }, files: { 'plan.md': 'x'.repeat(70_000) } });
    const body = String(calls.created[0]?.body);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('otrs-chat-config-plan');
  });
});

// The step of the apply job that finds the reviewed plan, run against a fake Octokit.
describe('GitHub workflow: finding the plan to apply', () => {
  const script = githubScriptOf('apply', 'find');
  const WORKFLOW = 77;
  const THIS_RUN = { id: 9000, workflow_id: WORKFLOW, event: 'push', head_branch: 'main' };

  interface World {
    prs?: Doc[];
    runs?: Doc[];
    artifacts?: Record<number, Doc[]>;
  }

  function fakeOctokit(world: World) {
    const runsQueries: Doc[] = [];
    const allRuns = [THIS_RUN, ...(world.runs ?? [])];
    const octokit = {
      rest: {
        repos: {
          listPullRequestsAssociatedWithCommit: async (p: Doc) => {
            expect(p).toMatchObject({ owner: 'acme', repo: 'chat-config', commit_sha: 'merge1' });
            return { data: world.prs ?? [] };
          },
        },
        actions: {
          getWorkflowRun: async (p: Doc) => {
            const found = allRuns.find((r) => r.id === p.run_id);
            if (!found) throw Object.assign(new Error('Not Found'), { status: 404 });
            return { data: { html_url: `https://github.com/acme/chat-config/actions/runs/${found.id}`, ...found } };
          },
          // Newest first, filtered the way the API filters.
          listWorkflowRuns: async (p: Doc) => {
            runsQueries.push(p);
            const matching = (world.runs ?? [])
              .filter((r) => r.workflow_id === p.workflow_id && r.event === p.event && r.head_sha === p.head_sha && r.conclusion === p.status)
              .sort((a, b) => b.id - a.id)
              .slice(0, p.per_page ?? 30)
              .map((r) => ({ html_url: `https://github.com/acme/chat-config/actions/runs/${r.id}`, ...r }));
            return { data: { total_count: matching.length, workflow_runs: matching } };
          },
          listWorkflowRunArtifacts: async (p: Doc) => {
            const artifacts = (world.artifacts?.[p.run_id] ?? []).filter((a) => a.name === p.name);
            return { data: { total_count: artifacts.length, artifacts } };
          },
        },
      },
    };
    return { octokit, runsQueries };
  }

  const pushContext = { repo: { owner: 'acme', repo: 'chat-config' }, sha: 'merge1', ref: 'refs/heads/main', runId: THIS_RUN.id, eventName: 'push' };
  const mergedPr = (extra: Doc = {}): Doc => ({
    number: 12,
    merged_at: '2024-05-01T10:00:00Z',
    merge_commit_sha: 'merge1',
    base: { ref: 'main' },
    head: { sha: 'head12' },
    labels: [],
    ...extra,
  });
  const prRun = (id: number, conclusion: string, headSha = 'head12', workflowId = WORKFLOW): Doc => ({
    id,
    workflow_id: workflowId,
    event: 'pull_request',
    head_sha: headSha,
    head_branch: 'feature',
    conclusion,
  });
  const plan = [{ name: 'otrs-chat-config-plan', expired: false }];

  it("takes the artifact of the newest successful run of this workflow for the pull request's last commit", async () => {
    const { octokit, runsQueries } = fakeOctokit({
      prs: [mergedPr()],
      runs: [prRun(100, 'success'), prRun(101, 'success'), prRun(102, 'failure'), prRun(103, 'success', 'older-head'), prRun(104, 'success', 'head12', 78)],
      artifacts: { 101: plan },
    });
    const r = await runGithubScript(script, { github: octokit, context: pushContext, env: {} });
    expect(r.failed).toBeUndefined();
    expect(r.outputs).toEqual({ 'run-id': '101', 'allow-mass-invalidation': '' });
    expect(runsQueries).toEqual([expect.objectContaining({ workflow_id: WORKFLOW, event: 'pull_request', head_sha: 'head12', status: 'success' })]);
  });

  it('passes --allow-mass-invalidation on only when the pull request carries the label', async () => {
    const { octokit } = fakeOctokit({
      prs: [mergedPr({ labels: [{ name: 'otrs-allow-mass-invalidation' }] })],
      runs: [prRun(100, 'success')],
      artifacts: { 100: plan },
    });
    const r = await runGithubScript(script, { github: octokit, context: pushContext, env: {} });
    expect(r.outputs['allow-mass-invalidation']).toBe('true');
  });

  it.each<[string, World, RegExp]>([
    ['a push that merged no pull request', { prs: [] }, /not merged from a pull request/],
    ['a pull request still open', { prs: [mergedPr({ merged_at: null })] }, /not merged from a pull request/],
    ['a pull request merged into another branch', { prs: [mergedPr({ base: { ref: 'release' } })] }, /not merged from a pull request/],
    ['no successful plan for the last commit', { prs: [mergedPr()], runs: [prRun(100, 'failure'), prRun(101, 'success', 'older-head')] }, /no successful plan/],
    ['an expired plan', { prs: [mergedPr()], runs: [prRun(100, 'success')], artifacts: { 100: [{ name: 'otrs-chat-config-plan', expired: true }] } }, /missing or expired/],
    ['a run without the plan artifact', { prs: [mergedPr()], runs: [prRun(100, 'success')], artifacts: { 100: [] } }, /missing or expired/],
  ])('fails with a message to plan again for %s', async (_what, world, message) => {
    const { octokit } = fakeOctokit(world);
    const r = await runGithubScript(script, { github: octokit, context: pushContext, env: {} });
    expect(r.failed).toMatch(message);
    expect(r.failed).toMatch(/Nothing was applied\. Plan again/);
    expect(r.outputs['run-id']).toBeUndefined();
  });

  describe('by hand (workflow_dispatch with apply_run_id)', () => {
    const dispatchContext = { ...pushContext, eventName: 'workflow_dispatch' };
    const driftRun = { id: 200, workflow_id: WORKFLOW, event: 'schedule', head_branch: 'main', head_sha: 'x', conclusion: 'failure' };

    it("applies a drift-check run's plan, with the mass-invalidation input", async () => {
      const { octokit } = fakeOctokit({ runs: [driftRun], artifacts: { 200: plan } });
      const r = await runGithubScript(script, { github: octokit, context: dispatchContext, env: { APPLY_RUN_ID: ' 200 ', ALLOW_MASS_INVALIDATION_INPUT: 'true' } });
      expect(r.failed).toBeUndefined();
      expect(r.outputs).toEqual({ 'run-id': '200', 'allow-mass-invalidation': 'true' });
    });

    it.each([
      ['not a number', 'latest'],
      ['no such run', '404'],
      ['a pull-request run', '201'],
      ['a run on another branch', '202'],
      ['a run of another workflow', '203'],
    ])('refuses an apply_run_id that is %s', async (_what, id) => {
      const { octokit } = fakeOctokit({
        runs: [
          driftRun,
          { ...prRun(201, 'success'), head_branch: 'main' },
          { ...driftRun, id: 202, head_branch: 'feature' },
          { ...driftRun, id: 203, workflow_id: 78 },
        ],
        artifacts: { 201: plan, 202: plan, 203: plan },
      });
      const r = await runGithubScript(script, { github: octokit, context: dispatchContext, env: { APPLY_RUN_ID: id, ALLOW_MASS_INVALIDATION_INPUT: 'false' } });
      expect(r.failed).toMatch(/is not a drift-check run of this workflow on main\. Nothing was applied\. Plan again/);
      expect(r.outputs).toEqual({});
    });
  });
});

describe('GitHub workflow: shell steps (with a fake npx)', () => {
  const applyStep = githubStep('apply', (s) => s.id === 'apply');
  const driftStep = githubStep('drift', (s) => typeof s.run === 'string' && s.run.includes('--detailed-exitcode'));

  it('applies the downloaded plan with chat/, --yes and --as, adding the optional options only when set', async () => {
    const npx = fakeNpx();
    const env = { OTRS_DATABASE_URL: 'postgres://apply@db/otrs', OTRS_AGENT: 'chat-admin', OTRS_DEPLOY_COMMAND: '', ALLOW_MASS_INVALIDATION: '' };
    const r = await bash(applyStep.run, { cwd: tempDir(), env, extraPath: npx.bin });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(npx.args()).toEqual(['otrs-chat-config', 'apply', '--plan', 'plan.json', CONFIG_DIR, '--yes', '--as', 'chat-admin']);
    expect(npx.database()).toBe('postgres://apply@db/otrs');
  });

  it('passes the label and the deploy command as separate, whole arguments', async () => {
    const npx = fakeNpx();
    const deploy = "ssh otrs@otrs.example 'otrs.Console.pl Maint::Config::Rebuild'";
    const env = { OTRS_AGENT: 'chat-admin', OTRS_DEPLOY_COMMAND: deploy, ALLOW_MASS_INVALIDATION: 'true' };
    const r = await bash(applyStep.run, { cwd: tempDir(), env, extraPath: npx.bin });
    expect(r.code).toBe(0);
    expect(npx.args().slice(8)).toEqual(['--allow-mass-invalidation', '--deploy-command', deploy]);
  });

  it('refuses to run without OTRS_AGENT', async () => {
    const npx = fakeNpx();
    const r = await bash(applyStep.run, { cwd: tempDir(), env: { OTRS_AGENT: '' }, extraPath: npx.bin });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('set the repository variable OTRS_AGENT');
    expect(npx.args()).toEqual([]);
  });

  it('fails the apply step when apply refuses', async () => {
    const npx = fakeNpx();
    const r = await bash(applyStep.run, { cwd: tempDir(), env: { OTRS_AGENT: 'a', FAKE_EXIT: '1' }, extraPath: npx.bin });
    expect(r.code).toBe(1);
  });

  it.each([
    [0, 0, /No drift/],
    [2, 1, /::error title=Drift::The OTRS database has drifted from git/],
    [1, 1, /::error title=Plan failed::otrs-chat-config plan exited with 1/],
    [70, 1, /exited with 70/],
  ])('drift check: plan exit %i → step exit %i', async (planExit, stepExit, message) => {
    const npx = fakeNpx();
    const cwd = tempDir();
    const summary = join(cwd, 'summary.md');
    const r = await bash(driftStep.run, {
      cwd,
      env: { GITHUB_STEP_SUMMARY: summary, GITHUB_RUN_ID: '4242', FAKE_EXIT: String(planExit), FAKE_OUTPUT: 'THE PLAN' },
      extraPath: npx.bin,
    });
    expect(r.code).toBe(stepExit);
    expect(r.stdout).toMatch(message);
    expect(r.stdout).toContain('THE PLAN');
    expect(readFileSync(summary, 'utf8')).toContain('THE PLAN');
    expect(npx.args()).toEqual(['otrs-chat-config', 'plan', CONFIG_DIR, '--detailed-exitcode', '--out', 'plan.json', '--format', 'markdown']);
    if (planExit === 2) expect(readFileSync(summary, 'utf8')).toContain('apply_run_id = 4242');
  });
});

// =============================================================================================
// GitLab CI
// =============================================================================================

describe('GitLab pipeline: structure', () => {
  const MR = { CI_PIPELINE_SOURCE: 'merge_request_event', CI_DEFAULT_BRANCH: 'main', CI_MERGE_REQUEST_IID: '3' };
  const PUSH_MAIN = { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' };

  it('has the stages and jobs', () => {
    expect(gitlab.stages).toEqual(['validate', 'plan', 'apply']);
    expect(Object.keys(gitlabJobs(gitlab))).toEqual(['validate', 'plan', 'apply', 'replan', 'apply-replan', 'drift']);
    for (const [name, job] of Object.entries(gitlabJobs(gitlab))) expect(gitlab.stages, name).toContain(job.stage);
  });

  it.each<[string, Record<string, string>, Record<string, string> | undefined]>([
    ['a merge request', MR, { validate: 'on_success', plan: 'on_success' }],
    ['a push to the default branch', PUSH_MAIN, { apply: 'on_success' }],
    ['a schedule', { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' }, { drift: 'on_success' }],
    ['Run pipeline on the default branch', { ...PUSH_MAIN, CI_PIPELINE_SOURCE: 'web' }, { replan: 'on_success', 'apply-replan': 'manual' }],
    ['Run pipeline on another branch', { ...PUSH_MAIN, CI_PIPELINE_SOURCE: 'web', CI_COMMIT_BRANCH: 'feature' }, undefined],
    ['a push to another branch', { ...PUSH_MAIN, CI_COMMIT_BRANCH: 'feature' }, undefined],
  ])('%s runs exactly its jobs', (_what, vars, jobs) => {
    expect(gitlabPipelineFor(vars)).toEqual(jobs);
  });

  it('plans and applies only when chat/ (or the tool) changed', () => {
    for (const [name, vars] of [['validate', MR], ['plan', MR], ['apply', PUSH_MAIN]] as const) {
      expect(firstRule(gitlabJob(name).rules, vars)?.changes, name).toEqual(expect.arrayContaining(['chat/**/*', 'package-lock.json']));
    }
  });

  it('keeps plan.json as an artifact of the plan and replan jobs', () => {
    for (const name of ['plan', 'replan']) {
      expect(gitlabJob(name).artifacts.paths).toEqual(['plan.json', 'plan.md']);
      expect(gitlabJob(name).artifacts.expire_in).toBeTruthy();
    }
  });

  it('never runs two applies at once', () => {
    for (const name of ['apply', 'apply-replan']) {
      expect(gitlabJob(name).resource_group).toBe('otrs-chat-config-apply');
      expect(gitlabJob(name).environment.name).toBe('otrs-production');
      expect(gitlabJob(name).interruptible).toBe(false);
    }
    expect(gitlabJob('apply-replan').needs).toEqual(['replan']);
  });

  it('uses the apply database only in the apply jobs', () => {
    const users = gitlabScripts(gitlab).filter((s) => s.script.includes('OTRS_APPLY_DATABASE_URL')).map((s) => s.where.split('.')[0]);
    expect(new Set(users)).toEqual(new Set(['apply', 'apply-replan']));
  });

  it('posts the plan note from the plan job, and a failure note from validate and plan', () => {
    const note = gitlabJob('plan').script.at(-1) as string;
    expect(note).toContain(`'${MARKER}'`);
    expect(gitlabJob('plan').after_script).toEqual([note]);
    expect(gitlabJob('validate').after_script).toEqual([note]);
  });
});

describe('GitLab pipeline: the plan note (against a fake GitLab API)', () => {
  const note = gitlabJob('plan').script.at(-1) as string;
  const NOTES = '/projects/7/merge_requests/3/notes';

  function env(apiUrl: string, status: string): Record<string, string> {
    return {
      CI_JOB_STATUS: status,
      CI_API_V4_URL: apiUrl,
      CI_PROJECT_ID: '7',
      CI_MERGE_REQUEST_IID: '3',
      CI_COMMIT_SHORT_SHA: 'abc1234',
      CI_JOB_URL: 'https://gitlab.example/acme/chat/-/jobs/99',
      CI_JOB_NAME: 'plan',
      GITLAB_API_TOKEN: 'glpat-test',
    };
  }

  const notesRoutes = (pages: Doc[][]): Routes => ({
    'GET /user': () => ({ json: { id: 42, username: 'project_7_bot' } }),
    ...Object.fromEntries(pages.map((page, i) => [`GET ${NOTES}?per_page=100&page=${i + 1}`, () => ({ json: page })])),
    [`GET ${NOTES}?per_page=100&page=${pages.length + 1}`]: () => ({ json: [] }),
    [`POST ${NOTES}`]: () => ({ status: 201, json: { id: 500 } }),
    [`PUT ${NOTES}/61`]: () => ({ json: { id: 61 } }),
  });

  it('edits the note it posted before, found on a later page, and not a person quoting the marker', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'plan.md'), '**Plan: 2 to create.**\n');
    const routes = notesRoutes([
      [{ id: 60, author: { id: 1 }, body: `see ${MARKER}` }, { id: 59, author: { id: 42 }, body: 'unrelated' }],
      [{ id: 61, author: { id: 42 }, body: `${MARKER}\nold plan` }],
    ]);
    await withFakeGitlab(routes, async (api, requests) => {
      const r = await bash(note, { cwd, env: env(api, 'running') });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(requests.every((q) => q.token === 'glpat-test')).toBe(true);
      const put = requests.filter((q) => q.method === 'PUT');
      expect(put.map((q) => q.url)).toEqual([`${NOTES}/61`]);
      expect(requests.some((q) => q.method === 'POST')).toBe(false);
      const body = (JSON.parse(put[0]?.body ?? '{}') as { body: string }).body;
      expect(body.startsWith(`${MARKER}\n### otrs-chat-config plan for abc1234`)).toBe(true);
      expect(body).toContain('**Plan: 2 to create.**');
    });
  });

  it('posts a new note the first time', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'plan.md'), 'No changes.\n');
    await withFakeGitlab(notesRoutes([[{ id: 60, author: { id: 1 }, body: 'LGTM' }]]), async (api, requests) => {
      const r = await bash(note, { cwd, env: env(api, 'running') });
      expect(r.code).toBe(0);
      const post = requests.filter((q) => q.method === 'POST');
      expect(post).toHaveLength(1);
      expect((JSON.parse(post[0]?.body ?? '{}') as { body: string }).body).toContain('No changes.');
    });
  });

  it('after a failed job, replaces the plan with a failure note', async () => {
    const cwd = tempDir();
    await withFakeGitlab(notesRoutes([[{ id: 61, author: { id: 42 }, body: `${MARKER}\nold plan` }]]), async (api, requests) => {
      const r = await bash(note, { cwd, env: env(api, 'failed') });
      expect(r.code).toBe(0);
      const body = (JSON.parse(requests.find((q) => q.method === 'PUT')?.body ?? '{}') as { body: string }).body;
      expect(body).toContain('The plan job failed');
      expect(body).toContain('https://gitlab.example/acme/chat/-/jobs/99');
      expect(body).not.toContain('old plan');
    });
  });

  it('after a successful job (after_script), does nothing', async () => {
    await withFakeGitlab({}, async (api, requests) => {
      const r = await bash(note, { cwd: tempDir(), env: env(api, 'success') });
      expect(r.code).toBe(0);
      expect(requests).toEqual([]);
    });
  });

  it('fails the job when the API refuses', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'plan.md'), 'No changes.\n');
    await withFakeGitlab({ 'GET /user': () => ({ status: 401, json: { message: '401 Unauthorized' } }) }, async (api) => {
      const r = await bash(note, { cwd, env: env(api, 'running') });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('HTTP 401');
    });
  });
});

describe('GitLab pipeline: finding the plan to apply (against a fake GitLab API)', () => {
  const [find = '', sourceEnv, apply = ''] = gitlabJob('apply').script as string[];
  const P = '/projects/7';
  const PLAN_JSON = '{"formatVersion":1}\n';

  it('has three steps: find the plan, read its options, apply', () => {
    expect(find).toContain("node --input-type=module <<'JS'");
    expect(sourceEnv).toBe('. ./plan.env');
    expect(apply).toContain('otrs-chat-config apply');
    expect(gitlabJob('apply-replan').script).toEqual([apply]);
  });

  function env(apiUrl: string): Record<string, string> {
    return {
      CI_API_V4_URL: apiUrl,
      CI_PROJECT_ID: '7',
      CI_COMMIT_SHA: 'merge1',
      CI_DEFAULT_BRANCH: 'main',
      GITLAB_API_TOKEN: 'glpat-test',
      MASS_INVALIDATION_LABEL: gitlab.variables.MASS_INVALIDATION_LABEL,
    };
  }

  const mr = (extra: Doc = {}): Doc => ({
    iid: 3,
    state: 'merged',
    target_branch: 'main',
    merge_commit_sha: 'merge1',
    sha: 'head3',
    labels: [],
    web_url: 'https://gitlab.example/acme/chat/-/merge_requests/3',
    ...extra,
  });

  function routes(world: { mrs?: Doc[]; pipelines?: Doc[]; jobs?: Doc[]; artifact?: boolean }): Routes {
    return {
      [`GET ${P}/repository/commits/merge1/merge_requests`]: () => ({ json: world.mrs ?? [] }),
      [`GET ${P}/merge_requests/3/pipelines?per_page=1`]: () => ({ json: (world.pipelines ?? []).slice(0, 1) }),
      [`GET ${P}/pipelines/50/jobs?per_page=100`]: () => ({ json: world.jobs ?? [] }),
      [`GET ${P}/jobs/77/artifacts/plan.json`]: () => (world.artifact === false ? { status: 404, json: {} } : { text: PLAN_JSON }),
    };
  }

  const pipeline = { id: 50, web_url: 'https://gitlab.example/acme/chat/-/pipelines/50' };
  const planJob = (status: string): Doc => ({ id: 77, name: 'plan', status, web_url: 'https://gitlab.example/acme/chat/-/jobs/77' });
  const jobs = (status: string): Doc[] => [{ id: 76, name: 'validate', status: 'success' }, planJob(status)];

  it('downloads plan.json from the plan job of the merge request\'s latest pipeline', async () => {
    const cwd = tempDir();
    await withFakeGitlab(routes({ mrs: [mr({ iid: 2, state: 'closed' }), mr()], pipelines: [pipeline], jobs: jobs('success') }), async (api, requests) => {
      const r = await bash(find, { cwd, env: env(api) });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readFileSync(join(cwd, 'plan.json'), 'utf8')).toBe(PLAN_JSON);
      expect(readFileSync(join(cwd, 'plan.env'), 'utf8')).toBe('');
      expect(requests.every((q) => q.token === 'glpat-test' && q.method === 'GET')).toBe(true);
    });
  });

  it.each([
    ['a fast-forward merge', { merge_commit_sha: null, sha: 'merge1' }],
    ['a squash merge', { merge_commit_sha: 'other', squash_commit_sha: 'merge1' }],
  ])('recognizes %s', async (_what, extra) => {
    const cwd = tempDir();
    await withFakeGitlab(routes({ mrs: [mr(extra)], pipelines: [pipeline], jobs: jobs('success') }), async (api) => {
      expect((await bash(find, { cwd, env: env(api) })).code).toBe(0);
    });
  });

  it('writes ALLOW_MASS_INVALIDATION=true for a merge request with the label', async () => {
    const cwd = tempDir();
    await withFakeGitlab(routes({ mrs: [mr({ labels: ['otrs-allow-mass-invalidation'] })], pipelines: [pipeline], jobs: jobs('success') }), async (api) => {
      expect((await bash(find, { cwd, env: env(api) })).code).toBe(0);
      expect(readFileSync(join(cwd, 'plan.env'), 'utf8')).toBe('ALLOW_MASS_INVALIDATION=true\n');
    });
  });

  it.each<[string, Parameters<typeof routes>[0], RegExp]>([
    ['a commit merged from no merge request', { mrs: [] }, /not merged from a merge request/],
    ['a merge request into another branch', { mrs: [mr({ target_branch: 'release' })] }, /not merged from a merge request/],
    ['a merge request without pipelines', { mrs: [mr()], pipelines: [] }, /has no pipeline/],
    ['a failed plan job', { mrs: [mr()], pipelines: [pipeline], jobs: jobs('failed') }, /has no successful plan job/],
    ['a pipeline without a plan job', { mrs: [mr()], pipelines: [pipeline], jobs: [] }, /has no successful plan job/],
    ['an expired artifact', { mrs: [mr()], pipelines: [pipeline], jobs: jobs('success'), artifact: false }, /has expired or is missing/],
  ])('fails with a message to plan again for %s', async (_what, world, message) => {
    const cwd = tempDir();
    await withFakeGitlab(routes(world), async (api) => {
      const r = await bash(find, { cwd, env: env(api) });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/Nothing was applied\. Plan again/);
      expect(existsSync(join(cwd, 'plan.json'))).toBe(false);
    });
  });
});

describe('GitLab pipeline: shell steps (with a fake npx)', () => {
  const apply = (gitlabJob('apply').script as string[])[2] ?? '';
  const drift = (gitlabJob('drift').script as string[])[0] ?? '';

  it('applies with the apply database, whatever OTRS_DATABASE_URL says', async () => {
    const npx = fakeNpx();
    const env = { OTRS_DATABASE_URL: 'postgres://readonly@db/otrs', OTRS_APPLY_DATABASE_URL: 'postgres://apply@db/otrs', OTRS_AGENT: 'chat-admin' };
    const r = await bash(apply, { cwd: tempDir(), env, extraPath: npx.bin });
    expect(r.code).toBe(0);
    expect(npx.database()).toBe('postgres://apply@db/otrs');
    expect(npx.args()).toEqual(['otrs-chat-config', 'apply', '--plan', 'plan.json', CONFIG_DIR, '--yes', '--as', 'chat-admin']);
  });

  it('adds --allow-mass-invalidation and --deploy-command only when set', async () => {
    const npx = fakeNpx();
    const env = { OTRS_AGENT: 'a', ALLOW_MASS_INVALIDATION: 'true', OTRS_DEPLOY_COMMAND: "su -c 'otrs.Console.pl Maint::Config::Rebuild' otrs" };
    expect((await bash(apply, { cwd: tempDir(), env, extraPath: npx.bin })).code).toBe(0);
    expect(npx.args().slice(8)).toEqual(['--allow-mass-invalidation', '--deploy-command', env.OTRS_DEPLOY_COMMAND]);
  });

  it('keeps the exit code of a refused apply and says to plan again', async () => {
    const npx = fakeNpx();
    const r = await bash(apply, { cwd: tempDir(), env: { OTRS_AGENT: 'a', FAKE_EXIT: '1', CI_DEFAULT_BRANCH: 'main' }, extraPath: npx.bin });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Plan again: CI/CD → Pipelines → Run pipeline on main');
  });

  it.each([
    [0, 0, /No drift/],
    [2, 1, /has drifted from git/],
    [1, 1, /exited with 1/],
  ])('drift check: plan exit %i → job exit %i', async (planExit, jobExit, message) => {
    const npx = fakeNpx();
    const r = await bash(drift, { cwd: tempDir(), env: { FAKE_EXIT: String(planExit), FAKE_OUTPUT: 'THE PLAN', CI_COMMIT_REF_NAME: 'main' }, extraPath: npx.bin });
    expect(r.code).toBe(jobExit);
    expect(r.stdout + r.stderr).toMatch(message);
    expect(r.stdout).toContain('THE PLAN');
    expect(npx.args()).toEqual(['otrs-chat-config', 'plan', CONFIG_DIR, '--detailed-exitcode', '--format', 'markdown']);
  });
});

// =============================================================================================
// The otrs-chat-config command lines of both files (their options: test/cli/ci-examples.test.ts)
// =============================================================================================

describe('otrs-chat-config command lines', () => {
  const files = exampleCommands();

  it.each(files.map((f) => [f.file.slice(repoRoot.length), f.commands] as const))('%s validates, plans and applies', (_file, commands) => {
    expect(new Set(commands.map((c) => c.subcommand))).toEqual(new Set(['validate', 'plan', 'apply']));
  });

  it('all work on chat/', () => {
    for (const c of files.flatMap((f) => f.commands)) expect(c.words, c.text).toContain(CONFIG_DIR);
  });

  it('apply always takes the saved plan and the config paths (so the digest is checked), --yes and --as', () => {
    const applies = files.flatMap((f) => f.commands).filter((c) => c.subcommand === 'apply');
    expect(applies.length).toBe(3);
    for (const c of applies) {
      expect(c.optionValues.get('--plan'), c.text).toBe('plan.json');
      expect(c.options, c.text).toEqual(expect.arrayContaining(['--yes', '--as']));
    }
  });

  it('plans that save a plan name plan.json; --detailed-exitcode only where exit 2 is handled', () => {
    const scripts = [...githubRunScripts(github), ...gitlabScripts(gitlab)];
    let detailed = 0;
    for (const source of scripts) {
      for (const c of findCliCommands(source)) {
        if (c.options.includes('--out')) expect(c.optionValues.get('--out'), c.text).toBe('plan.json');
        if (c.options.includes('--detailed-exitcode')) {
          detailed++;
          expect(source.script, source.where).toMatch(/--detailed-exitcode.*\|\| code=\$\?/);
          expect(source.script, source.where).toMatch(/^\s+2\)$/m);
        }
      }
    }
    expect(detailed).toBe(2);
  });

  it('finds commands behind npx, after separators and across continuation lines, but not in echo text or comments', () => {
    const found = findCliCommands({
      where: 'sample',
      script: [
        'npx otrs-chat-config validate chat/',
        'code=0; otrs-chat-config plan chat/ \\',
        '  --out plan.json --format=json > plan.md || code=$?',
        'echo "otrs-chat-config plan failed"',
        '# npx otrs-chat-config apply --nope',
        'x=$(npx otrs-chat-config validate -q chat/)',
        'npx otrs-chat-config apply chat/ ${ALLOW:+--allow-mass-invalidation} ${CMD:+--deploy-command "$CMD"}',
      ].join('\n'),
    });
    expect(found.map((c) => [c.subcommand, c.options])).toEqual([
      ['validate', []],
      ['plan', ['--out', '--format']],
      ['validate', ['-q']],
      ['apply', ['--allow-mass-invalidation', '--deploy-command']],
    ]);
    expect(found[1]?.optionValues.get('--format')).toBe('json');
  });
});
