import { ExitError } from '../errors.js';
import { guardExceeded, invalidatesValidChannel } from '../plan/guard.js';
import { summarize, type GuardReport, type Plan, type PlanSummary } from '../plan/plan.js';
import { join, JsonReader } from './json-reader.js';
import { readChange, readGuard, readProblem } from './read-plan.js';

/** The one plan format version this build writes and reads (docs/plan-format.md). */
export const PLAN_FORMAT_VERSION = 1;
const TOP_LEVEL = ['formatVersion', 'fingerprint', 'summary', 'changes', 'warnings', 'guard'] as const;
const MAX_LISTED_ISSUES = 10;

/** A saved plan that this version cannot read: not JSON, another format version, or malformed. */
export class PlanFileError extends ExitError {
  constructor(readonly issues: readonly string[]) {
    const listed = issues.slice(0, MAX_LISTED_ISSUES).join('; ');
    const more = issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : '';
    super('plan-file', `not a plan this version of otrs-chat-config can apply: ${listed}${more} (write it again with \`plan --out\`)`);
  }
}

/**
 * The plan as the documented, versioned JSON (docs/plan-format.md): what `--format json` prints
 * and `plan --out` saves. Pretty-printed with two spaces, ending with a newline.
 */
export function renderJson(plan: Plan): string {
  const document = {
    formatVersion: plan.formatVersion,
    fingerprint: plan.fingerprint,
    summary: summarize(plan),
    changes: plan.changes,
    warnings: plan.warnings,
    guard: plan.guard,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reads a saved plan strictly: unknown keys, missing keys, wrong types, a summary or guard that
 * does not add up — anything but what `renderJson` writes — is refused, every issue at once.
 *
 * @throws PlanFileError
 */
export function parsePlanJson(text: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError([`the file is not JSON (${e instanceof Error ? e.message : String(e)})`]);
  }
  const r = new JsonReader();
  const o = r.object(data, '', TOP_LEVEL);
  if (!o) throw new PlanFileError(r.issues);
  if (typeof o.formatVersion === 'number' && o.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError([`formatVersion ${o.formatVersion} is not supported (this version reads ${PLAN_FORMAT_VERSION})`]);
  }
  if (o.formatVersion !== undefined && o.formatVersion !== PLAN_FORMAT_VERSION) r.fail('formatVersion', `must be the number ${PLAN_FORMAT_VERSION}`);
  const fingerprint = r.string(o.fingerprint, 'fingerprint', { pattern: /^[0-9a-f]{64}$/ });
  const changes = readList(r, o.changes, 'changes', readChange);
  const warnings = readList(r, o.warnings, 'warnings', readProblem);
  const guard = readGuard(r, o.guard, 'guard');
  const summary = readSummary(r, o.summary);
  if (r.issues.length > 0 || fingerprint === undefined || !changes || !warnings || !guard || !summary) {
    throw new PlanFileError(r.issues);
  }
  const plan: Plan = { formatVersion: 1, changes, warnings, guard, fingerprint };
  checkConsistency(r, plan, summary);
  if (r.issues.length > 0) throw new PlanFileError(r.issues);
  return plan;
}

function readList<T>(r: JsonReader, value: unknown, path: string, read: (r: JsonReader, v: unknown, p: string) => T | undefined): T[] | undefined {
  const items = r.array(value, path)?.map((v, i) => read(r, v, join(path, i)));
  return items?.every((x): x is T => x !== undefined) ? items : undefined;
}

function readSummary(r: JsonReader, value: unknown): PlanSummary | undefined {
  const o = r.object(value, 'summary', ['create', 'change', 'invalidate', 'settings']);
  if (!o) return undefined;
  const [create, change, invalidate, settings] = (['create', 'change', 'invalidate', 'settings'] as const).map((k) => r.integer(o[k], `summary.${k}`, 0));
  return create === undefined || change === undefined || invalidate === undefined || settings === undefined
    ? undefined
    : { create, change, invalidate, settings };
}

/** The redundant parts must agree with the changes, or someone edited the file by hand. */
function checkConsistency(r: JsonReader, plan: Plan, summary: PlanSummary): void {
  const expected = summarize(plan);
  for (const k of ['create', 'change', 'invalidate', 'settings'] as const) {
    if (summary[k] !== expected[k]) r.fail(`summary.${k}`, `is ${summary[k]}, but the changes hold ${expected[k]}`);
  }
  const g: GuardReport = plan.guard;
  const invalidating = plan.changes.filter(invalidatesValidChannel).length;
  if (g.invalidating !== invalidating) r.fail('guard.invalidating', `is ${g.invalidating}, but the changes invalidate ${invalidating} valid channels`);
  if (g.exceeded !== guardExceeded(g.validNow, g.invalidating, g.maxPercent, g.minValid)) {
    r.fail('guard.exceeded', `is ${g.exceeded}, which does not follow from the guard's numbers`);
  }
}
