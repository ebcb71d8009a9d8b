import type { Problem } from '../errors.js';
import type { Change } from './change.js';

/** The mass-invalidation guard's arithmetic (docs/design.md §6), kept in the plan for rendering. */
export interface GuardReport {
  /** Channels valid now. */
  readonly validNow: number;
  /** Channels this plan moves from valid to invalid or invalid-temporarily. */
  readonly invalidating: number;
  readonly maxPercent: number;
  /** Where `maxPercent` came from, so the message can name the knob that was used. */
  readonly maxPercentSource: 'default' | 'config' | 'flag';
  /** The guard only applies with at least this many valid channels. */
  readonly minValid: number;
  /** True when apply will refuse without `--allow-mass-invalidation`. */
  readonly exceeded: boolean;
}

/** A plan is data: readonly, JSON-serialisable, interpreted by `applyPlan` alone. */
export interface Plan {
  readonly formatVersion: 1;
  readonly changes: readonly Change[];
  readonly warnings: readonly Problem[];
  readonly guard: GuardReport;
  /** Hash of the database rows the plan was computed from; apply refuses when it moved. */
  readonly fingerprint: string;
}

export interface PlanSummary {
  readonly create: number;
  readonly change: number;
  readonly invalidate: number;
  readonly settings: number;
}

export function summarize(plan: Plan): PlanSummary {
  let create = 0, change = 0, invalidate = 0, settings = 0;
  for (const c of plan.changes) {
    if (c.kind === 'create-channel') create++;
    else if (c.kind === 'update-channel') change++;
    else if (c.kind === 'invalidate-channel') invalidate++;
    else settings++;
  }
  return { create, change, invalidate, settings };
}
