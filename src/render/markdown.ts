import { formatProblem } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { planLines, type PlanLine } from './plan-lines.js';
import { guardSentences, summaryLine } from './plan-summary.js';

/**
 * The plan as a pull-request comment (GitHub, GitLab): a heading, the summary in bold, the
 * guard and the warnings as block quotes, and the changes in a ```` ```diff ```` block so the
 * forge colours them. In that block the marker sits in the first column, where diff
 * highlighting looks: `+` create (green), `-` invalidate (red), and `!` for a change, the
 * convention plan-commenting tools use because `~` is not highlighted.
 */
export function renderMarkdown(plan: Plan): string {
  const parts = ['### otrs-chat-config plan', `**${escapeMarkdown(summaryLine(plan))}**`];
  const guard = guardSentences(plan.guard);
  if (guard) parts.push(quote(`**${escapeMarkdown(guard.headline)}** ${escapeMarkdown(guard.advice.join(' '))}`));
  if (plan.changes.length > 0) parts.push(fenced(planLines(plan).map(diffLine)));
  if (plan.warnings.length > 0) {
    parts.push(plan.warnings.map((w) => quote(`**Warning:** ${escapeMarkdown(formatProblem(w))}`)).join('\n>\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

/** The text line without its two-space margin and marker, under a first-column marker. */
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

/** A fence longer than any backtick run inside, so no name or comment can close it early. */
function fenced(lines: readonly string[]): string {
  const body = lines.join('\n');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}diff\n${body}\n${fence}`;
}

function quote(text: string): string {
  return `> ${text}`;
}

/** Outside code blocks, names and comments must not turn into markup, links or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`);
}
