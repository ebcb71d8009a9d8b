import { exportConfig as realExportConfig, exportSplitConfig as realExportSplitConfig, type ExportOptions } from '../../src/export/export-config.js';
import type { ActualState, CollationComparison, DesiredState } from '../../src/model/index.js';
import { diffStates as realDiffStates, type DiffOptions } from '../../src/plan/diff.js';
import { normalizeName } from '../../src/model/text.js';
import type { NameKeys } from '../../src/plan/name-key.js';

/**
 * Pure tests cannot ask a server which names its collation holds equal. This stands in for the
 * answers of a case- and accent-insensitive one (roughly utf8mb4_general_ci: case folded, accents
 * dropped, trailing spaces ignored) for the simple names those tests use. The product never uses
 * it: on MySQL/MariaDB it asks the server (src/db/introspect.ts readNameKeys), and the database
 * tests (test/db/name-*.db.test.ts) check those answers against the server's own `=`.
 */
export const CASE_INSENSITIVE_KEYS: NameKeys = {
  channel: insensitive,
  group: insensitive,
  description: "the database's collation utf8mb4_general_ci treats them as one name",
};

/** A capability value for pure tests of a database that compares names under a collation. */
export const GENERAL_CI: CollationComparison = { channelCollation: 'utf8mb4_general_ci', groupCollation: 'utf8mb4_general_ci' };

function insensitive(name: string): string {
  // Lower-case first: `İ` lower-cases to `i` + U+0307, whose mark is then dropped.
  return normalizeName(name).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ +$/, '');
}

/** The stand-in's keys where `actual` compares under a collation; none (exact after NFC) otherwise. */
function keysFor(actual: ActualState): { nameKeys?: NameKeys } {
  return actual.capabilities.nameComparison === 'exact' ? {} : { nameKeys: CASE_INSENSITIVE_KEYS };
}

/** `diffStates` as the CLI calls it, with the stand-in answering for a collation. */
export function diffStates(desired: DesiredState, actual: ActualState, options: DiffOptions = {}): ReturnType<typeof realDiffStates> {
  return realDiffStates(desired, actual, { ...keysFor(actual), ...options });
}

/** `exportConfig` as the CLI calls it, with the stand-in answering for a collation. */
export function exportConfig(actual: ActualState, options: ExportOptions = {}): ReturnType<typeof realExportConfig> {
  return realExportConfig(actual, { ...keysFor(actual), ...options });
}

/** `exportSplitConfig` as the CLI calls it, with the stand-in answering for a collation. */
export function exportSplitConfig(actual: ActualState, options: ExportOptions = {}): ReturnType<typeof realExportSplitConfig> {
  return realExportSplitConfig(actual, { ...keysFor(actual), ...options });
}
