/**
 * The SQLSTATE of a statement's failure (`23505`, `55P03`...), if the error carries one: pg and
 * PGlite put it in `code`, mysql2 in `sqlState` (its `code` is the error's name, `ER_DUP_ENTRY`).
 */
export function sqlStateOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, sqlState } = err as { code?: unknown; sqlState?: unknown };
  for (const candidate of [code, sqlState]) if (typeof candidate === 'string' && /^[0-9A-Z]{5}$/.test(candidate)) return candidate;
  return undefined;
}
