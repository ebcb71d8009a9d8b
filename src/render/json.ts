import { ExitError } from '../errors.js';
import { guardExceeded, invalidatesValidChannel } from '../plan/guard.js';
import type { ActualState } from '../model/actual-state.js';
import { fingerprintState } from '../plan/fingerprint.js';
import { summarize, type GuardReport, type Plan, type PlanSummary, type SavedPlan } from '../plan/plan.js';
import { complete, isRecord, JsonReader, list } from './json-reader.js';
import { readChange, readGuard, readProblem, readUnmanagedChannels } from './read-plan.js';
import { readConfigOrigin, readState, readTarget, readTool } from './read-state.js';

/** The one plan format version this build writes and reads (docs/plan-format.md). */
export const PLAN_FORMAT_VERSION = 2;
const TOP_LEVEL = ['formatVersion', 'tool', 'createdAt', 'target', 'config', 'fingerprint', 'summary', 'changes', 'warnings', 'guard', 'unmanagedChannels', 'state'] as const;
const MAX_LISTED_ISSUES = 10;
const PLAN_AGAIN = 'run plan again with this version (`plan --out`)';

/** A saved plan that this version cannot read: not JSON, another format version, or malformed. */
export class PlanFileError extends ExitError {
  constructor(readonly issues: readonly string[], summary = 'not a plan this version of otrs-chat-config can apply') {
    const listed = issues.slice(0, MAX_LISTED_ISSUES).join('; ');
    const more = issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : '';
    super('plan-file', `${summary}: ${listed}${more}; ${PLAN_AGAIN}`);
  }
}

/**
 * The plan as the documented, versioned JSON (docs/plan-format.md): what `--format json` prints
 * and `plan --out` saves, with where, when and from what it was made. Pretty-printed with two
 * spaces, ending with a newline.
 */
export function renderJson(saved: SavedPlan): string {
  return `${JSON.stringify(planDocument(saved), null, 2)}\n`;
}

/** The plan document as a value, for embedding it in another JSON document (apply's result). */
export function planDocument({ plan, origin }: SavedPlan): Record<string, unknown> {
  return {
    formatVersion: plan.formatVersion,
    tool: origin.tool,
    createdAt: origin.createdAt,
    target: origin.target,
    config: origin.config,
    fingerprint: plan.fingerprint,
    summary: summarize(plan),
    changes: plan.changes,
    warnings: plan.warnings,
    guard: plan.guard,
    unmanagedChannels: plan.unmanagedChannels,
    state: origin.state,
  };
}

/**
 * Reads a saved plan strictly: unknown keys, missing keys, wrong types, a summary or guard that
 * does not add up, recorded rows that are not the fingerprinted ones — anything but what
 * `renderJson` writes — is refused, every issue at once.
 *
 * @throws PlanFileError
 */
export function parsePlanJson(text: string): SavedPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError([`the file is not JSON (${e instanceof Error ? e.message : String(e)})`], 'not a plan file');
  }
  checkVersion(data);
  const r = new JsonReader();
  const o = r.object(data, '', TOP_LEVEL);
  if (!o) throw new PlanFileError(r.issues);
  const fingerprint = r.string(o.fingerprint, 'fingerprint', { pattern: /^[0-9a-f]{64}$/ });
  const changes = list(r, o.changes, 'changes', readChange);
  const warnings = list(r, o.warnings, 'warnings', readProblem);
  const guard = readGuard(r, o.guard, 'guard');
  const unmanagedChannels = readUnmanagedChannels(r, o.unmanagedChannels, 'unmanagedChannels');
  const summary = readSummary(r, o.summary);
  const origin = complete({
    tool: readTool(r, o.tool),
    createdAt: r.string(o.createdAt, 'createdAt', { pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/ }),
    target: readTarget(r, o.target),
    config: readConfigOrigin(r, o.config),
    state: readState(r, o.state, 'state'),
  });
  if (r.issues.length > 0 || fingerprint === undefined || !changes || !warnings || !guard || unmanagedChannels === undefined || !summary || !origin) {
    throw new PlanFileError(r.issues);
  }
  const plan: Plan = { formatVersion: PLAN_FORMAT_VERSION, changes, warnings, guard, unmanagedChannels, fingerprint };
  checkConsistency(r, plan, summary, origin.state);
  if (r.issues.length > 0) throw new PlanFileError(r.issues);
  return { plan, origin };
}

/** Another format version gets its own message: it is not damage, it needs the matching tool. */
function checkVersion(data: unknown): void {
  if (!isRecord(data)) return;
  const v = data.formatVersion;
  if (v === undefined || v === PLAN_FORMAT_VERSION) return;
  if (typeof v !== 'number') throw new PlanFileError([`formatVersion must be the number ${PLAN_FORMAT_VERSION}, not ${JSON.stringify(v)}`]);
  const who = v < PLAN_FORMAT_VERSION ? 'an older' : 'a newer';
  throw new PlanFileError(
    [`it has format version ${v}, written by ${who} otrs-chat-config; this version reads format version ${PLAN_FORMAT_VERSION} only`],
    'the plan file is of another format version',
  );
}

function readSummary(r: JsonReader, value: unknown): PlanSummary | undefined {
  const o = r.object(value, 'summary', ['create', 'change', 'invalidate', 'settings']);
  if (!o) return undefined;
  const [create, change, invalidate, settings] = (['create', 'change', 'invalidate', 'settings'] as const).map((k) => r.integer(o[k], `summary.${k}`, 0));
  return create === undefined || change === undefined || invalidate === undefined || settings === undefined
    ? undefined
    : { create, change, invalidate, settings };
}

/** Channels left unmanaged are never pruned; without a `channels` key, no change comes from a configured channel. */
function checkUnmanaged(r: JsonReader, plan: Plan, state: ActualState): void {
  const u = plan.unmanagedChannels;
  if (u === null) return;
  if (plan.changes.some((c) => c.kind === 'invalidate-channel')) r.fail('unmanagedChannels', 'is set, but the changes invalidate channels that are in no file');
  if (u.count > state.channels.length) r.fail('unmanagedChannels.count', `is ${u.count}, but the recorded state has ${state.channels.length} channels`);
  if (u.reason !== 'no-channels-key') return;
  if (u.count !== state.channels.length) r.fail('unmanagedChannels.count', `is ${u.count}, but with no channels in the config all ${state.channels.length} recorded channels are unmanaged`);
  if (plan.changes.some((c) => c.kind === 'update-channel' || (c.kind === 'create-channel' && c.reason === 'config'))) {
    r.fail('unmanagedChannels.reason', 'is "no-channels-key", but the changes hold a channel from the config');
  }
}

/** The redundant parts must agree with the changes and the recorded rows, or someone edited the file by hand. */
function checkConsistency(r: JsonReader, plan: Plan, summary: PlanSummary, state: ActualState): void {
  const expected = summarize(plan);
  for (const k of ['create', 'change', 'invalidate', 'settings'] as const) {
    if (summary[k] !== expected[k]) r.fail(`summary.${k}`, `is ${summary[k]}, but the changes hold ${expected[k]}`);
  }
  const g: GuardReport = plan.guard;
  const invalidating = plan.changes.filter(invalidatesValidChannel).length;
  if (g.invalidating !== invalidating) r.fail('guard.invalidating', `is ${g.invalidating}, but the changes invalidate ${invalidating} valid channels`);
  const validNow = state.channels.filter((c) => c.valid === 'valid').length;
  if (g.validNow !== validNow) r.fail('guard.validNow', `is ${g.validNow}, but the recorded state has ${validNow} valid channels`);
  if (g.invalidatesAllButDefault && g.invalidating === 0) r.fail('guard.invalidatesAllButDefault', 'is true, but the changes invalidate no valid channel');
  if (g.exceeded !== guardExceeded(g)) {
    r.fail('guard.exceeded', `is ${g.exceeded}, which does not follow from the guard's numbers`);
  }
  checkUnmanaged(r, plan, state);
  if (fingerprintState(state) !== plan.fingerprint) r.fail('state', 'is not the state the fingerprint was computed from');
}
