import { sql } from "kysely";
import type { DB } from "#db/client";
import type { Resolution } from "#db/schema";
import { cachedByVersions, dataVersion } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";
import type { SearchFilters, SearchResponse, SearchResult, SnippetPart } from "./search-types";

// Full-text search over published write-ups (FTS5, bm25). User text never reaches MATCH as
// syntax: it is tokenised the way the index tokenises, and every token is quoted.

/** bm25 weights in the index's column order: title, symptom, root_cause, fix, debugging, tags. */
const WEIGHTS = [10, 6, 3, 3, 1.5, 5] as const;
const MAX_QUERY_CHARS = 1000;
const MAX_TERMS = 12;
/** Above this many matching documents, only the newest RANK_WINDOW matches are ranked. */
const COMMON_DOCS = 5000;
const RANK_WINDOW = 2000;
/** The "some of the words" pass searches only this many of the rarest words. */
const ANY_GROUPS = 4;
/** Up to this many rows, snippets are looked up by id rather than by walking an id range. */
const FEW_SNIPPETS = 3;
const HIT_START = "\uE000";
const HIT_END = "\uE001";

export interface ParsedQuery {
  terms: string[];
  phrases: string[][];
  excluded: string[];
  /** The last term is still being typed: match it as a prefix. */
  prefixLast: boolean;
}

/** Splits text into index tokens: lowercase letters, digits and `_`, accents removed (like unicode61). */
export function tokenize(text: string): string[] {
  return (
    text
      // Fold Latin accents as the index does; leave Hangul and other scripts whole.
      .replace(/[\u00C0-\u024F\u1E00-\u1EFF]/g, (ch) => ch.normalize("NFD").replace(/\p{M}+/gu, ""))
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter((t) => t.length > 0 && t.length <= 64)
  );
}

export function parseQuery(raw: string): ParsedQuery {
  // Control characters and NULs go; the rest is text.
  const q = raw.slice(0, MAX_QUERY_CHARS).replace(/\p{Cc}+/gu, " ");
  const phrases: string[][] = [];
  const withoutPhrases = q.replace(/"([^"]*)"/g, (_, inner: string) => {
    const tokens = tokenize(inner);
    if (tokens.length > 1) phrases.push(tokens.slice(0, MAX_TERMS));
    return tokens.length === 1 ? ` ${tokens[0]} ` : " ";
  });
  const terms: string[] = [];
  const excluded: string[] = [];
  for (const word of withoutPhrases.split(/\s+/)) {
    if (!word) continue;
    if (word.startsWith("-") && word.length > 1) excluded.push(...tokenize(word.slice(1)));
    else terms.push(...tokenize(word));
  }
  const uniqueTerms = [...new Set(terms)];
  const endsInWord = /[\p{L}\p{N}_]$/u.test(q);
  const lastWord = withoutPhrases.trim().split(/\s+/).at(-1) ?? "";
  const prefixLast =
    endsInWord && !lastWord.startsWith("-") && uniqueTerms.length > 0 && !/"\s*$/.test(q);
  return {
    terms: uniqueTerms,
    phrases,
    excluded: [...new Set(excluded)].slice(0, MAX_TERMS),
    prefixLast,
  };
}

const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;
/** Korean attaches particles to words (결제가, 결제를): a Hangul term also matches as a prefix. */
const HANGUL = /\p{Script=Hangul}/u;

/**
 * A MATCH expression from groups of exact index terms (a group is one typed word and the
 * completions it stands for), quoted phrases and exclusions. Only quoted tokens reach FTS5.
 */
export function buildMatch(
  groups: readonly (readonly string[])[],
  parsed: Pick<ParsedQuery, "phrases" | "excluded">,
  mode: "all" | "any",
): string | null {
  const positives = [
    ...groups
      .filter((g) => g.length)
      .map((g) => (g.length === 1 ? quote(g[0] as string) : `(${g.map(quote).join(" OR ")})`)),
    ...parsed.phrases.map((p) => quote(p.join(" "))),
  ];
  if (!positives.length) return null;
  const core = positives.join(mode === "all" ? " AND " : " OR ");
  return parsed.excluded.length
    ? `(${core}) NOT (${parsed.excluded.map(quote).join(" OR ")})`
    : core;
}

// ---------------------------------------------------------------------------------------------
// The index's vocabulary: document frequencies, and typo corrections.

interface Vocabulary {
  checkedAt: number;
  /** The "writeups" data version it was loaded at. */
  signature: number;
  /** Every term, sorted, for prefix completions and look-ups by binary search. */
  sorted: string[];
  /** Each term's document count, at the same index as in `sorted`. */
  docs: Uint32Array;
  /** Terms by "length|first letter" and "length|*second letter": typo candidates, found fast. */
  byShape: Map<string, string[]>;
}
const VOCAB_CHECK_MS = 60_000;
/** Terms read per query while loading: each read blocks the process, so it stays short. */
const VOCAB_CHUNK = 5_000;
const vocabularies = new WeakMap<DB, Vocabulary>();
const loading = new WeakMap<DB, Promise<Vocabulary>>();

/**
 * Reads the index's vocabulary in chunks of VOCAB_CHUNK terms, letting other requests run in
 * between (reading all 400,000 terms of a large index at once would hold the process for over a
 * second). Terms come in index order, which is JS string order except around astral characters.
 */
async function loadVocabulary(db: DB): Promise<Vocabulary> {
  const signature = await dataVersion(db, "writeups");
  const terms: string[] = [];
  const counts: number[] = [];
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: { term: string; doc: number }[] } = await sql<{
      term: string;
      doc: number;
    }>`select term, doc from writeups_vocab
       ${after === null ? sql`` : sql`where term > ${after}`}
       order by term limit ${VOCAB_CHUNK}`.execute(db);
    for (const row of rows) {
      terms.push(row.term);
      counts.push(row.doc);
    }
    if (rows.length < VOCAB_CHUNK) break;
    after = (rows.at(-1) as { term: string }).term;
    await new Promise((resolve) => setImmediate(resolve));
  }
  let ordered = true;
  for (let i = 1; i < terms.length && ordered; i++)
    ordered = (terms[i - 1] as string) < (terms[i] as string);
  const order = terms.map((_, i) => i);
  if (!ordered)
    order.sort((a, b) => {
      const x = terms[a] as string;
      const y = terms[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const sorted: string[] = new Array(terms.length);
  const docs = new Uint32Array(terms.length);
  const byShape = new Map<string, string[]>();
  const file = (key: string, term: string) => {
    const list = byShape.get(key);
    if (list) list.push(term);
    else byShape.set(key, [term]);
  };
  for (const [i, from] of order.entries()) {
    const term = terms[from] as string;
    sorted[i] = term;
    docs[i] = counts[from] as number;
    // Only words worth correcting to: letters only, the lengths `correct` looks at.
    if (term.length >= 3 && term.length <= 24 && !/[\d_]/.test(term)) {
      file(`${term.length}|${term[0]}`, term);
      file(`${term.length}|*${term[1]}`, term);
    }
  }
  return { checkedAt: Date.now(), signature, sorted, docs, byShape };
}

/** One load at a time per database; the result replaces the cached vocabulary. */
function reload(db: DB): Promise<Vocabulary> {
  const current = loading.get(db);
  if (current) return current;
  const pending: Promise<Vocabulary> = loadVocabulary(db)
    .then((vocab) => {
      // A reset meanwhile (tests, bulk imports) makes this load stale: keep it out of the cache.
      if (loading.get(db) === pending) vocabularies.set(db, vocab);
      return vocab;
    })
    .finally(() => {
      if (loading.get(db) === pending) loading.delete(db);
    });
  loading.set(db, pending);
  return pending;
}

/**
 * The index's terms with their document counts, kept in memory. At most once a minute the
 * "writeups" data version is checked; when write-ups changed, the vocabulary is reloaded in the
 * background while searches go on with the one they have (counts a minute old rank just as
 * well, and words it doesn't know yet are looked up directly). Only the very first search in a
 * process waits for a load — unless warmSearch started it at server start.
 */
async function vocabulary(db: DB): Promise<Vocabulary> {
  const cached = vocabularies.get(db);
  if (!cached) return reload(db);
  if (Date.now() - cached.checkedAt >= VOCAB_CHECK_MS && !loading.has(db)) {
    cached.checkedAt = Date.now();
    const signature = await dataVersion(db, "writeups");
    if (signature !== cached.signature)
      reload(db).catch((error: unknown) => {
        logger.error("reloading the search vocabulary failed", { error: String(error) });
      });
  }
  return cached;
}

/** Loads the vocabulary ahead of the first search (the server calls it once it is listening); the number of terms. */
export function warmSearch(db: DB): Promise<number> {
  return reload(db).then((vocab) => vocab.sorted.length);
}

/** The first index in `sorted` whose term is not below `term`. */
function lowerBound(sorted: readonly string[], term: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many write-ups hold `term`, or undefined when the vocabulary doesn't know it. */
export function documentCount(
  vocab: Pick<Vocabulary, "sorted" | "docs">,
  term: string,
): number | undefined {
  const i = lowerBound(vocab.sorted, term);
  return vocab.sorted[i] === term ? vocab.docs[i] : undefined;
}

const MAX_COMPLETIONS = 4;

/**
 * The most common indexed words starting with `prefix` (the prefix itself counts if indexed),
 * most common first; equally common words in term order. One pass, keeping the best four.
 */
export function completions(prefix: string, vocab: Pick<Vocabulary, "sorted" | "docs">): string[] {
  const best: { term: string; doc: number }[] = [];
  for (let i = lowerBound(vocab.sorted, prefix); i < vocab.sorted.length; i++) {
    const term = vocab.sorted[i] as string;
    if (!term.startsWith(prefix)) break;
    const doc = vocab.docs[i] as number;
    if (best.length === MAX_COMPLETIONS && doc <= (best.at(-1) as { doc: number }).doc) continue;
    // After every equally common word already kept: term order breaks ties.
    let at = best.length;
    while (at > 0 && (best[at - 1] as { doc: number }).doc < doc) at--;
    best.splice(at, 0, { term, doc });
    if (best.length > MAX_COMPLETIONS) best.pop();
  }
  return best.map((b) => b.term);
}

/** Forget the cached vocabulary (tests, and after bulk imports in this process). */
export function resetVocabulary(db: DB) {
  vocabularies.delete(db);
  loading.delete(db);
}

/** Optimal string alignment distance, giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j] ?? 0;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The most common indexed word within 1 edit (2 for long words), or null. */
function correct(term: string, vocab: Vocabulary): string | null {
  if (term.length < 4 || term.length > 22 || /[\d_]/.test(term)) return null;
  const max = term.length >= 8 ? 2 : 1;
  let best: string | null = null;
  let bestScore = -1;
  for (let len = term.length - max; len <= term.length + max; len++) {
    const sameFirst = vocab.byShape.get(`${len}|${term[0]}`) ?? [];
    const sameSecond = (vocab.byShape.get(`${len}|*${term[1]}`) ?? []).filter(
      (c) => c[0] !== term[0],
    );
    for (const candidate of [...sameFirst, ...sameSecond]) {
      const distance = editDistance(term, candidate, max);
      if (distance > max) continue;
      const score = (documentCount(vocab, candidate) ?? 0) / (1 + distance * 10);
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------

function toParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = snippet;
  while (rest.length) {
    const start = rest.indexOf(HIT_START);
    if (start === -1) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), hit: false });
    const end = rest.indexOf(HIT_END, start);
    const stop = end === -1 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), hit: true });
    rest = end === -1 ? "" : rest.slice(end + 1);
  }
  return parts.filter((p) => p.text.length > 0);
}

interface Row {
  id: number;
  title: string;
  component: string;
  resolution: Resolution;
  verified_at: string | null;
  tags_text: string;
  rank: number;
}

function filterSql(filters: SearchFilters) {
  const parts = [sql`w.status = 'published'`];
  if (filters.component) parts.push(sql`w.component = ${filters.component}`);
  if (filters.resolution) parts.push(sql`w.resolution = ${filters.resolution}`);
  if (filters.authorId !== undefined) parts.push(sql`w.author_id = ${filters.authorId}`);
  if (filters.verified !== undefined)
    parts.push(filters.verified ? sql`w.verified_at is not null` : sql`w.verified_at is null`);
  if (filters.from) parts.push(sql`w.published_at >= ${filters.from}`);
  if (filters.to) parts.push(sql`w.published_at < ${`${filters.to}T99`}`);
  if (filters.tag)
    parts.push(
      sql`exists (select 1 from writeup_tags t where t.writeup_id = w.id and t.tag = ${filters.tag})`,
    );
  return sql.join(parts, sql` and `);
}

/**
 * When the query matches very many write-ups (estimated from the vocabulary), rank only the
 * newest RANK_WINDOW matches: bm25 over tens of thousands of rows is what makes common words slow.
 * The bound is a bigint because FTS5 ignores a rowid bound that is not an integer, and
 * better-sqlite3 binds JS numbers as REAL: as a number it filtered the rows but skipped nothing.
 */
async function rankingFloor(db: DB, match: string, estimatedDocs: number) {
  if (estimatedDocs <= COMMON_DOCS) return null;
  const { rows } = await sql<{ rowid: number }>`
    select rowid from writeups_fts where writeups_fts match ${match}
    order by rowid desc limit 1 offset ${RANK_WINDOW - 1}`.execute(db);
  const floor = rows[0]?.rowid;
  return floor === undefined ? null : BigInt(floor);
}

/**
 * One ranked pass: bm25 in a subquery over the FTS index alone, then the write-ups joined and
 * filtered in rank order, only as far as the limit. Snippets come separately, for the rows shown.
 */
async function rank(
  db: DB,
  match: string,
  filters: SearchFilters,
  limit: number,
  excludeIds: readonly number[],
  floor: bigint | null,
) {
  const weights = sql.raw(WEIGHTS.join(", "));
  const { rows } = await sql<Row>`
    select w.id, w.title, w.component, w.resolution, w.verified_at, w.tags_text, m.rank
    from (
      select rowid as id, bm25(writeups_fts, ${weights}) as rank
      from writeups_fts
      where writeups_fts match ${match} ${floor !== null ? sql`and rowid >= ${floor}` : sql``}
      order by rank
      limit -1
    ) m
    cross join writeups w on w.id = m.id
    where ${filterSql(filters)}
      ${excludeIds.length ? sql`and w.id not in (${sql.join(excludeIds.map((id) => sql`${id}`))})` : sql``}
    order by m.rank
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Highlighted snippets for the rows shown, not for every row ranked. For more than a few rows,
 * FTS5 walks the matches between the lowest and highest id (integer bounds, so it seeks) and runs
 * snippet() only for the wanted ids: cheaper than a MATCH lookup per id, which parses the query
 * and seeks every term again each time.
 */
async function snippets(db: DB, match: string, ids: readonly number[]) {
  const found = new Map<number, string>();
  if (!ids.length) return found;
  const list = sql.join(ids.map((id) => sql`${BigInt(id)}`));
  // A few ids: look each up. More: walk the matches between the lowest and the highest.
  const where =
    ids.length <= FEW_SNIPPETS
      ? sql`rowid in (${list})`
      : sql`rowid >= ${BigInt(Math.min(...ids))} and rowid <= ${BigInt(Math.max(...ids))}
          and +rowid in (${list})`;
  const { rows } = await sql<{ id: number; snip: string }>`
    select rowid as id, snippet(writeups_fts, -1, ${HIT_START}, ${HIT_END}, '…', 14) as snip
    from writeups_fts
    where writeups_fts match ${match} and ${where}`.execute(db);
  for (const row of rows) found.set(row.id, row.snip);
  return found;
}

/** A ranked pass with its snippets. */
async function run(
  db: DB,
  match: string,
  filters: SearchFilters,
  limit: number,
  excludeIds: readonly number[],
  estimatedDocs: number,
) {
  const floor = await rankingFloor(db, match, estimatedDocs);
  const rows = await rank(db, match, filters, limit, excludeIds, floor);
  const snips = await snippets(
    db,
    match,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, snip: snips.get(r.id) ?? "" }));
}

function toResult(row: Row & { snip: string }, matchedAll: boolean): SearchResult {
  return {
    id: row.id,
    title: row.title,
    component: row.component,
    resolution: row.resolution,
    verified: row.verified_at !== null,
    tags: row.tags_text ? row.tags_text.split(" ") : [],
    snippet: toParts(row.snip ?? ""),
    score: Math.round(-row.rank * 1000) / 1000,
    matchedAll,
  };
}

/**
 * Ranked write-ups for whatever was typed: those holding every word first, then those holding
 * some of them; misspelt words are corrected from the index's own vocabulary. Never throws on
 * user input.
 */
export async function searchWriteups(
  db: DB,
  input: { q: string; filters?: SearchFilters; limit?: number; excludeIds?: number[] },
): Promise<SearchResponse> {
  const limit = Math.max(1, Math.min(50, input.limit ?? 20));
  const filters = input.filters ?? {};
  const parsed = parseQuery(input.q);
  const empty: SearchResponse = { results: [], correctedQuery: null, terms: [] };
  if (!parsed.terms.length && !parsed.phrases.length) return empty;
  try {
    const vocab = await vocabulary(db);
    let terms = parsed.terms;
    if (terms.length > MAX_TERMS) {
      // Long pastes: the rarest words say the most about which write-up this is.
      terms = [...terms]
        .sort((a, b) => (documentCount(vocab, a) ?? 0) - (documentCount(vocab, b) ?? 0))
        .slice(0, MAX_TERMS);
    }
    // Each typed word becomes a group of exact index terms: itself, or (while being typed, and for
    // Hangul, which takes particles) its most common completions; unknown words are corrected.
    // Words the cached vocabulary doesn't know may be brand new in the index: ask it directly.
    const unknown = terms.filter((t) => documentCount(vocab, t) === undefined);
    const fresh = new Set(
      unknown.length
        ? (
            await sql<{
              term: string;
            }>`select term from writeups_vocab where term in (${sql.join(unknown.map((t) => sql`${t}`))})`.execute(
              db,
            )
          ).rows.map((r) => r.term)
        : [],
    );
    let corrected = false;
    const shown: string[] = [];
    const groups: string[][] = terms.map((t, i) => {
      const typing =
        (parsed.prefixLast && i === terms.length - 1 && t.length >= 2) || HANGUL.test(t);
      if (typing) {
        const found = completions(t, vocab);
        if (found.length) {
          shown.push(t);
          return found;
        }
      }
      if (documentCount(vocab, t) !== undefined || fresh.has(t)) {
        shown.push(t);
        return [t];
      }
      const fixed = correct(t, vocab);
      if (fixed) {
        corrected = true;
        shown.push(fixed);
        return [fixed];
      }
      shown.push(t);
      return [t];
    });
    const correctedQuery = corrected ? shown.join(" ") : null;
    const docsOf = (group: readonly string[]) =>
      group.reduce((sum, term) => sum + (documentCount(vocab, term) ?? 0), 0);
    const all = buildMatch(groups, parsed, "all");
    if (!all) return empty;
    // A phrase can't be in more write-ups than its rarest word.
    const phraseDocs = parsed.phrases.map((p) =>
      Math.min(...p.map((w) => documentCount(vocab, w) ?? 0)),
    );
    const sizes = [...groups.map(docsOf), ...phraseDocs];
    const rarest = sizes.length ? Math.min(...sizes) : 0;
    const excludeIds = input.excludeIds ?? [];
    const first = (await run(db, all, filters, limit, excludeIds, rarest)).map((r) =>
      toResult(r, true),
    );
    let results = first;
    if (first.length < limit && groups.length + parsed.phrases.length > 1) {
      // Some of the words: the rarest few carry the meaning, and keep the query cheap.
      const byRarity = [...groups].sort((a, b) => docsOf(a) - docsOf(b));
      // Words found in thousands of write-ups add little but cost much: leave them out here.
      const distinctive = byRarity.filter((g) => docsOf(g) > 0 && docsOf(g) <= COMMON_DOCS);
      const rarestGroups = (distinctive.length ? distinctive : byRarity).slice(0, ANY_GROUPS);
      const any = buildMatch(rarestGroups, parsed, "any");
      if (any) {
        const anyDocs = rarestGroups.reduce((sum, g) => sum + docsOf(g), 0);
        const more = await run(
          db,
          any,
          filters,
          limit - first.length,
          [...excludeIds, ...first.map((r) => r.id)],
          anyDocs,
        );
        results = [...first, ...more.map((r) => toResult(r, false))];
      }
    }
    terms = shown;
    return {
      results,
      correctedQuery,
      terms: [...terms, ...parsed.phrases.map((p) => p.join(" "))],
    };
  } catch (error) {
    logger.warn("search failed", { error: String(error), q: input.q.slice(0, 200) });
    return empty;
  }
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
