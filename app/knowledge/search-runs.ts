import { HANGUL, phraseAtom, quote } from "./search-query";

// The query's words typed side by side (ParsedQuery.runs) as FTS5 expressions: a write-up holding
// them side by side as well scores for it (search-pairs.server.ts).

/** A pair of words typed side by side: its words' places in `shown`, and words between (0–1). */
export interface PairAt {
  first: number;
  last: number;
  gap: number;
}

/**
 * The pairs as FTS5 expressions of the words now read at those places (a corrected word in place
 * of its typo): Latin as a phrase, or NEAR when a function word stood between; Hangul as the
 * syllable pairs of both words in a row. A place read as two words (a split) pairs with nothing.
 */
export function runMatches(pairs: readonly PairAt[], shown: readonly string[]): string[] {
  return pairs.flatMap((p) => {
    const atom = pairMatch(p, shown);
    return atom ? [atom] : [];
  });
}

function pairMatch({ first, last, gap }: PairAt, shown: readonly string[]): string | null {
  const a = shown[first] as string;
  const b = shown[last] as string;
  if (a.includes(" ") || b.includes(" ") || HANGUL.test(a) !== HANGUL.test(b)) return null;
  if (HANGUL.test(a)) return phraseAtom([a, b]);
  return gap ? `NEAR(${quote(a)} ${quote(b)}, ${gap})` : quote(`${a} ${b}`);
}

/** Three words typed in a row, as an FTS5 expression, and the two pairs (runMatches) it holds. */
export interface Chain {
  atom: string;
  pairs: [string, string];
}

/**
 * Two pairs sharing a word: three words typed in a row ("admin deleted the wrong"). Held in a
 * row they are rarer than either pair, and a write-up holding them holds both pairs.
 */
export function runChains(pairs: readonly PairAt[], shown: readonly string[]): Chain[] {
  return pairs.flatMap((p, i) => {
    const q = pairs[i + 1];
    const left = pairMatch(p, shown);
    const right = q && q.first === p.last ? pairMatch(q, shown) : null;
    if (!q || !left || !right) return [];
    const [a, b, c] = [p.first, p.last, q.last].map((at) => shown[at] as string) as [
      string,
      string,
      string,
    ];
    if (HANGUL.test(a) !== HANGUL.test(c)) return [];
    // A function word may stand between each pair's words: NEAR allows as many tokens between.
    const phrases =
      p.gap && q.gap ? [[a], [b], [c]] : p.gap ? [[a], [b, c]] : q.gap ? [[a, b], [c]] : [];
    const atom = HANGUL.test(a)
      ? phraseAtom([a, b, c])
      : phrases.length
        ? `NEAR(${phrases.map((w) => quote(w.join(" "))).join(" ")}, ${p.gap + q.gap})`
        : quote(`${a} ${b} ${c}`);
    return [{ atom, pairs: [left, right] }];
  });
}
