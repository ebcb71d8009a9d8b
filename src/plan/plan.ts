import type { Problem } from '../errors.js';
import type { ActualState } from '../model/actual-state.js';
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
  /** The percentage rule only applies with at least this many valid channels. */
  readonly minValid: number;
  /**
   * True when the plan invalidates every channel valid now other than the default channel (at
   * least one): refused whatever the count, even below `minValid`.
   */
  readonly invalidatesAllButDefault: boolean;
  /** True when apply will refuse without `--allow-mass-invalidation`: follows from the fields above (`guardExceeded`). */
  readonly exceeded: boolean;
}

/**
 * Channels in the database that the plan leaves alone because the config does not prune them
 * (docs/design.md §3): no file has a `channels` key (`no-channels-key`: the config does not
 * manage channels), or `reconcile.removedChannels: keep`. `count` is every row no config
 * channel describes, whatever its validity.
 */
export interface UnmanagedChannels {
  readonly reason: 'no-channels-key' | 'keep';
  readonly count: number;
}

/** A plan is data: readonly, JSON-serialisable, interpreted by `executePlan` alone. */
export interface Plan {
  readonly formatVersion: 2;
  readonly changes: readonly Change[];
  /**
   * Things a reviewer should know. The CLI adds the permission warnings (who can chat,
   * docs/design.md §3; `isPermissionWarning`), which the renderers show in a section of their own
   * and `--strict` / `reconcile.strict` make errors.
   */
  readonly warnings: readonly Problem[];
  readonly guard: GuardReport;
  /** `null` when the config prunes the channels it does not list (the default). */
  readonly unmanagedChannels: UnmanagedChannels | null;
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

/** The database a plan was made for, as safe to print: never a password. */
export interface PlanTarget {
  readonly kind: 'postgres' | 'mysql' | 'embedded';
  /** `null` for the embedded database. */
  readonly host: string | null;
  readonly port: number | null;
  /** The database name; for the embedded database, its directory. */
  readonly database: string;
  readonly user: string | null;
  /** E.g. `postgres://otrs@db.example:5432/otrs`. */
  readonly display: string;
}

/**
 * Where, when and from what a plan was made. The pure planner does not know it; the CLI
 * records it in the plan file (docs/plan-format.md), and the Markdown names target and digest.
 */
export interface PlanOrigin {
  readonly tool: { readonly name: 'otrs-chat-config'; readonly version: string };
  /** ISO 8601 in UTC, e.g. `2026-11-30T12:00:00.000Z`. */
  readonly createdAt: string;
  readonly target: PlanTarget;
  readonly config: {
    /** SHA-256 (hex) of the configuration as read: see `configDigest`. */
    readonly digest: string;
    /** The files read, in merge order, as given on the command line. */
    readonly files: readonly string[];
  };
  /** The rows the plan was computed from (their fingerprint is the plan's), to explain a stale plan. */
  readonly state: ActualState;
}

/** A plan with its origin: what `plan --out` saves and `apply --plan` reads. */
export interface SavedPlan {
  readonly plan: Plan;
  readonly origin: PlanOrigin;
}
