import type { DB } from "#db/client";
import { cachedByVersions } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";
import type { SearchEngine, SearchInput } from "./search-engine";
import {
  atomOf,
  FUNCTION_WORDS,
  HANGUL,
  isPhrase,
  joinMatch,
  MAX_TERMS,
  type ParsedQuery,
  parseQuery,
  phraseAtom,
  quote,
  termOf,
} from "./search-query";
import {
  countUpTo,
  EXHAUSTIVE,
  idsMatching,
  idsUpTo,
  inChunks,
  informativeMatch,
  pairHoldersBelow,
  pairScores,
  rankFromLists,
  rarePairs,
  topId,
} from "./search-rank.server";
import {
  holdsEveryKnownWord,
  inPlaceOf,
  PASTED_TERMS,
  readingOf,
  surface,
  typedCompletions,
  withForms,
} from "./search-readings.server";
import { holdsMarked, type Row, rankedRows, rowsFor } from "./search-rows.server";
import { groupsHeld, type HitWords, nearness, snippetOf } from "./search-snippets";
import { synonymsOf } from "./search-synonyms.server";
import type { SearchFilters, SearchResponse, SearchResult } from "./search-types";
import { completions, suggestTerms, warmSearch } from "./search-vocabulary.server";

// Full-text search over published write-ups (FTS5 with porter stemming and Korean bigrams):
// how a query becomes groups of index terms, two passes (every word, then any of them), typo
// corrections, snippets. Ranking itself is search-rank.server.ts; reading the query,
// search-query.ts; the correction dictionary, search-vocabulary.server.ts.

/** Rows beyond the page the nearness bonus may reorder (30 gave the eval the same answers). */
const RERANK_EXTRA = 15;
/** How much the nearness bonus (0–2) lifts a score. */
const NEAR_WEIGHT = 0.25;
/** A long query's words from its focus (a ticket's title) are kept as if this many times rarer. */
const FOCUS_WEIGHT = 8;
/** Holding a lone accented letter as it was typed ("Ś" for "ś key") multiplies the score by this. */
const MARKED_WEIGHT = 10;

/**
 * For write-ups holding some of the words only: the share of the query's weight they hold, each
 * group weighted by its rarity (log(1 + write-ups / matches)). bm25 sums what a write-up holds,
 * so three common words can outweigh the one rare word the answer shares with the query; scaling
 * by the share (a coordination factor, from 0.5 for none to 1 for all) puts the rare word's
 * holder first.
 */
export function coverage(held: readonly boolean[], counts: readonly number[], total: number) {
  let all = 0;
  let mine = 0;
  for (const [i, n] of counts.entries()) {
    const weight = Math.log(1 + Math.max(1, total) / Math.max(1, n));
    all += weight;
    if (held[i]) mine += weight;
  }
  return all > 0 ? 0.5 + (0.5 * mine) / all : 1;
}

interface Pass {
  /** Each group: one FTS5 expression (a word with its alternatives, or a phrase). */
  groups: string[];
  /** Matches per group, counted no further than EXHAUSTIVE + 1. */
  counts: number[];
  excluded: string[];
  /** Each group's words as the text shows them, for telling which groups a write-up holds. */
  held: HitWords[];
  /** Pairs of words typed side by side, as FTS5 phrases (ParsedQuery.runs). */
  runs?: string[];
}

/**
 * One ranked pass: every match scored by bm25() when there are few; otherwise the groups' top
 * lists. Filters and exclusions applied; `want` rows with their scores, best first.
 */
async function rankPass(
  db: DB,
  pass: Pass,
  mode: "all" | "any",
  filters: SearchFilters,
  skip: ReadonlySet<number>,
  want: number,
  bonus: ReadonlyMap<number, number> = new Map(),
): Promise<{ row: Row; score: number; all: boolean }[]> {
  const match = joinMatch(pass.groups, pass.excluded, mode);
  if (!match) return [];
  const estimate =
    mode === "all" ? Math.min(...pass.counts) : pass.counts.reduce((a, b) => a + b, 0);
  // Common words (or phrases of them) may walk long doclists to find few matches: in chunks.
  const walksLong = pass.counts.some((n) => n > EXHAUSTIVE) || pass.groups.some(isPhrase);
  // Holding every group: the matching ids, walked in chunks (few, or the top lists rank instead).
  let ids: number[] | null = null;
  let exhaustive = estimate <= EXHAUSTIVE;
  if (!exhaustive && mode === "all" && pass.groups.length > 1) {
    ids = await idsUpTo(db, match, EXHAUSTIVE);
    exhaustive = ids !== null;
  }
  if (exhaustive) {
    const ranked = (
      rank: string,
      range: { from: bigint; to: bigint } | null,
      among: readonly number[] | null,
    ) => rankedRows(db, { rank, range, among, filters, skip, want });
    let rows: (Row & { rank: number })[] = [];
    if (walksLong && mode === "all") {
      // One statement over the ids found, ranked by the groups that can move a score: each
      // statement that ranks walks its words' doclists in full once, so chunks would repeat it.
      // (rowid + 0 keeps FTS5 from looking each id up as a query of its own.)
      ids ??= await idsUpTo(db, match, EXHAUSTIVE);
      if (!ids?.length) return [];
      const rank = (await informativeMatch(db, pass.groups, pass.counts)) ?? match;
      const span = { from: BigInt(Math.min(...ids)), to: BigInt(Math.max(...ids) + 1) };
      rows = (await ranked(rank, span, ids)).rows;
    } else if (walksLong)
      await inChunks(db, async (from, to) => {
        rows.push(...(await ranked(match, { from, to }, null)).rows);
        return true;
      });
    else rows = (await ranked(match, null, null)).rows;
    rows.sort((a, b) => a.rank - b.rank);
    return rows.slice(0, want).map((r) => ({ row: r, score: -r.rank, all: mode === "all" }));
  }
  // Many matches: the groups' top lists. Exclusions are looked up once (they are usually rare).
  const byRarity = pass.groups
    .map((group, i) => ({ group, count: pass.counts[i] ?? 0 }))
    .filter((x) => x.count > 0)
    .sort((a, b) => a.count - b.count);
  const { ranked, unseen, upper } = await rankFromLists(db, byRarity, bonus);
  const excludedIds = pass.excluded.length
    ? await idsMatching(
        db,
        joinMatch(
          pass.excluded.map((e) => `"${e.replaceAll('"', '""')}"`),
          [],
          "any",
        ) as string,
        50_000,
      )
    : new Set<number>();
  const candidates = ranked.filter(
    (r) => (mode === "any" || r.inAll) && !skip.has(r.id) && !excludedIds.has(r.id),
  );
  const rows = await rowsFor(
    db,
    candidates.map((c) => c.id),
    filters,
    want,
  );
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const found = rows.map((row) => {
    const c = byId.get(row.id);
    // The pairs' bonus ordered the candidates; the caller adds it to every pass's scores.
    const score = (c?.score ?? 0) - (bonus.get(row.id) ?? 0);
    return { row, score, all: mode === "all" || Boolean(c?.inAll) };
  });
  if (mode !== "all" || !pass.runs?.length) return found;
  const lowest = found.length < want ? Number.NEGATIVE_INFINITY : (found.at(-1)?.score ?? 0);
  // (Unbounded when a word has no list: then none is found in every list, and the any-word
  // pass ranks them, with the pairs' bonus.)
  const most = unseen();
  if (lowest >= most || most === Number.POSITIVE_INFINITY) return found;
  const joining = await pairHoldersBelow(db, {
    runs: pass.runs,
    match,
    groups: pass.groups.length,
    upper,
    lowest,
    want,
    skip: (id) => skip.has(id) || excludedIds.has(id) || byId.has(id),
  });
  if (!joining.length) return found;
  const scoreOf = new Map(joining.map((c) => [c.id, c.score]));
  const more = await rowsFor(
    db,
    joining.map((c) => c.id),
    filters,
    want,
  );
  return [...found, ...more.map((row) => ({ row, score: scoreOf.get(row.id) ?? 0, all: true }))]
    .sort((a, b) => b.score - a.score)
    .slice(0, want);
}

function toResult(row: Row, score: number, matchedAll: boolean, words: HitWords): SearchResult {
  return {
    id: row.id,
    title: row.title,
    component: row.component,
    resolution: row.resolution,
    verified: row.verified_at !== null,
    tags: row.tags_text ? row.tags_text.split(" ") : [],
    snippet: snippetOf([row.symptom, row.root_cause, row.fix, row.debugging, row.title], words),
    score: Math.round(score * 1000) / 1000,
    matchedAll,
  };
}

/** The two passes for a prepared query: every group, then any of them. */
async function runPasses(
  db: DB,
  pass: Pass,
  words: HitWords,
  filters: SearchFilters,
  limit: number,
  excludeIds: readonly number[],
) {
  const skip = new Set(excludeIds);
  const want = limit + RERANK_EXTRA;
  // A word found nowhere in the index (a typo nothing corrected, a word no write-up uses) can't
  // be in any result: "every word" means every word the index holds, so it doesn't empty the
  // first pass. Results then hold every known word, not every word (matchedAll says so).
  const known = pass.groups.flatMap((_g, i) => ((pass.counts[i] ?? 0) > 0 ? [i] : []));
  const missing = known.length < pass.groups.length;
  const allPass: Pass =
    missing && known.length
      ? {
          groups: known.map((i) => pass.groups[i] as string),
          counts: known.map((i) => pass.counts[i] as number),
          excluded: pass.excluded,
          held: known.map((i) => pass.held[i] as HitWords),
        }
      : pass;
  const total = await topId(db);
  const rerank = (
    found: { row: Row; score: number; all: boolean }[],
    bonus: ReadonlyMap<number, number>,
  ) =>
    found
      .map((f) => ({
        ...f,
        score:
          (f.score + (bonus.get(f.row.id) ?? 0)) *
          (f.all
            ? 1
            : coverage(
                groupsHeld(
                  [
                    f.row.title,
                    f.row.symptom,
                    f.row.root_cause,
                    f.row.fix,
                    f.row.debugging,
                    f.row.tags_text,
                  ],
                  allPass.held,
                ),
                allPass.counts,
                total,
              )) *
          (1 +
            NEAR_WEIGHT *
              nearness(
                {
                  title: f.row.title,
                  body: [f.row.symptom, f.row.root_cause, f.row.fix, f.row.debugging],
                },
                words,
                pass.groups.length,
              )) *
          (holdsMarked(f.row, words.marked) ? MARKED_WEIGHT : 1),
      }))
      .sort((a, b) => b.score - a.score);
  const holdingAll = await rankPass(db, allPass, "all", filters, skip, want);
  // Too few hold every word: the query's rare pairs of words count for every write-up ranked.
  const short = holdingAll.length < limit && allPass.groups.length > 1;
  const bonus = short
    ? await pairScores(db, await rarePairs(db, pass.runs ?? [], pass.groups.length))
    : new Map<number, number>();
  const first = rerank(holdingAll, bonus).slice(0, limit);
  let results = first;
  if (short) {
    for (const f of first) skip.add(f.row.id);
    const more = rerank(await rankPass(db, allPass, "any", filters, skip, want, bonus), bonus)
      .slice(0, limit - first.length)
      .map((m) => ({ ...m, all: false }));
    // Coverage has already scaled down what holds only some of the words: a write-up missing one
    // common word can still outrank one that holds them all only by chance (a long text).
    results = [...first, ...more].sort((a, b) => b.score - a.score);
  }
  return {
    results: results.map((r) => toResult(r.row, r.score, r.all && !missing, words)),
    /** Some result holds every word the index knows. */
    allKnown: results.some((r) => r.all),
  };
}

/** A pair of words typed side by side: its words' places in `shown`, and words between (0–1). */
interface PairAt {
  first: number;
  last: number;
  gap: number;
}

/**
 * The pairs as FTS5 expressions of the words now read at those places (a corrected word in place
 * of its typo): Latin as a phrase, or NEAR when a function word stood between; Hangul as the
 * syllable pairs of both words in a row. A place read as two words (a split) pairs with nothing.
 */
function runMatches(pairs: readonly PairAt[], shown: readonly string[]): string[] {
  return pairs.flatMap(({ first, last, gap }) => {
    const a = shown[first] as string;
    const b = shown[last] as string;
    if (a.includes(" ") || b.includes(" ") || HANGUL.test(a) !== HANGUL.test(b)) return [];
    if (HANGUL.test(a)) return [phraseAtom([a, b])];
    return [gap ? `NEAR(${quote(a)} ${quote(b)}, ${gap})` : quote(`${a} ${b}`)];
  });
}

interface Prepared {
  pass: Pass;
  words: HitWords;
  shown: string[];
  pairsAt: PairAt[];
  /** Words not in the index at all, by position in `shown`. */
  unknown: number[];
  parsed: ParsedQuery;
}

/** A group's words as HitWords: Latin and Hangul apart, the word being typed as a prefix. */
const heldWords = (words: readonly string[], typing: boolean): HitWords => ({
  latin: words.filter((w) => !HANGUL.test(w)),
  prefix: typing ? (words[0] ?? null) : null,
  hangul: words.filter((w) => HANGUL.test(w)),
});

/**
 * Reads a query into groups: each word with its synonyms; of long pastes, the words of `focus`
 * and then the rarest, MAX_TERMS in all.
 */
async function prepare(db: DB, parsed: ParsedQuery, focus?: string): Promise<Prepared> {
  const synonyms = await synonymsOf(db);
  const last = parsed.terms.length - 1;
  const entries = await Promise.all(
    parsed.terms.map(async (key, i) => {
      const term = termOf(key, parsed.whole?.[key], synonyms);
      const typing =
        parsed.prefixLast &&
        i === last &&
        term.length >= 2 &&
        /^\p{L}/u.test(term) &&
        !HANGUL.test(term);
      const own = atomOf(term, false);
      const partners = synonyms.get(term) ?? [];
      const alternatives = partners.map((s) => atomOf(s, false));
      let atoms = [own, ...alternatives];
      if (typing) {
        // A word being typed: as typed if it is a whole word of the index already (four letters
        // or more), else its most common completions (one group, scored as one word).
        const exact = await countUpTo(db, own, 0);
        if (!exact || term.length < 4) {
          const more = (await typedCompletions(db, term, parsed.terms[i - 1])).map((c) => quote(c));
          atoms = [...(exact ? [own] : []), ...more.filter((m) => m !== own), ...alternatives];
          if (!atoms.length) atoms = [own];
        }
      }
      const { group, count, forms } = await withForms(db, term, atoms, typing);
      return { key, term, typing, group, alternatives: [...partners, ...forms], count };
    }),
  );
  let chosen = entries;
  if (entries.length > MAX_TERMS) {
    // Long pastes: the rarest words that are in the index say the most about which write-up this is.
    // A word of the focus (a ticket's title) counts as FOCUS_WEIGHT times rarer: in a small
    // knowledge base, a description's rarest words are as often its plainest ("went",
    // "morning") as its subject ("database", "ids").
    const focused = new Set(focus ? parseQuery(focus).terms : []);
    // Words that only hold a sentence together ("are", "from") come after every other word.
    const rank = (e: { key: string; count: number }) =>
      e.count === 0
        ? Number.POSITIVE_INFINITY
        : FUNCTION_WORDS.has(e.key)
          ? Number.MAX_SAFE_INTEGER
          : focused.has(e.key)
            ? e.count / FOCUS_WEIGHT
            : e.count;
    const keep = new Set([...entries].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_TERMS));
    chosen = entries.filter((e) => keep.has(e));
  }
  const phraseGroups = parsed.phrases.map(phraseAtom);
  const phraseCounts = await Promise.all(
    parsed.phrases.map(async (p) => {
      // A phrase can't be in more write-ups than its rarest word: counting the words is cheap.
      const counts = await Promise.all(p.map((w) => countUpTo(db, atomOf(w, false))));
      return Math.min(...counts);
    }),
  );
  const latin = chosen.filter((e) => !HANGUL.test(e.term)).map((e) => e.term);
  const hangul = chosen.filter((e) => HANGUL.test(e.term)).map((e) => e.term);
  const alternatives = chosen.flatMap((e) => e.alternatives);
  const typing = chosen.find((e) => e.typing)?.term ?? null;
  const phraseWords = parsed.phrases.flat();
  const shown = chosen.map((e) => e.term);
  // Pairs of words the long-text choice left out are not searched either.
  const pairsAt = (parsed.runs ?? []).flatMap((r) => {
    const first = chosen.findIndex((e) => e.key === r[0]);
    const last = chosen.findIndex((e) => e.key === r.at(-1));
    return first >= 0 && last >= 0 ? [{ first, last, gap: r.length - 2 }] : [];
  });
  return {
    pass: {
      groups: [...chosen.map((e) => e.group), ...phraseGroups],
      counts: [...chosen.map((e) => e.count), ...phraseCounts],
      excluded: parsed.excluded,
      held: [
        ...chosen.map((e) => heldWords([e.term, ...e.alternatives], e.typing)),
        ...parsed.phrases.map((p) => heldWords(p, false)),
      ],
      runs: runMatches(pairsAt, shown),
    },
    words: {
      latin: [
        ...new Set([
          ...latin,
          ...alternatives.filter((a) => !HANGUL.test(a)),
          ...phraseWords.filter((w) => !HANGUL.test(w)),
        ]),
      ],
      prefix: typing,
      hangul: [
        ...new Set([
          ...hangul,
          ...alternatives.filter((a) => HANGUL.test(a)),
          ...phraseWords.filter((w) => HANGUL.test(w)),
        ]),
      ],
      ...(parsed.marked ? { marked: parsed.marked } : {}),
    },
    shown,
    pairsAt,
    unknown: chosen.flatMap((e, i) => (e.count === 0 ? [i] : [])),
    parsed,
  };
}

/**
 * Ranked write-ups for whatever was typed: those holding every word, and when they are fewer
 * than the page, those holding some of them, scaled by the share they hold. A word found nowhere
 * in the index may be a typo: the closest common word is tried, and kept only when it finds
 * write-ups holding every word (the original is offered back). `exact` turns corrections off.
 * Never throws on user input.
 */
export async function searchWriteups(db: DB, input: SearchInput): Promise<SearchResponse> {
  const limit = Math.max(1, Math.min(50, input.limit ?? 20));
  const filters = input.filters ?? {};
  const parsed = parseQuery(input.q);
  const empty: SearchResponse = {
    results: [],
    correctedQuery: null,
    originalQuery: null,
    terms: [],
  };
  if (!parsed.terms.length && !parsed.phrases.length) return empty;
  try {
    const prepared = await prepare(db, parsed, input.focus);
    const excludeIds = input.excludeIds ?? [];
    const terms = [...prepared.shown, ...parsed.phrases.map((p) => p.join(" "))];
    if (!input.exact && prepared.unknown.length) {
      const corrected = await tryCorrections(db, prepared, filters, limit, excludeIds);
      if (corrected) return { ...corrected, originalQuery: input.q.trim() };
    }
    const { results } = await runPasses(
      db,
      prepared.pass,
      prepared.words,
      filters,
      limit,
      excludeIds,
    );
    return { results, correctedQuery: null, originalQuery: null, terms };
  } catch (error) {
    logger.warn("search failed", { error: String(error), q: input.q.slice(0, 200) });
    return empty;
  }
}

/** The query with its unknown words corrected, if that finds write-ups holding every word. */
async function tryCorrections(
  db: DB,
  prepared: Prepared,
  filters: SearchFilters,
  limit: number,
  excludeIds: readonly number[],
): Promise<Omit<SearchResponse, "originalQuery"> | null> {
  const words = prepared.unknown.map((i) => prepared.shown[i] as string);
  const pass: Pass = {
    groups: [...prepared.pass.groups],
    counts: [...prepared.pass.counts],
    excluded: prepared.pass.excluded,
    held: [...prepared.pass.held],
  };
  const shown = [...prepared.shown];
  let hitWords = prepared.words;
  const fixedStems: { at: number; stem: string }[] = [];
  // Pasted text (a stack trace, a log line) is copied, not typed: its real words stay as they are.
  const pasted = prepared.parsed.terms.length > PASTED_TERMS;
  for (const [k, at] of prepared.unknown.entries()) {
    const { reading, fixed } = await readingOf(db, words[k] as string, {
      pasted,
      shown: prepared.shown,
      at,
    });
    if (!reading) continue;
    pass.groups[at] = reading.group;
    pass.counts[at] = reading.count;
    pass.held[at] = heldWords(reading.words, false);
    shown[at] = reading.words.join(" ");
    hitWords = inPlaceOf(hitWords, words[k] as string, reading.words);
    if (fixed?.stem) fixedStems.push({ at, stem: fixed.word });
  }
  if (shown.every((s, i) => s === prepared.shown[i])) return null;
  pass.runs = runMatches(prepared.pairsAt, shown);
  const { results, allKnown } = await runPasses(db, pass, hitWords, filters, limit, excludeIds);
  // Among many matches the page may show none holding every word (ranked from the words' top
  // lists) although some write-up does: a count says so.
  if (!allKnown && !(await holdsEveryKnownWord(db, pass.groups, pass.counts, pass.excluded)))
    return null;
  for (const { at, stem } of fixedStems) shown[at] = surface(stem, results);
  return {
    results,
    correctedQuery: shown.join(" "),
    terms: [...shown, ...prepared.parsed.phrases.map((p) => p.join(" "))],
  };
}

/**
 * searchWriteups for pages and the API: the same answers, kept per process until write-ups change
 * (the "writeups" data version), so a repeated search or the related write-ups of a busy ticket
 * cost a version lookup. `npm run bench:search` times searchWriteups itself.
 */
export const cachedSearchWriteups = cachedByVersions(["writeups"], searchWriteups, {
  key: (input) => JSON.stringify(input),
  max: 500,
});

/**
 * What the server warms once it is listening, so the first person's search is not the one that
 * pays for loading: the correction dictionary and the English word list, then one search of the
 * index's commonest word (the search path compiled, that word's list of best write-ups read or
 * computed). Returns the dictionary's size.
 */
export async function warmSearchPath(db: DB): Promise<number> {
  const terms = await warmSearch(db);
  const [commonest] = await completions(db, "", 1);
  if (commonest) await searchWriteups(db, { q: `${commonest} `, limit: 20 });
  return terms;
}

/**
 * The SQLite FTS5 engine. Its index is kept by triggers on writeups (migration 0008) in the same
 * transaction as the write, so indexing and removing need nothing more.
 */
export const searchEngine: SearchEngine = {
  indexWriteup: async () => {},
  removeWriteup: async () => {},
  search: (db, input) => cachedSearchWriteups(db, input),
  related: async (db, { text, limit, excludeIds, focus }) =>
    (
      await cachedSearchWriteups(db, {
        q: text,
        limit: limit ?? 5,
        excludeIds,
        ...(focus ? { focus } : {}),
      })
    ).results,
  suggest: (db, prefix, limit) => suggestTerms(db, prefix, limit),
};
