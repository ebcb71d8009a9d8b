import { formatProblem } from '../errors.js';
import type { InvalidateChannel } from '../plan/change.js';
import type { Plan, PlanOrigin } from '../plan/plan.js';
import { escapeHidden } from '../plan/visible-text.js';
import { quoteName } from './display-value.js';
import { diffBlockChanges } from './markdown-diff.js';
import { assemble, fit, longestBacktickRun } from './markdown-fit.js';
import { guardSentences, PERMISSION_WARNINGS_HEADING, splitWarnings, summaryLine, unmanagedNote } from './plan-summary.js';

/** GitHub's limit for one comment, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/**
 * The default `maxChars`: GitHub's limit less 536 characters of margin for what the workflow
 * adds around the plan (its hidden `<!-- … -->` marker, a line of its own).
 */
export const DEFAULT_MAX_CHARS = 65_000;
/** Digits of the config digest shown next to the target; the full digest is one click away. */
const SHORT_DIGEST = 12;

export interface MarkdownOptions {
  /**
   * The longest the comment may be, in UTF-16 code units (JavaScript string length; GitHub
   * counts characters, never fewer). Default `DEFAULT_MAX_CHARS`.
   */
  readonly maxChars?: number;
}

/**
 * The plan as a pull-request comment (GitHub, GitLab), in this order:
 *
 * 1. A heading; with an `origin`, a line naming the target database and the first 12 digits of
 *    the config digest in code style, and a collapsed `<details>` holding the full digest (to
 *    match the comment with the saved plan). Without an origin (library use) neither.
 * 2. The summary in bold; the guard, when apply will refuse, as a block quote naming the knobs;
 *    the note on channels the config leaves unmanaged, as a `> [!NOTE]` alert.
 * 3. Invalidations in a GitHub `> [!WARNING]` alert, one list item per channel (its name
 *    quoted and escaped, from → to, kept, not deleted). They are listed there only, not again
 *    in the diff block, so that every change appears exactly once.
 * 4. The other changes in a ```` ```diff ```` block (see `diffBlockChanges`), so the forge
 *    colours them: `+` create, `!` the heading of a change, `-`/`+` the old and new value of a
 *    changed field or setting. The fence is longer than any backtick run inside.
 * 5. The permission warnings (who can chat) in a `> [!CAUTION]` alert, one list item each.
 * 6. The other warnings as block quotes.
 *
 * It never exceeds `maxChars`. Past it, the heading, target and digest, summary, guard and note stay;
 * then as many changes as fit, invalidations first, each whole, and the line "… N more changes
 * in the saved plan (the CI artifact)."; warnings likewise, the permission warnings first, with
 * their own "… N more warnings" line (see `fit` for how the room is shared).
 * @throws RangeError when `maxChars` cannot hold even the parts that always stay (a few hundred
 *   characters; about 1,000 with the guard, the note on unmanaged channels and an origin).
 */
export function renderMarkdown(plan: Plan, origin?: PlanOrigin, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isSafeInteger(maxChars) || maxChars <= 0) throw new RangeError(`maxChars must be a positive integer, not ${maxChars}`);
  const fixed = ['### otrs-chat-config plan', ...(origin === undefined ? [] : originParts(origin)), `**${escapeMarkdown(summaryLine(plan))}**`];
  const guard = guardSentences(plan.guard);
  if (guard) fixed.push(quote(`**${escapeMarkdown(guard.headline)}** ${escapeMarkdown(guard.advice.join(' '))}`));
  const note = unmanagedNote(plan);
  if (note !== undefined) fixed.push(`> [!NOTE]\n${quote(escapeMarkdown(note))}`);
  const invalidations = plan.changes.filter((c): c is InvalidateChannel => c.kind === 'invalidate-channel');
  const warnings = splitWarnings(plan.warnings);
  const pieces = {
    fixed,
    invalidationHead: `> [!WARNING]\n> This plan invalidates ${invalidations.length} channel${invalidations.length === 1 ? '' : 's'}:`,
    invalidations: invalidations.map((c) => `> - channel ${escapeMarkdown(quoteName(c.name))}: ${c.from} → ${c.to} (kept, not deleted)`),
    changes: diffBlockChanges(plan),
    permissionHead: `> [!CAUTION]\n> **${escapeMarkdown(PERMISSION_WARNINGS_HEADING)}**`,
    permissionWarnings: warnings.permissions.map((w) => `> - ${escapeMarkdown(formatProblem(w))}`),
    warnings: warnings.others.map((w) => quote(`**Warning:** ${escapeMarkdown(formatProblem(w))}`)),
  };
  const md = assemble(pieces, fit(pieces, maxChars));
  if (md.length > maxChars) throw new Error(`internal: the Markdown plan came out ${md.length} characters long, more than ${maxChars}`);
  return md;
}

/** Target and short digest on one line; the full digest in a collapsed block below. */
function originParts(origin: PlanOrigin): string[] {
  const digest = origin.config.digest;
  return [
    `Target: ${codeSpan(origin.target.display)} · config digest: ${codeSpan(digest.slice(0, SHORT_DIGEST))}`,
    `<details><summary>Full config digest (SHA-256)</summary>\n\n${codeSpan(digest)}\n\n</details>`,
  ];
}

/**
 * Text shown literally in code style: on one line (a blank line would end the paragraph), with
 * hidden characters escaped, in backticks longer than any run inside, padded when it starts or
 * ends with a backtick or space.
 */
function codeSpan(text: string): string {
  const oneLine = escapeHidden(text.replace(/\r\n?|\n/g, ' '));
  const ticks = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = /^[` ]|[` ]$/.test(oneLine) ? ' ' : '';
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

function quote(text: string): string {
  return `> ${text}`;
}

/**
 * Outside code blocks, names and comments must not turn into markup, links or HTML, and no
 * character may hide: hidden ones are escaped (`\u200B`) before the Markdown escapes, so the
 * reader sees the escape.
 */
export function escapeMarkdown(text: string): string {
  return escapeHidden(text.replace(/\r?\n/g, ' ')).replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`);
}
