import type { Problem } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';

/** Channels named in the hint; the rest are counted, so a config of 10,000 channels gets one line. */
const NAMED = 3;

/**
 * Advice on a valid configuration, found offline: never an error, never a change of the exit
 * code, not even under `--strict`. `validate` and `plan` print them (docs/design.md §2, "Hints").
 *
 * Today one: channels without a comment. OTRS's admin guide recommends always giving a channel a
 * comment, a full sentence, because the overview of channels shows it. One hint for all of them,
 * with the count and the first few places, at the first one's place.
 */
export function configHints(desired: DesiredState): Problem[] {
  const bare = desired.channels.filter((c) => c.comment.trim() === '');
  const first = bare[0];
  if (!first) return [];
  // The first is where the hint points; the next few get their place written out.
  const places = bare.slice(0, NAMED).map((c, i) => (i === 0 ? JSON.stringify(c.name) : `${JSON.stringify(c.name)} (${c.location.file}:${c.location.line})`));
  const more = bare.length > NAMED ? ` and ${bare.length - NAMED} more` : '';
  return [
    {
      code: 'channel-without-comment',
      message: bare.length === 1 ? `channel ${places[0]} has no comment` : `${bare.length} channels have no comment: ${places.join(', ')}${more}`,
      hint: 'OTRS shows the comment in its overview of chat channels: give each channel a full sentence saying what it is for, e.g. comment: Questions from prospects before they buy.',
      location: first.location,
    },
  ];
}
