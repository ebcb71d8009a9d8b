import type { PlanTarget } from '../../plan/plan.js';
import type { DatabaseTarget } from './database-target.js';

/** The target as a plan file records it: what identifies the database, never a password. */
export function planTargetOf(target: DatabaseTarget): PlanTarget {
  if (target.kind === 'embedded') {
    return { kind: 'embedded', host: null, port: null, database: target.dir, user: null, display: target.description };
  }
  return { kind: target.kind, host: target.host, port: target.port, database: target.database, user: target.user, display: target.description };
}

/**
 * How a plan's target differs from the database apply was pointed at: empty when it is the same
 * database (kind, host, port and database name; host names compare without case). The user may
 * differ: a read-only user may plan what a writing user applies.
 */
export function targetDifferences(planned: PlanTarget, now: PlanTarget): string[] {
  const differences: string[] = [];
  if (planned.kind !== now.kind) differences.push(`kind ${planned.kind} ≠ ${now.kind}`);
  if ((planned.host ?? '').toLowerCase() !== (now.host ?? '').toLowerCase()) differences.push(`host ${planned.host ?? '-'} ≠ ${now.host ?? '-'}`);
  if (planned.port !== now.port) differences.push(`port ${planned.port ?? '-'} ≠ ${now.port ?? '-'}`);
  if (planned.database !== now.database) differences.push(`database ${planned.database} ≠ ${now.database}`);
  return differences;
}
