/**
 * Edit distance with adjacent transpositions (optimal string alignment): a typo like `Actve`
 * or `Acitve` is one edit away from `Active`.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known word the user most likely meant, or undefined when none is close. In order: the
 * same word in other case; the nearest word within a third of its length; the only word that
 * starts or ends (after `::`) with what was written, as in `availableToPublic` or `Active`.
 */
export function didYouMean(written: string, known: readonly string[]): string | undefined {
  const lower = written.toLowerCase();
  if (lower === '') return undefined;
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    const limit = Math.max(2, Math.floor(Math.max(lower.length, k.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best !== undefined) return best;
  const partial = known.filter((k) => {
    const kl = k.toLowerCase();
    return kl.startsWith(lower) || kl.endsWith(`::${lower}`) || (lower.length >= 4 && lower.startsWith(kl));
  });
  return partial.length === 1 ? partial[0] : undefined;
}

/** The hint text for an unknown word: a suggestion when one is close, else the known words. */
export function suggestionHint(written: string, known: readonly string[]): string {
  const guess = didYouMean(written, known);
  return guess !== undefined ? `did you mean \`${guess}\`?` : `expected one of: ${known.join(', ')}`;
}
