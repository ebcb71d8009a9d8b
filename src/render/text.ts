import pc from 'picocolors';
import { formatProblem } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { escapeHidden } from '../plan/visible-text.js';
import { planLines, type PlanLine } from './plan-lines.js';
import { guardSentences, PERMISSION_WARNINGS_HEADING, splitWarnings, summaryLine, unmanagedNote } from './plan-summary.js';

type Colors = ReturnType<typeof pc.createColors>;

export interface TextOptions {
  /** ANSI colours. Whether the terminal wants them (TTY, NO_COLOR, --no-color) is the CLI's call. */
  readonly color: boolean;
}

/**
 * The plan for a reviewer's terminal (docs/design.md §5): the changes, then the permission
 * warnings (who can chat), then the other warnings, then the guard block when apply will refuse, then the note on channels the config leaves unmanaged,
 * then the summary line. Ends with a newline.
 */
export function renderText(plan: Plan, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const sections: string[][] = [];
  if (plan.changes.length > 0) sections.push(planLines(plan).map((line) => paint(line, c)));
  const { permissions, others } = splitWarnings(plan.warnings);
  if (permissions.length > 0) {
    sections.push([c.yellow(PERMISSION_WARNINGS_HEADING), ...permissions.map((w) => c.yellow(`  ! ${oneLine(formatProblem(w))}`))]);
  }
  if (others.length > 0) {
    sections.push([c.yellow('Warnings:'), ...others.map((w) => c.yellow(`  ! ${oneLine(formatProblem(w))}`))]);
  }
  const guard = guardSentences(plan.guard);
  if (guard) sections.push([c.red(c.bold(guard.headline)), ...guard.advice.map((a) => c.red(`  ${a}`))]);
  const note = unmanagedNote(plan);
  if (note !== undefined) sections.push([note]);
  sections.push([c.bold(summaryLine(plan))]);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function paint(line: PlanLine, c: Colors): string {
  switch (line.role) {
    case 'head':
      return line.block === '+' ? c.green(line.text) : line.block === '-' ? c.red(line.text) : c.yellow(line.text);
    case 'added':
      return c.green(line.text);
    case 'removed':
      return c.red(line.text);
    case 'hunk':
      return c.cyan(line.text);
    case 'field':
    case 'context':
      return line.text;
  }
}

/**
 * Messages quote names with JSON escapes, but a hint may hold a name as written: a stray
 * newline would break the layout, and a hidden character would hide part of the name.
 */
function oneLine(text: string): string {
  return escapeHidden(text.replace(/\r?\n/g, ' '));
}
