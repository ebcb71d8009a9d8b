/** Rows sorted by id; the rows themselves when already in that order (the usual case), without a copy. */
export function inIdOrder<T extends { readonly id: number }>(rows: readonly T[]): readonly T[] {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.id < rows[i - 1]!.id) return [...rows].sort(byId);
  }
  return rows;
}

export function byId(a: { readonly id: number }, b: { readonly id: number }): number {
  return a.id - b.id;
}
