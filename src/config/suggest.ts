/**
 * The known name a mistyped one most likely meant: `deployTimeout` → `deployTimeoutSeconds`,
 * `project` → `projects`, `rolback` → `rollback`. Undefined when nothing is close enough, so a
 * wild guess never sends the user the wrong way.
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  // A shortened or lengthened name (a missing unit or plural) is the usual slip in config files.
  const byPrefix = known.filter((name) => {
    const candidate = name.toLowerCase();
    return lower.length >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate));
  });
  const candidates = byPrefix.length > 0 ? byPrefix : known;
  // Beyond a third of the name, the "closest" one is a different name, not a typo of it.
  const limit = byPrefix.length > 0 ? Number.POSITIVE_INFINITY : Math.max(1, typed.length / 3);

  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of candidates) {
    const d = distance(lower, name.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
