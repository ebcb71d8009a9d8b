import { configHints } from '../config/hints.js';
import { formatProblem } from '../errors.js';
import type { DesiredState } from '../model/desired-state.js';
import { escapeHidden } from '../plan/visible-text.js';
import { writeNote, type CliIo } from './io.js';

/**
 * The config's hints (src/config/hints.ts) on stderr, `hint: …`, one line each, hidden characters
 * escaped. `--quiet` hides them: they are advice, neither a warning nor an error, and never
 * change the exit code. Kept apart from the database code so that `validate` loads none of it.
 */
export function writeHints(desired: DesiredState, io: CliIo, options: { readonly quiet?: boolean }): void {
  for (const h of configHints(desired)) writeNote(io, options, `hint: ${escapeHidden(formatProblem(h).replace(/\r?\n/g, ' '))}\n`);
}
