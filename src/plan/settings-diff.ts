import { UnsupportedDatabaseError } from '../errors.js';
import type { ActualSetting } from '../model/actual-state.js';
import type { DesiredSetting } from '../model/desired-state.js';
import { findSetting, SETTING_CATALOG } from '../settings/catalog.js';
import { encodeEffectiveValue, settingValuesEqual } from '../settings/codec.js';
import type { UpdateSetting } from './change.js';
import { readCurrentSetting, readDefaultSetting } from './current-setting.js';
import type { Findings } from './findings.js';
import { resolveGroup, type GroupIndex } from './group-index.js';

const CATALOG_ORDER = new Map(SETTING_CATALOG.map((s, i) => [s.name, i]));

/** Settings are planned in catalog order, whatever order the files gave them. */
export function inCatalogOrder<T extends { readonly name: string }>(items: readonly T[]): T[] {
  const rank = (name: string): number => CATALOG_ORDER.get(name) ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort((a, b) => rank(a.name) - rank(b.name));
}

/**
 * A configured setting missing from `sysconfig_default` means the chat feature is not installed:
 * the whole database is unsupported, not one plan problem among others.
 */
export function assertSettingsInstalled(desired: readonly DesiredSetting[], actual: readonly ActualSetting[]): void {
  const known = new Set(actual.map((s) => s.name));
  const missing = inCatalogOrder(desired).filter((s) => !known.has(s.name)).map((s) => s.name);
  if (missing.length === 0) return;
  const which = missing.length === 1 ? `setting ${missing[0]}` : `settings ${missing.join(', ')}`;
  throw new UnsupportedDatabaseError(
    `the chat feature is not installed in this OTRS database (${which} unknown to this OTRS); install the chat package or point --database at an OTRS with chat`,
  );
}

/**
 * The `update-setting` changes for the configured settings (others are left untouched, but an
 * unreadable or doubled stored value of theirs is worth a warning).
 */
export function diffSettings(
  desired: readonly DesiredSetting[],
  actual: readonly ActualSetting[],
  groups: GroupIndex,
  findings: Findings,
): UpdateSetting[] {
  const byName = new Map(actual.map((s) => [s.name, s]));
  const changes: UpdateSetting[] = [];
  for (const d of inCatalogOrder(desired)) {
    const def = findSetting(d.name);
    const stored = byName.get(d.name);
    if (!def || !stored) continue; // validateConfig and assertSettingsInstalled rule both out
    if (def.type === 'group' || (def.type === 'group-or-empty' && d.value !== '')) {
      resolveGroup(groups, String(d.value), `setting ${d.name}`, d.location, findings, 'exact');
    }
    const current = readCurrentSetting(stored, def.type);
    if (current.status === 'ambiguous') {
      findings.problems.push({
        code: 'duplicate-setting-rows',
        message: `setting ${d.name} has ${current.rowIds.length} system-wide rows in sysconfig_modified (ids ${current.rowIds.join(', ')}); OTRS itself cannot tell which applies`,
        hint: 'reset the setting in OTRS (Admin → System Configuration) so one row remains, then plan again',
        location: d.location,
      });
      continue;
    }
    if (current.status === 'readable' && settingValuesEqual(current.value, d.value)) continue;
    const defaultValue = readDefaultSetting(stored, def.type);
    changes.push({
      kind: 'update-setting',
      name: d.name,
      defaultId: stored.defaultId,
      old: current.status === 'readable' ? current.value : null,
      ...(current.status === 'unreadable' ? { oldUnreadable: current.raw ?? '' } : {}),
      new: d.value,
      effectiveValue: encodeEffectiveValue(def.type, d.value),
      rowId: current.rowId,
      backToDefault: defaultValue !== undefined && settingValuesEqual(defaultValue, d.value),
    });
  }
  warnAboutUnconfigured(desired, actual, findings);
  return changes;
}

function warnAboutUnconfigured(desired: readonly DesiredSetting[], actual: readonly ActualSetting[], findings: Findings): void {
  const configured = new Set(desired.map((d) => d.name));
  for (const stored of inCatalogOrder(actual)) {
    const def = findSetting(stored.name);
    if (!def || configured.has(stored.name)) continue;
    const current = readCurrentSetting(stored, def.type);
    if (current.status === 'unreadable') {
      findings.warnings.push({
        code: 'unreadable-setting',
        message: `setting ${stored.name}: the stored value ${describeRaw(current.raw)} cannot be read (${current.reason})`,
        hint: `OTRS refuses to deploy a malformed value; set ${stored.name} in the config and apply to repair it`,
      });
    } else if (current.status === 'ambiguous') {
      findings.warnings.push({
        code: 'duplicate-setting-rows',
        message: `setting ${stored.name} has ${current.rowIds.length} system-wide rows in sysconfig_modified (ids ${current.rowIds.join(', ')}); OTRS itself cannot tell which applies`,
        hint: 'reset the setting in OTRS (Admin → System Configuration) so one row remains',
      });
    }
  }
}

/** Stored text for a message: `NULL`, or quoted and cut to a readable length. */
function describeRaw(raw: string | null): string {
  if (raw === null) return 'NULL';
  const chars = [...raw];
  return chars.length > 60 ? `${JSON.stringify(chars.slice(0, 60).join(''))}…` : JSON.stringify(raw);
}
