/**
 * How the pristine data folder is made besides the schema script, in one place: both are part
 * of its key (pristine-location.ts), so changing either makes a new folder rather than reusing
 * an old one.
 */

/**
 * initdb's arguments besides PGlite's own. WAL in 1 MB segments rather than 16: every new
 * embedded folder copies the pristine folder's WAL, mostly zeros and recycled segments.
 * PostgreSQL keeps `min_wal_size` (80 MB) of WAL either way, so a folder in use is no larger.
 */
export const PRISTINE_INITDB_ARGS: readonly string[] = ['--wal-segsize=1'];

/**
 * Run on the pristine folder after the schema. A copy costs the files it creates (~0.3 ms of
 * system time each on a busy disk; its bytes hardly count), and the template databases are two
 * thirds of them (1,016 files with them, 377 without). Nothing here creates databases (CREATE
 * DATABASE fails without them), so they go. A folder created in place keeps them.
 */
export const PRISTINE_AFTER_SCHEMA: readonly string[] = [
  'ALTER DATABASE template0 IS_TEMPLATE false',
  'DROP DATABASE template0',
  'ALTER DATABASE template1 IS_TEMPLATE false',
  'DROP DATABASE template1',
];
