import { HANGUL_ONLY, MAX_RUNS, type ParsedQuery } from "./search-query";

// A query read again with the words the corrections cut apart (search.server.ts tries it when
// its unknown words are read as typos or as compounds).

/**
 * The query as if typed as the corrections read it: "Showing results for 결제" shows what 결제
 * finds (its partners too, "payment"; a typo's reading met only the word), and a Hangul compound
 * cut apart (배포오류: 배포 오류) meets 오류's partners (에러, error) and, when few write-ups hold
 * both words, those holding one of them, where the compound read as one group met neither. A
 * compound's parts become a pair typed side by side; a pair typed with a corrected word pairs
 * the correction. Null when nothing changed, or when long-text choice left words out.
 */
export function respaced(
  parsed: ParsedQuery,
  typed: readonly string[],
  shown: readonly string[],
): ParsedQuery | null {
  if (typed.length !== parsed.terms.length) return null;
  const readAs = new Map<string, string[]>();
  for (const [i, word] of shown.entries()) {
    if (word === typed[i]) continue;
    const parts = word.split(" ").filter(Boolean);
    if (!parts.length) return null;
    readAs.set(parsed.terms[i] as string, parts);
  }
  if (!readAs.size) return null;
  const terms = [...new Set(parsed.terms.flatMap((key) => readAs.get(key) ?? [key]))];
  // A word typed as one and read as two or more ("logout": log out, 상태유지: 상태 유지) was typed
  // with its parts side by side: they are a run, as if typed apart.
  const cuts = [...readAs.values()].filter(
    (parts) => parts.every((w) => HANGUL_ONLY.test(w)) || parts.every((w) => /^[a-z]+$/.test(w)),
  );
  const runs = [
    ...(parsed.runs ?? []).flatMap((run) => {
      const read = run.map((w) => readAs.get(w) ?? [w]);
      return read.every((r) => r.length === 1) ? [read.flat()] : [];
    }),
    ...cuts.filter((parts) => parts.length > 1),
  ].slice(0, MAX_RUNS);
  const whole = Object.entries(parsed.whole ?? {}).filter(([key]) => !readAs.has(key));
  const lastRead = readAs.has(parsed.terms.at(-1) as string);
  const { whole: _typed, runs: _runs, ...rest } = parsed;
  return {
    ...rest,
    terms,
    prefixLast: parsed.prefixLast && !lastRead,
    ...(runs.length ? { runs } : {}),
    ...(whole.length ? { whole: Object.fromEntries(whole) } : {}),
  };
}
