import type { Problem } from '../errors.js';
import type { SourceLocation } from '../model/source-location.js';

/**
 * What the planner collects on its way: `problems` make the plan impossible (thrown together as
 * one `PlanError`), `warnings` travel with the plan to the reviewer.
 */
export interface Findings {
  readonly problems: Problem[];
  readonly warnings: Problem[];
}

export function emptyFindings(): Findings {
  return { problems: [], warnings: [] };
}

/** A location is optional on a Problem: leave the key out rather than set it to undefined. */
export function withLocation(problem: Problem, location: SourceLocation | undefined): Problem {
  return location ? { ...problem, location } : problem;
}
