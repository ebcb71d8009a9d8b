/**
 * Fitting the Markdown plan into one comment. The comment is a list of parts separated by a
 * blank line and ended by a newline; this file knows how long each part is, decides how many
 * invalidations, changes and warnings go in, and joins the parts. `measure` below and
 * `assemble` must agree character for character: both follow the same layout.
 */

/** The pieces of the comment, each already escaped and laid out. */
export interface CommentPieces {
  /** Always shown, in order: heading, target and digest, summary, guard, the note on unmanaged channels. */
  readonly fixed: readonly string[];
  /** The warning block's opening lines, shown when at least one invalidation is. */
  readonly invalidationHead: string;
  /** One line of the warning block per invalidation, in plan order. */
  readonly invalidations: readonly string[];
  /** The other changes, in plan order: their lines of the diff block. */
  readonly changes: readonly string[];
  /** The permission warnings' alert opening lines, shown when at least one of them is. */
  readonly permissionHead: string;
  /** One line of that alert per permission warning (who can chat). */
  readonly permissionWarnings: readonly string[];
  /** One block-quote paragraph per plan warning. */
  readonly warnings: readonly string[];
}

/** How many of each piece the comment shows: always a prefix of each list. */
export interface Shown {
  readonly invalidations: number;
  readonly changes: number;
  readonly permissionWarnings: number;
  readonly warnings: number;
}

const PART_GAP = '\n\n'.length;
/** Between two warnings: a newline, `>`, a newline (one block quote, paragraphs apart). */
const WARNING_GAP = '\n>\n'.length;
const INFO = 'diff';

export function moreChangesLine(hidden: number): string {
  return `… ${hidden} more change${hidden === 1 ? '' : 's'} in the saved plan (the CI artifact).`;
}

export function moreWarningsLine(hidden: number): string {
  return `… ${hidden} more warning${hidden === 1 ? '' : 's'} in the saved plan (the CI artifact).`;
}

/**
 * The most of every piece that fits in `maxChars` (UTF-16 code units). Everything when it all
 * fits. Otherwise room is set aside for the "… N more" lines, and what is left is shared:
 * warnings get up to half of it (more when the changes need less), the changes the rest,
 * invalidations first; warnings then take what the changes left over, the permission warnings
 * before the others. Each list is cut after a whole entry, never inside one. Linear in the
 * number of pieces.
 * @throws RangeError when not even the fixed parts and the "… N more" lines fit.
 */
export function fit(pieces: CommentPieces, maxChars: number): Shown {
  const all: Shown = { invalidations: pieces.invalidations.length, changes: pieces.changes.length, permissionWarnings: pieces.permissionWarnings.length, warnings: pieces.warnings.length };
  const base = fixedLength(pieces.fixed);
  const everyChange = fillChanges(pieces, Infinity);
  const everyWarning = fillWarnings(pieces, Infinity);
  if (base + everyChange.cost + everyWarning.cost <= maxChars) return all;

  const changeCount = all.invalidations + all.changes;
  const warningCount = all.permissionWarnings + all.warnings;
  const reserve = (changeCount > 0 ? PART_GAP + moreChangesLine(changeCount).length : 0) + (warningCount > 0 ? PART_GAP + moreWarningsLine(warningCount).length : 0);
  const room = maxChars - base - reserve;
  if (room < 0) {
    throw new RangeError(`maxChars ${maxChars} is too small: the heading, target, summary and guard need ${base + reserve} characters`);
  }
  const warningAllowance = Math.min(everyWarning.cost, Math.max(Math.floor(room / 2), room - everyChange.cost));
  const changes = fillChanges(pieces, room - fillWarnings(pieces, warningAllowance).cost);
  const warnings = fillWarnings(pieces, room - changes.cost);
  return { invalidations: changes.invalidations, changes: changes.changes, permissionWarnings: warnings.permissionWarnings, warnings: warnings.warnings };
}

/** The comment: the fixed parts, then what `shown` says, then the "… N more" lines. */
export function assemble(pieces: CommentPieces, shown: Shown): string {
  const parts = [...pieces.fixed];
  if (shown.invalidations > 0) parts.push([pieces.invalidationHead, ...pieces.invalidations.slice(0, shown.invalidations)].join('\n'));
  if (shown.changes > 0) parts.push(diffBlock(pieces.changes.slice(0, shown.changes)));
  const hiddenChanges = pieces.invalidations.length + pieces.changes.length - shown.invalidations - shown.changes;
  if (hiddenChanges > 0) parts.push(moreChangesLine(hiddenChanges));
  if (shown.permissionWarnings > 0) parts.push([pieces.permissionHead, ...pieces.permissionWarnings.slice(0, shown.permissionWarnings)].join('\n'));
  if (shown.warnings > 0) parts.push(pieces.warnings.slice(0, shown.warnings).join('\n>\n'));
  const hiddenWarnings = pieces.permissionWarnings.length + pieces.warnings.length - shown.permissionWarnings - shown.warnings;
  if (hiddenWarnings > 0) parts.push(moreWarningsLine(hiddenWarnings));
  return `${parts.join('\n\n')}\n`;
}

/** A fence longer than any backtick run inside, so no name or comment can close it early. */
export function fenceFor(longestBacktickRun: number): string {
  return '`'.repeat(Math.max(3, longestBacktickRun + 1));
}

export function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

function diffBlock(changes: readonly string[]): string {
  const body = changes.join('\n');
  const fence = fenceFor(longestBacktickRun(body));
  return `${fence}${INFO}\n${body}\n${fence}`;
}

/** The fixed parts joined, with the final newline. */
function fixedLength(fixed: readonly string[]): number {
  return fixed.reduce((sum, part) => sum + part.length, 0) + PART_GAP * Math.max(0, fixed.length - 1) + 1;
}

/**
 * The longest prefix of an alert's lines that fits in `budget` characters: the gap and the head
 * come with the first line, each line then adds a newline and itself.
 */
function fillAlert(lines: readonly string[], head: string, budget: number): { count: number; cost: number } {
  let cost = 0;
  let count = 0;
  for (const line of lines) {
    const next = (count === 0 ? PART_GAP + head.length : 0) + 1 + line.length;
    if (cost + next > budget) break;
    cost += next;
    count++;
  }
  return { count, cost };
}

/**
 * The longest prefix of invalidations, then of the other changes, whose parts take at most
 * `budget` characters (gaps before them included); the fence grows with the backtick runs seen.
 */
function fillChanges(pieces: CommentPieces, budget: number): { invalidations: number; changes: number; cost: number } {
  const alert = fillAlert(pieces.invalidations, pieces.invalidationHead, budget);
  if (alert.count < pieces.invalidations.length) return { invalidations: alert.count, changes: 0, cost: alert.cost };
  const { count: invalidations, cost } = alert;
  let changes = 0;
  let body = 0;
  let run = 0;
  let block = 0;
  for (const text of pieces.changes) {
    const nextBody = changes === 0 ? text.length : body + 1 + text.length;
    const nextRun = Math.max(run, longestBacktickRun(text));
    const fence = fenceFor(nextRun).length;
    // Gap, opening fence and info string, newline, body, newline, closing fence.
    const nextBlock = PART_GAP + fence + INFO.length + 1 + nextBody + 1 + fence;
    if (cost + nextBlock > budget) break;
    body = nextBody;
    run = nextRun;
    block = nextBlock;
    changes++;
  }
  return { invalidations, changes, cost: cost + block };
}

/**
 * The longest prefix of the permission warnings, then of the other warnings, whose parts take at
 * most `budget` characters (gaps included): the permission alert, then one block quote.
 */
function fillWarnings(pieces: CommentPieces, budget: number): { permissionWarnings: number; warnings: number; cost: number } {
  const alert = fillAlert(pieces.permissionWarnings, pieces.permissionHead, budget);
  if (alert.count < pieces.permissionWarnings.length) return { permissionWarnings: alert.count, warnings: 0, cost: alert.cost };
  const permissionWarnings = alert.count;
  let cost = alert.cost;
  let warnings = 0;
  for (const w of pieces.warnings) {
    const next = (warnings === 0 ? PART_GAP : WARNING_GAP) + w.length;
    if (cost + next > budget) break;
    cost += next;
    warnings++;
  }
  return { permissionWarnings, warnings, cost };
}
