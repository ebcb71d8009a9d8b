import { assertNever, type FieldChange, type UpdateChannel, type UpdateSetting } from '../plan/change.js';
import type { Plan } from '../plan/plan.js';
import { displaySettingValue, displayText, displayUnreadable, quoteName, yesNo } from './display-value.js';
import { planLines, type PlanLine } from './plan-lines.js';

/** Where values start, counted from the label, as in the text format's field lines. */
const LABEL_WIDTH = 26;
const NOTE_GAP = '   ';

/** The lines of the comment diff that plan-lines renders as a unified diff. */
const COMMENT_DIFF_ROLES: ReadonlySet<PlanLine['role']> = new Set(['hunk', 'added', 'removed', 'context']);

/**
 * The body of the Markdown ```` ```diff ```` block: one entry per change except invalidations
 * (the Markdown lists those in a warning block), in plan order, each the change's lines joined
 * by newlines. The marker sits in the first column, where GitHub's diff highlighting looks.
 *
 * Creates and the headings of updates are the text format's lines under a first-column marker
 * (`+`, and `!` for a change since `~` is not highlighted). A changed field or setting becomes
 * two lines, `-` with the old value and `+` with the new one, so both sides are coloured; a
 * comment shown as a unified diff keeps its hunk, added, removed and context lines.
 */
export function diffBlockChanges(plan: Plan): string[] {
  const changes = plan.changes.filter((c) => c.kind !== 'invalidate-channel');
  // Channel headings come from plan-lines so that their notes line up as in the text format;
  // settings are laid out here, so only channels go through it.
  const channels = changes.filter((c) => c.kind !== 'update-setting');
  const channelLines = linesPerChange(planLines(plan, channels), channels.length);
  let next = 0;
  return changes.map((change) => {
    if (change.kind === 'update-setting') return settingLines(change).join('\n');
    const lines = channelLines[next++] ?? [];
    return (change.kind === 'update-channel' ? updateLines(change, lines) : lines.map(diffLine)).join('\n');
  });
}

/** plan-lines starts every change with exactly one heading line: split its output there. */
function linesPerChange(lines: readonly PlanLine[], expected: number): PlanLine[][] {
  const groups: PlanLine[][] = [];
  for (const line of lines) {
    if (line.role === 'head') groups.push([line]);
    else groups.at(-1)?.push(line);
  }
  if (groups.length !== expected) throw new Error(`internal: plan-lines gave ${groups.length} headings for ${expected} changes`);
  return groups;
}

function updateLines(u: UpdateChannel, lines: readonly PlanLine[]): string[] {
  const [head] = lines;
  const commentDiff = lines.filter((l) => COMMENT_DIFF_ROLES.has(l.role));
  return [...(head ? [diffLine(head)] : []), ...u.fields.flatMap((f) => fieldLines(f, u.renamedFrom, commentDiff))];
}

function fieldLines(f: FieldChange, renamedFrom: string | undefined, commentDiff: readonly PlanLine[]): string[] {
  switch (f.field) {
    case 'name':
      // The heading already says "(renamed from ...)".
      return renamedFrom === f.old ? [] : oldAndNew('name', quoteName(f.old), quoteName(f.new));
    case 'group':
      return oldAndNew('group', f.old === null ? '(a group that no longer exists)' : displayText(f.old), displayText(f.new));
    case 'availableToCustomerUsers':
      return oldAndNew('available to customers', yesNo(f.old), yesNo(f.new));
    case 'availableToPublicUsers':
      return oldAndNew('available to public', yesNo(f.old), yesNo(f.new));
    case 'valid':
      return oldAndNew('valid', f.old, f.new);
    case 'comment':
      // plan-lines chose: a unified diff for long or multi-line comments, else one line.
      return commentDiff.length > 0 ? [valueLine('!', 'comment', ''), ...commentDiff.map(diffLine)] : oldAndNew('comment', displayText(f.old), displayText(f.new));
    default:
      return assertNever(f);
  }
}

function settingLines(s: UpdateSetting): string[] {
  const old = s.old === null ? displayUnreadable(s.oldUnreadable ?? '') : displaySettingValue(s.old);
  const next = `${displaySettingValue(s.new)}${s.backToDefault ? `${NOTE_GAP}(back to the default)` : ''}`;
  return [`! setting ${s.name}`, ...oldAndNew('value', old, next)];
}

function oldAndNew(label: string, old: string, next: string): string[] {
  return [valueLine('-', label, old), valueLine('+', label, next)];
}

function valueLine(marker: '-' | '+' | '!', label: string, value: string): string {
  return `${marker}   ${label.padEnd(LABEL_WIDTH)}${value}`.trimEnd();
}

/** A text-format line without its two-space margin and marker, under a first-column marker. */
function diffLine(line: PlanLine): string {
  return `${markerOf(line)} ${line.text.slice(4)}`.trimEnd();
}

function markerOf(line: PlanLine): string {
  switch (line.role) {
    case 'added':
      return '+';
    case 'removed':
      return '-';
    case 'context':
      return ' ';
    default:
      return line.block === '~' ? '!' : line.block;
  }
}
