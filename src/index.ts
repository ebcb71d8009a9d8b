/**
 * The library API: each pipeline stage as a function, so other tools can build on them.
 *
 *   const desired = await readConfig(['chat/'], { env: process.env });
 *   const db = await openDatabase(resolveDatabaseTarget(url, process.env, process.cwd()), { lockTimeoutMs: 30_000 });
 *   const actual = await introspect(db);
 *   const plan = diffStates(desired, actual, { nameKeys: await readNameKeys(db, actual, desired) });
 *   console.log(renderText(plan, { color: false }));
 *   await applyConfig(db, desired, plan, { as: 'root@localhost', lockTimeoutMs: 30_000, allowMassInvalidation: false });
 *   await db.close();
 *
 * The library never prints and never exits: errors are `ExitError` subclasses.
 */
export * from './config/index.js';
export * from './errors.js';
export * from './model/index.js';
export * from './plan/change.js';
export * from './plan/plan.js';
export { diffStates, type DiffOptions } from './plan/diff.js';
export { fingerprintState } from './plan/fingerprint.js';
export { renderText } from './render/text.js';
export { renderMarkdown } from './render/markdown.js';
export { renderJson, parsePlanJson, PlanFileError } from './render/json.js';
export { exportConfig, exportSplitConfig, DEFAULT_SCHEMA_URL, type ExportOptions, type ExportWarning, type ExportedConfig, type ExportedFile, type SplitExport } from './export/export-config.js';
export * from './settings/catalog.js';
export { encodeEffectiveValue, decodeEffectiveValue } from './settings/codec.js';
export { openDatabase, resolveDatabaseTarget, type Db, type DatabaseTarget } from './db/connect.js';
export { introspect, findUser, readNameKeys, readConfirmableState, type ConfirmableState } from './db/introspect.js';
export { readAgentPermissions } from './db/permissions.js';
export type { NameKeys, NameKey } from './plan/name-key.js';
export { applyConfig, applySavedPlan, executePlan, PlanChangedError, StalePlanError, type ApplyOptions, type ApplyResult, type SavedApplyOptions } from './db/apply.js';
export { checkPermissions, isPermissionWarning, PERMISSION_WARNING_CODES } from './plan/permission-checks.js';
export { chatAfterApply, groupIdsToRead, type ChatAfterApply } from './plan/chat-after-apply.js';
export { configHints } from './config/hints.js';
