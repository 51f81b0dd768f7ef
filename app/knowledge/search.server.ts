import type { DB } from "#db/client";
import { cachedByVersions } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";
import { nextTurn } from "~/lib/time-slice";
import { asSearch, topId } from "./search-chunks.server";
import { gathered, hitGroups } from "./search-cluster";
import { commonestGroups } from "./search-common-words.server";
import { hangulParts, hangulWordsApart } from "./search-compounds.server";
import type { SearchEngine, SearchInput } from "./search-engine";
import { groupsHeld, type HitWords } from "./search-hits";
import { pairBonus, pairLists, rarePairs } from "./search-pairs.server";
import { coverage, rankPass } from "./search-pass.server";
import { heldWords, type Pass, type Prepared, prepare } from "./search-prepare.server";
import { FUNCTION_WORDS, GRAMMAR_WORDS, type ParsedQuery, parseQuery } from "./search-query";
import {
  type Fix,
  holdsEveryKnownWord,
  inPlaceOf,
  isRealWord,
  keyedReadingOf,
  nameAndVersionParts,
  PASTED_TERMS,
  pairReadingOf,
  type Reading,
  readingOf,
  readsTyped,
  showFixes,
} from "./search-readings.server";
import { relatedSearch } from "./search-related.server";
import { respaced } from "./search-respaced";
import { holdsMarked, type Row, textsOf } from "./search-rows.server";
import { runChains, runMatches } from "./search-runs";
import { camelParts, snakeParts } from "./search-snake";
import { nearness, snippetOf } from "./search-snippets";
import type { SearchFilters, SearchResponse, SearchResult } from "./search-types";
import {
  completions,
  dictionaryLoaded,
  suggestTerms,
  warmSearch,
} from "./search-vocabulary.server";

// Full-text search over published write-ups (FTS5 with porter stemming and Korean bigrams):
// two passes (every word, then any of them), typo corrections, snippets. How a query becomes
// groups of index terms is search-prepare.server.ts; one pass, search-pass.server.ts; ranking
// from the top lists, search-rank.server.ts; the lists, search-top-lists.server.ts; reading the
// query, search-query.ts; the correction dictionary, search-vocabulary.server.ts.

/** Rows beyond the page the nearness bonus may reorder (30 gave the eval the same answers). */
const RERANK_EXTRA = 15;
/** How much the nearness bonus (0–2) lifts a score. */
const NEAR_WEIGHT = 0.25;
/**
 * How much gathering the query's words in one passage (0–1, search-cluster.ts) lifts a score.
 * Measured with `npm run eval:search` against 0 (span 12): 0.5 put eight judged answers higher
 * (six of them among 100,000 write-ups) and one lower; 0.75 also one Korean answer lower; 1.5 cost
 * related write-ups their recall.
 */
const GATHERED_WEIGHT = 0.5;
/** Holding a lone accented letter as it was typed ("Ś" for "ś key") multiplies the score by this. */
const MARKED_WEIGHT = 10;

/** A group that is one English function word, or one Korean grammar word (안, 돼요), typed whole. */
const isFunctionWord = (held: HitWords | undefined) =>
  held !== undefined &&
  !held.prefix &&
  ((held.latin.length === 1 &&
    !held.hangul.length &&
    FUNCTION_WORDS.has(held.latin[0] as string)) ||
    (held.hangul.length === 1 &&
      !held.latin.length &&
      GRAMMAR_WORDS.has(held.hangul[0] as string)));

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

/**
 * Results ranked at least, whatever the caller shows: whether the any-word pass runs depends on how
 * many hold every word, and counted against a page of one or five (a missed-search check, a
 * ticket's related write-ups) a write-up holding every word by chance took first place from the
 * answer the search page puts first. So a search of five shows the page's first five.
 */
const RANKED_AT_LEAST = 20;

/**
 * A pass's groups the index holds (`counted`), and of those the ones asked for and counted
 * (`known`). A word found nowhere in the index (a typo nothing corrected, a word no write-up uses)
 * can't be in any result: "every word" means every word the index holds, so it doesn't empty the
 * first pass, and results then hold every known word, not every word (matchedAll says so).
 * English function words ("the", "when", "after") beside other words are neither asked for nor
 * counted: held by nearly every English write-up, they weigh nothing in bm25, and asking for them
 * only left out the short write-ups that don't say "the".
 */
function knownGroups(pass: Pass): { counted: number[]; known: number[] } {
  const counted = pass.groups.flatMap((_g, i) => ((pass.counts[i] ?? 0) > 0 ? [i] : []));
  const content = counted.filter((i) => !isFunctionWord(pass.held[i]));
  return { counted, known: content.length ? content : counted };
}

/** The two passes for a prepared query: every group, then any of them. */
async function runPasses(
  db: DB,
  pass: Pass,
  words: HitWords,
  filters: SearchFilters,
  shown: number,
  excludeIds: readonly number[],
) {
  const limit = Math.max(shown, RANKED_AT_LEAST);
  const skip = new Set(excludeIds);
  const want = limit + RERANK_EXTRA;
  const { counted, known } = knownGroups(pass);
  const missing = counted.length < pass.groups.length;
  const allPass: Pass =
    known.length < pass.groups.length && known.length
      ? {
          groups: known.map((i) => pass.groups[i] as string),
          counts: known.map((i) => pass.counts[i] as number),
          excluded: pass.excluded,
          held: known.map((i) => pass.held[i] as HitWords),
          // (A word found nowhere leaves the pairs out: they were read with it.)
          ...(missing ? {} : { runs: pass.runs ?? [] }),
        }
      : pass;
  const total = await topId(db);
  // The first pass also ranks those holding every word but the commonest (weakGroups), scaled
  // by coverage as in the second.
  const weak = await commonestGroups(db, allPass.groups, allPass.counts, total);
  const strongPass: Pass = weak.some(Boolean)
    ? {
        ...allPass,
        groups: allPass.groups.filter((_g, i) => !weak[i]),
        counts: allPass.counts.filter((_n, i) => !weak[i]),
        held: allPass.held.filter((_h, i) => !weak[i]),
        lacking: {
          groups: allPass.groups.filter((_g, i) => weak[i]),
          counts: allPass.counts.filter((_n, i) => weak[i]),
        },
      }
    : allPass;
  // Which query group each highlighted word stands for (function words none), for gathered().
  const groupOf = hitGroups(words, allPass.held, isFunctionWord);
  const gatherable = allPass.held.filter((h) => !isFunctionWord(h)).length;
  const partners = pass.partners ?? [];
  // The query's rare pairs of words, side by side in a write-up.
  const pairs =
    allPass.groups.length > 1
      ? await rarePairs(db, pass.runs ?? [], pass.groups.length, pass.chains)
      : [];
  // A write-up holding two of them (a run of three words or more, as typed) gets their bonus
  // however many hold the words, and is ranked with those holding every word; so does one
  // holding a two-word query side by side ("primary key": two common words, one rare name).
  // (Their holders are read once, here or below.)
  const named = allPass.groups.length === 2 && pairs.length > 0;
  // A write-up holding a two-word name side by side has the name's own bm25 score (pairBonus),
  // which weighs its field and the write-up's length: its nearness is that of a pair side by side
  // in the body, not twice that for the title, which weighed the field again unweighed by length
  // (among 100,000 write-ups, long generated texts holding "global lock" in their titles by chance
  // outranked the short answer holding it in its symptom: English MRR@10 0.924 -> 0.928).
  const rerank = (
    found: { row: Row; score: number; all: boolean }[],
    bonus: ReadonlyMap<number, number>,
  ) =>
    found
      .map((f) => {
        const covered = f.all
          ? 1
          : coverage(groupsHeld(textsOf(f.row), allPass.held), allPass.counts, total);
        return {
          ...f,
          all: covered === 1,
          score:
            (f.score + (bonus.get(f.row.id) ?? 0)) *
            covered *
            (1 +
              NEAR_WEIGHT *
                (named && bonus.has(f.row.id)
                  ? 1
                  : nearness(
                      {
                        title: f.row.title,
                        body: [f.row.symptom, f.row.root_cause, f.row.fix, f.row.debugging],
                      },
                      words,
                      pass.groups.length,
                    ))) *
            (holdsMarked(f.row, words.marked) ? MARKED_WEIGHT : 1) *
            (1 +
              GATHERED_WEIGHT *
                gathered(
                  [f.row.title, f.row.symptom, f.row.root_cause, f.row.fix, f.row.debugging],
                  words,
                  groupOf,
                  gatherable,
                )),
        };
      })
      .sort((a, b) => b.score - a.score);
  const lists = pairs.length >= 2 || named ? await pairLists(db, pairs) : null;
  const unique = lists ? pairBonus(lists, named ? 1 : 2) : new Map<number, number>();
  const holdingAll = await rankPass(db, allPass, "all", filters, skip, want, unique, partners);
  if (strongPass !== allPass) {
    // Those holding every word but the commonest join, scored by what they hold.
    const seen = new Set(holdingAll.map((f) => f.row.id));
    for (const f of await rankPass(db, strongPass, "all", filters, skip, want, unique, partners))
      if (!seen.has(f.row.id)) holdingAll.push({ ...f, all: false });
  }
  // Too few hold every word: the query's rare pairs of words count for every write-up ranked.
  const short = holdingAll.length < limit && allPass.groups.length > 1;
  const bonus = short ? pairBonus(lists ?? (await pairLists(db, pairs))) : unique;
  const first = rerank(holdingAll, bonus).slice(0, limit);
  let results = first;
  if (short) {
    for (const f of first) skip.add(f.row.id);
    const more = rerank(
      await rankPass(db, allPass, "any", filters, skip, want, bonus, partners),
      bonus,
    )
      .slice(0, limit - first.length)
      .map((m) => ({ ...m, all: false }));
    // Coverage has already scaled down what holds only some of the words: a write-up missing one
    // common word can still outrank one that holds them all only by chance (a long text).
    results = [...first, ...more].sort((a, b) => b.score - a.score);
  }
  return {
    results: results.slice(0, shown).map((r) => toResult(r.row, r.score, r.all && !missing, words)),
    /** Some result holds every word the index knows. */
    allKnown: results.some((r) => r.all),
    /**
     * When no result holds every word: the most of the known groups one of the first three
     * holds, among those holding the group at one of `places` (by place in the query) at least.
     */
    mostHeld: (places: readonly number[]) => {
      let most = 0;
      for (const r of results.slice(0, 3)) {
        const held = groupsHeld(textsOf(r.row), allPass.held);
        if (places.some((p) => held[known.indexOf(p)]))
          most = Math.max(most, held.filter(Boolean).length);
      }
      return most;
    },
  };
}

/**
 * Ranked write-ups for whatever was typed: those holding every word, and when they are fewer
 * than the page, those holding some of them, scaled by the share they hold. A word found nowhere
 * in the index may be a typo: the closest common word is tried, and kept only when it finds
 * write-ups holding every word (the original is offered back). `exact` turns corrections off.
 * Never throws on user input.
 */
export function searchWriteups(db: DB, input: SearchInput): Promise<SearchResponse> {
  return asSearch(() => search(db, input));
}

async function search(db: DB, input: SearchInput): Promise<SearchResponse> {
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
      const corrected = await tryCorrections(db, prepared, filters, limit, excludeIds, input.focus);
      const originalQuery = input.q.trim();
      // The words left as typed keep the capitals typed ("PG응답지연": PG 응답 지연, not pg).
      const asTyped = (words: readonly string[]) =>
        words.map((w) => parsed.cased?.[w] ?? w).join(" ");
      if (corrected) {
        const correctedQuery = asTyped(corrected.correctedQuery?.split(" ") ?? []);
        return { ...corrected, correctedQuery, originalQuery };
      }
      // Compounds of words no write-up holds together (세션만료: "session" in one, "expired" in
      // another), and identifiers none holds (card_declined, ResetLinkExpired), are searched as
      // typed apart. Not a camel-case name in pasted text: a trace names classes no write-up
      // holds, and prose brands (JavaScript) are no two words.
      const typedNames = readsTyped(parsed.terms) ? parsed.cased : undefined;
      const cut = [...prepared.shown];
      for (const at of prepared.unknown) {
        const word = prepared.shown[at] as string;
        const parts =
          snakeParts(word) ??
          camelParts(typedNames?.[word]) ??
          (await nameAndVersionParts(db, word)) ??
          (await hangulWordsApart(db, word));
        if (parts) cut[at] = parts.join(" ");
      }
      const apart = respaced(parsed, prepared.shown, cut);
      // Read as typed with the spaces: each part a word with its partners, and write-ups holding
      // some parts after those holding all.
      const run = apart && (await searchedAs(db, apart, input, filters, limit, excludeIds));
      if (run?.results.length)
        return {
          results: run.results,
          terms: [...run.shown, ...parsed.phrases.map((p) => p.join(" "))],
          correctedQuery: asTyped(cut.join(" ").split(" ")),
          originalQuery,
        };
    }
    const { results } = await runPasses(
      db,
      prepared.pass,
      prepared.words,
      filters,
      limit,
      excludeIds,
    );
    const more =
      results.length < limit
        ? await compoundsApart(db, prepared, input, filters, limit, excludeIds, results)
        : [];
    return { results: [...results, ...more], correctedQuery: null, originalQuery: null, terms };
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
  focus: string | undefined,
): Promise<Omit<SearchResponse, "originalQuery"> | null> {
  const words = prepared.unknown.map((i) => prepared.shown[i] as string);
  const pass: Pass = {
    groups: [...prepared.pass.groups],
    counts: [...prepared.pass.counts],
    excluded: prepared.pass.excluded,
    held: [...prepared.pass.held],
    ...(prepared.pass.partners ? { partners: prepared.pass.partners } : {}),
  };
  const shown = [...prepared.shown];
  let hitWords = prepared.words;
  const fixes: Fix[] = [];
  // Pasted text (a stack trace, a log line) is copied, not typed: its real words stay as they are.
  const pasted = !readsTyped(prepared.parsed.terms);
  // A real word is corrected only to one the index holds beside a neighbour: a neighbour corrected
  // before it counts ("memmory leek": memory, then leak beside it), and a word left as it was is
  // tried once more after the words that follow it.
  const read = (k: number, reading: Reading) => {
    const at = prepared.unknown[k] as number;
    pass.groups[at] = reading.group;
    pass.counts[at] = reading.count;
    // A write-up holding a partner the reading met holds the word.
    const held = [...reading.words, ...(reading.partners ?? [])];
    pass.held[at] = heldWords(held, false);
    shown[at] = reading.words.join(" ");
    hitWords = inPlaceOf(hitWords, words[k] as string, held);
  };
  let pending = [...prepared.unknown.keys()];
  // Words typed in the other language's keyboard mode ("rufwp dhfb": 결제 오류) are read first.
  const { cased, whole } = prepared.parsed;
  const unkeyed: number[] = [];
  for (const k of pending) {
    const word = words[k] as string;
    const keyed = await keyedReadingOf(db, word, cased?.[word] ?? whole?.[word] ?? word, pasted);
    if (!keyed) {
      unkeyed.push(k);
      continue;
    }
    read(k, keyed.reading);
    fixes.push({ at: prepared.unknown[k] as number, ...keyed.fixed, typed: word });
  }
  pending = unkeyed;
  // Two unknown words typed side by side (a short query's words are in the order typed, the last
  // one too, though it may be still being typed) are read together first.
  for (const [a, at] of pasted ? [] : prepared.unknown.entries()) {
    const b = prepared.unknown.indexOf(at + 1);
    if (b < 0 || !pending.includes(a) || !pending.includes(b)) continue;
    await nextTurn();
    const both = await pairReadingOf(db, [words[a] as string, words[b] as string]);
    if (!both) continue;
    read(a, both[0]);
    read(b, both[1]);
    pending = pending.filter((k) => k !== a && k !== b);
  }
  for (let round = 0; round < 2 && pending.length; round++) {
    const before = shown.join(" ");
    const left: number[] = [];
    for (const k of pending) {
      // Each word's lookups are short; other requests run between them.
      await nextTurn();
      const at = prepared.unknown[k] as number;
      const { reading, fixed } = await readingOf(db, words[k] as string, { pasted, shown, at });
      if (!reading) {
        left.push(k);
        continue;
      }
      read(k, reading);
      if (fixed) fixes.push({ at, ...fixed, typed: words[k] as string });
    }
    if (shown.join(" ") === before) break;
    // Only a real word's correction depends on its neighbours.
    const real = await Promise.all(left.map((k) => isRealWord(db, words[k] as string)));
    pending = left.filter((_k, i) => real[i]);
  }
  if (shown.every((s, i) => s === prepared.shown[i])) return null;
  pass.runs = [...runMatches(prepared.pairsAt, shown), ...prepared.identifiers];
  pass.chains = runChains(prepared.pairsAt, shown);
  // The results are those of the corrected words typed (respaced), but for words read from the
  // other keyboard mode, which keep their reading's own groups (the eval's english-mode queries
  // lost an answer to the words' partners).
  const keyed = unkeyed.length < prepared.unknown.length;
  const apart = keyed ? null : respaced(prepared.parsed, prepared.shown, shown);
  if (apart) await nextTurn();
  const again = apart ? await prepare(db, apart, focus) : null;
  // Its groups stand in the order of its words (unless long-text choice left some out), a
  // corrected word's at the place of its first.
  const asTyped =
    apart && again?.pass.groups.length === apart.terms.length + apart.phrases.length ? again : null;
  const placeOf = (at: number) => apart?.terms.indexOf(shown[at]?.split(" ")[0] ?? "") ?? -1;
  const { results, allKnown, mostHeld } = asTyped
    ? await runPasses(db, asTyped.pass, asTyped.words, filters, limit, excludeIds)
    : await runPasses(db, pass, hitWords, filters, limit, excludeIds);
  // Better than the words as typed: a result holds every word (among many matches the page may
  // show none that does, ranked from the words' top lists, although some write-up does: a count
  // says so), or one of the first holds a corrected word and as many words as the index knew as
  // typed ("datacentre powr outage": none holds all three, one holds power and datacenter); more
  // than that when a real word was corrected (it may be the word meant, missing from the index).
  const places = prepared.unknown.filter((at) => shown[at] !== prepared.shown[at]);
  const real = await Promise.all(places.map((at) => isRealWord(db, prepared.shown[at] as string)));
  // Counted as runPasses counts what a result holds: function words ("too", "the") are neither.
  const knownAsTyped = knownGroups(prepared.pass).known.length;
  const held = allKnown ? 0 : mostHeld(asTyped ? places.map(placeOf) : places);
  const better = real.some(Boolean) ? held > knownAsTyped : held > 0 && held >= knownAsTyped;
  if (
    !allKnown &&
    !better &&
    !(await holdsEveryKnownWord(db, pass.groups, pass.counts, pass.excluded))
  )
    return null;
  await showFixes(db, shown, fixes, results);
  // As shown, each word of a compound cut apart a term of its own, as typed apart.
  const shownWords = asTyped ? shown.flatMap((s) => s.split(" ")) : shown;
  const terms = [...shownWords, ...prepared.parsed.phrases.map((p) => p.join(" "))];
  return { results, correctedQuery: shown.join(" "), terms };
}

/** `parsed` searched in a turn of its own, as if typed so: the words as read, and the results. */
async function searchedAs(
  db: DB,
  parsed: ParsedQuery,
  input: SearchInput,
  filters: SearchFilters,
  limit: number,
  excludeIds: readonly number[],
): Promise<{ shown: string[]; results: SearchResult[] }> {
  await nextTurn();
  const prepared = await prepare(db, parsed, input.focus);
  const { results } = await runPasses(
    db,
    prepared.pass,
    prepared.words,
    filters,
    limit,
    excludeIds,
  );
  return { shown: prepared.shown, results };
}

/**
 * How many times as many write-ups hold a known compound's rarer part as hold the compound, at
 * least, for compoundsApart to read it apart: its parts must stand apart at least as often as
 * together (결제오류 in 1 of 348 write-ups, 결제 in 15, 오류 in 10; 비밀번호 about as often as 비밀).
 */
const APART_AT_LEAST = 2;

/**
 * When a query holding a Hangul compound the index knows (결제오류, in one write-up) finds less
 * than a page: the write-ups holding both its parts (결제, and 오류 or its partners 에러, error),
 * as "결제 오류" finds them, after those holding the compound. Their scores are scaled below the
 * last result's, keeping their order.
 */
async function compoundsApart(
  db: DB,
  prepared: Prepared,
  input: SearchInput,
  filters: SearchFilters,
  limit: number,
  excludeIds: readonly number[],
  found: readonly SearchResult[],
): Promise<SearchResult[]> {
  const { parsed, shown, pass } = prepared;
  if (shown.length > PASTED_TERMS || shown.length !== parsed.terms.length) return [];
  const cut = [...shown];
  for (const [i, word] of shown.entries()) {
    const count = pass.counts[i] ?? 0;
    if (!count) continue;
    const parts = await hangulParts(db, word);
    // A word of its own (비밀번호, in as many write-ups as 비밀) is not its parts.
    if (parts && parts.docs >= APART_AT_LEAST * count) cut[i] = parts.words.join(" ");
  }
  const apart = respaced(parsed, shown, cut);
  if (!apart) return [];
  const { results } = await searchedAs(db, apart, input, filters, limit, excludeIds);
  const seen = new Set(found.map((r) => r.id));
  const more = results
    .filter((r) => r.matchedAll && !seen.has(r.id))
    .slice(0, limit - found.length);
  const below = (found.at(-1)?.score ?? 1) / Math.max(more[0]?.score ?? 1, Number.MIN_VALUE);
  return more.map((r) => ({ ...r, score: r.score * below * 0.99 }));
}

/**
 * searchWriteups for pages and the API: the same answers, kept per process until write-ups change
 * (the "writeups" data version), so a repeated search or the related write-ups of a busy ticket
 * cost a version lookup. `npm run bench:search` times searchWriteups itself.
 */
const keptSearches = cachedByVersions(["writeups"], searchWriteups, {
  key: (input) => JSON.stringify(input),
  max: 500,
});

/** (Not kept while the correction dictionary first loads: those answers may lack a correction.) */
export const cachedSearchWriteups = (db: DB, input: SearchInput): Promise<SearchResponse> =>
  dictionaryLoaded(db) ? keptSearches(db, input) : searchWriteups(db, input);

/** A text's related write-ups: the search's best, those like it enough (likeEnough). */
const keptRelated = relatedSearch(cachedSearchWriteups);

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
  related: (db, input) => keptRelated(db, input),
  suggest: (db, prefix, limit) => suggestTerms(db, prefix, limit),
};
