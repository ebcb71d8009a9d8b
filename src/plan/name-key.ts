import type { NameComparison } from '../model/actual-state.js';

/** Maps a name to the key under which the database considers two names equal. */
export type NameKey = (name: string) => string;

const COMBINING_MARKS = /\p{M}/gu;
const TRAILING_SPACES = / +$/;

/**
 * The database's notion of "the same name" (docs/design.md §7, docs/otrs.md "MySQL and MariaDB").
 *
 * - `exact` (PostgreSQL): names are equal only when their code units are.
 * - `case-accent-insensitive` (MySQL/MariaDB default collations `utf8_general_ci`,
 *   `utf8mb4_general_ci`, `utf8mb4_unicode_ci`): case folded, accents stripped (NFD, then
 *   combining marks removed), trailing spaces ignored (PAD SPACE). This approximates the
 *   collations closely enough for channel names; contractions such as `ß` = `ss` are not
 *   modelled, so such names are treated as different (the database would then refuse the insert
 *   and the apply rolls back — never a silent merge).
 */
export function nameKeyFor(comparison: NameComparison): NameKey {
  switch (comparison) {
    case 'exact':
      return (name) => name;
    case 'case-accent-insensitive':
      // Lower-case first: `İ` lower-cases to `i` + U+0307, whose mark is then stripped.
      return (name) => name.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '').replace(TRAILING_SPACES, '');
  }
}

/** How a message explains that two different spellings are one name to this database. */
export function describeComparison(comparison: NameComparison): string {
  return comparison === 'exact'
    ? 'the database compares names exactly'
    : "the database's collation ignores case, accents and trailing spaces";
}
