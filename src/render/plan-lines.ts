// The patch module alone: the package's index loads every kind of diff (19 modules) for the one used here.
import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff/lib/patch/create.js';
import { assertNever, type Change, type CreateChannel, type FieldChange, type UpdateChannel, type UpdateSetting } from '../plan/change.js';
import { switchesChatOn } from '../plan/default-channel.js';
import type { Plan } from '../plan/plan.js';
import { escapeHidden } from '../plan/visible-text.js';
import { displaySettingValue, displayText, displayUnreadable, quoteName, width, yesNo } from './display-value.js';

/** `+` create, `~` change, `-` invalidate (docs/design.md §5). */
export type Marker = '+' | '~' | '-';

/**
 * One printed line of the changes section, uncoloured, exactly as the text format shows it.
 * `role` lets each format style it: a heading, a field, or a line of a comment's unified diff.
 */
export interface PlanLine {
  readonly text: string;
  /** The marker of the change the line belongs to. */
  readonly block: Marker;
  readonly role: 'head' | 'field' | 'hunk' | 'added' | 'removed' | 'context';
}

const FIELD_INDENT = '      ';
const DIFF_INDENT = '        ';
const LABEL_WIDTH = 26;
/**
 * Notes after a heading line up in one column per section (channels, settings), unless a
 * heading is longer than this; every setting name fits.
 */
const MAX_NOTE_COLUMN = 64;
const NOTE_GAP = '   ';
/** Comments longer than this, or with several lines, are shown as a unified diff. */
const LONG_COMMENT = 80;

interface Block {
  readonly section: 'channel' | 'setting';
  readonly marker: Marker;
  readonly subject: string;
  readonly note?: string;
  readonly body: readonly Omit<PlanLine, 'block'>[];
}

/**
 * The changes section of a plan, one entry per printed line: of all its changes, or of the
 * `changes` given (some of the plan's; the plan as a whole still decides the notes).
 */
export function planLines(plan: Plan, changes: readonly Change[] = plan.changes): PlanLine[] {
  const chatSwitchedOn = switchesChatOn(plan.changes);
  const blocks = changes.map((c) => changeBlock(c, chatSwitchedOn));
  const columns = { channel: 0, setting: 0 };
  for (const b of blocks) {
    if (b.note !== undefined) columns[b.section] = Math.max(columns[b.section], Math.min(width(headOf(b)), MAX_NOTE_COLUMN));
  }
  // One list filled in place: 100,000s of changes would make as many small arrays to flatten.
  const lines: PlanLine[] = [];
  for (const b of blocks) {
    const head = headOf(b);
    const text = b.note === undefined ? head : `${head}${' '.repeat(Math.max(0, columns[b.section] - width(head)))}${NOTE_GAP}${b.note}`;
    lines.push({ text, block: b.marker, role: 'head' });
    for (const l of b.body) lines.push({ text: l.text, role: l.role, block: b.marker });
  }
  return lines;
}

function headOf(b: Block): string {
  return `  ${b.marker} ${b.subject}`;
}

function changeBlock(change: Change, chatSwitchedOn: boolean): Block {
  switch (change.kind) {
    case 'create-channel':
      return createBlock(change, chatSwitchedOn);
    case 'update-channel':
      return updateBlock(change);
    case 'invalidate-channel':
      return { section: 'channel', marker: '-', subject: `channel ${quoteName(change.name)}`, note: `${change.from} → ${change.to}${NOTE_GAP}(kept, not deleted)`, body: [] };
    case 'update-setting':
      return settingBlock(change);
    default:
      return assertNever(change);
  }
}

function createBlock(c: CreateChannel, chatSwitchedOn: boolean): Block {
  const body = [
    field('group', displayText(c.group)),
    field('available to customers', yesNo(c.availableToCustomerUsers)),
    field('available to public', yesNo(c.availableToPublicUsers)),
    ...(c.valid === 'valid' ? [] : [field('valid', c.valid)]),
    ...(c.comment === '' ? [] : createdComment(c.comment)),
  ];
  const subject = `channel ${quoteName(c.name)}`;
  return c.reason === 'default-channel'
    ? { section: 'channel', marker: '+', subject, note: chatSwitchedOn ? '(default channel: chat is being switched on)' : '(default channel: it is missing and chat is on)', body }
    : { section: 'channel', marker: '+', subject, body };
}

function updateBlock(u: UpdateChannel): Block {
  const body = u.fields.flatMap((f) => fieldLines(f, u.renamedFrom));
  const subject = `channel ${quoteName(u.name)}`;
  return u.renamedFrom === undefined
    ? { section: 'channel', marker: '~', subject, body }
    : { section: 'channel', marker: '~', subject, note: `(renamed from ${quoteName(u.renamedFrom)})`, body };
}

function fieldLines(f: FieldChange, renamedFrom: string | undefined): Omit<PlanLine, 'block'>[] {
  switch (f.field) {
    case 'name':
      // The heading already says "(renamed from ...)".
      return renamedFrom === f.old ? [] : [field('name', `${quoteName(f.old)} → ${quoteName(f.new)}`)];
    case 'group':
      return [field('group', `${f.old === null ? '(a group that no longer exists)' : displayText(f.old)} → ${displayText(f.new)}`)];
    case 'availableToCustomerUsers':
      return [field('available to customers', `${yesNo(f.old)} → ${yesNo(f.new)}`)];
    case 'availableToPublicUsers':
      return [field('available to public', `${yesNo(f.old)} → ${yesNo(f.new)}`)];
    case 'valid':
      return [field('valid', `${f.old} → ${f.new}`)];
    case 'comment':
      return commentLines(f.old, f.new);
    default:
      return assertNever(f);
  }
}

function settingBlock(s: UpdateSetting): Block {
  const old = s.old === null ? displayUnreadable(s.oldUnreadable ?? '') : displaySettingValue(s.old);
  const note = `${old} → ${displaySettingValue(s.new)}${s.backToDefault ? `${NOTE_GAP}(back to the default)` : ''}`;
  return { section: 'setting', marker: '~', subject: `setting ${s.name}`, note, body: [] };
}

/** A new channel's comment: one line, or its lines aligned under the value column. */
function createdComment(comment: string): Omit<PlanLine, 'block'>[] {
  if (!comment.includes('\n')) return [field('comment', displayText(comment))];
  const [first = '', ...rest] = comment.split('\n').map(escapeControls);
  return [field('comment', first), ...rest.map((line) => ({ text: `${FIELD_INDENT}${' '.repeat(LABEL_WIDTH)}${line}`.trimEnd(), role: 'field' as const }))];
}

/** A changed comment on one line, or as a unified diff when either side is long or has several lines. */
function commentLines(old: string, next: string): Omit<PlanLine, 'block'>[] {
  const isLong = (t: string): boolean => t.includes('\n') || width(t) > LONG_COMMENT;
  if (!isLong(old) && !isLong(next)) return [field('comment', `${displayText(old)} → ${displayText(next)}`)];
  // Both sides end in a newline, so the patch never says "\ No newline at end of file".
  const asFile = (t: string): string => (t === '' ? '' : `${t}\n`);
  const patch = formatPatch(structuredPatch('comment', 'comment', asFile(old), asFile(next), undefined, undefined, { context: 3 }), OMIT_HEADERS);
  const lines: Omit<PlanLine, 'block'>[] = [{ text: `${FIELD_INDENT}comment`, role: 'field' }];
  for (const line of patch.split('\n')) {
    if (line === '' || line.startsWith('\\')) continue;
    const role = line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : 'context';
    lines.push({ text: `${DIFF_INDENT}${escapeControls(line)}`, role });
  }
  return lines;
}

/**
 * A comment line may hold control characters, which could drive the reviewer's terminal, and
 * invisible ones, which would hide what changes: all escaped (`\u200B`); tabs stay.
 */
function escapeControls(line: string): string {
  return escapeHidden(line, '\t');
}

function field(label: string, value: string): Omit<PlanLine, 'block'> {
  return { text: `${FIELD_INDENT}${label.padEnd(LABEL_WIDTH)}${value}`, role: 'field' };
}
