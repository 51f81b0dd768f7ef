import { sql } from "kysely";
import type { DB } from "#db/client";
import type { Resolution } from "#db/schema";
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
  signature: string;
  df: Map<string, number>;
  /** Terms by "length|first letter" and "length|*second letter": typo candidates, found fast. */
  byShape: Map<string, string[]>;
  /** Every term, sorted, for prefix completions. */
  sorted: string[];
}
const VOCAB_CHECK_MS = 60_000;
const vocabularies = new WeakMap<DB, Vocabulary>();

/** Cheap: changes whenever a write-up is added, removed or edited. */
async function indexSignature(db: DB): Promise<string> {
  const { rows } = await sql<{
    n: number;
    u: string | null;
  }>`select count(*) as n, max(updated_at) as u from writeups`.execute(db);
  return `${rows[0]?.n}:${rows[0]?.u}`;
}

/**
 * The index's terms with their document counts, kept in memory. Checked for changes at most once
 * a minute and reloaded only when write-ups changed, so requests don't pay for reloads.
 */
async function vocabulary(db: DB): Promise<Vocabulary> {
  const cached = vocabularies.get(db);
  if (cached && Date.now() - cached.checkedAt < VOCAB_CHECK_MS) return cached;
  const signature = await indexSignature(db);
  if (cached && cached.signature === signature) {
    cached.checkedAt = Date.now();
    return cached;
  }
  const { rows } = await sql<{
    term: string;
    doc: number;
  }>`select term, doc from writeups_vocab`.execute(db);
  const df = new Map<string, number>();
  const byShape = new Map<string, string[]>();
  const file = (key: string, term: string) => {
    const list = byShape.get(key);
    if (list) list.push(term);
    else byShape.set(key, [term]);
  };
  const sorted: string[] = [];
  for (const { term, doc } of rows) {
    df.set(term, doc);
    sorted.push(term);
    // Only words worth correcting to: letters only, the lengths `correct` looks at.
    if (term.length >= 3 && term.length <= 24 && !/[\d_]/.test(term)) {
      file(`${term.length}|${term[0]}`, term);
      file(`${term.length}|*${term[1]}`, term);
    }
  }
  // fts5vocab returns terms in index order (binary), which sorts like JS strings for our purposes.
  sorted.sort();
  const vocab = { checkedAt: Date.now(), signature, df, byShape, sorted };
  vocabularies.set(db, vocab);
  return vocab;
}

const MAX_COMPLETIONS = 4;

/** The most common indexed words starting with `prefix` (the prefix itself counts if indexed). */
export function completions(prefix: string, vocab: Pick<Vocabulary, "sorted" | "df">): string[] {
  let lo = 0;
  let hi = vocab.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((vocab.sorted[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found: string[] = [];
  for (let i = lo; i < vocab.sorted.length; i++) {
    const term = vocab.sorted[i] as string;
    if (!term.startsWith(prefix)) break;
    found.push(term);
  }
  return found
    .sort((a, b) => (vocab.df.get(b) ?? 0) - (vocab.df.get(a) ?? 0))
    .slice(0, MAX_COMPLETIONS);
}

/** Forget the cached vocabulary (tests, and after bulk imports in this process). */
export function resetVocabulary(db: DB) {
  vocabularies.delete(db);
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
      const score = (vocab.df.get(candidate) ?? 0) / (1 + distance * 10);
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
  snip: string;
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

async function run(
  db: DB,
  match: string,
  filters: SearchFilters,
  limit: number,
  excludeIds: readonly number[],
  minRowid: number | null,
) {
  const weights = sql.raw(WEIGHTS.join(", "));
  const { rows } = await sql<Row>`
    select w.id, w.title, w.component, w.resolution, w.verified_at, w.tags_text,
      bm25(writeups_fts, ${weights}) as rank,
      snippet(writeups_fts, -1, ${HIT_START}, ${HIT_END}, '…', 14) as snip
    from writeups_fts
    cross join writeups w on w.id = writeups_fts.rowid
    where writeups_fts match ${match}
      and ${filterSql(filters)}
      ${minRowid !== null ? sql`and writeups_fts.rowid >= ${minRowid}` : sql``}
      ${excludeIds.length ? sql`and w.id not in (${sql.join(excludeIds.map((id) => sql`${id}`))})` : sql``}
    order by rank
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * When the query matches very many write-ups (estimated from the vocabulary), rank only the
 * newest RANK_WINDOW matches: bm25 over tens of thousands of rows is what makes common words slow.
 */
async function rankingFloor(db: DB, match: string, estimatedDocs: number) {
  if (estimatedDocs <= COMMON_DOCS) return null;
  const { rows } = await sql<{ rowid: number }>`
    select rowid from writeups_fts where writeups_fts match ${match}
    order by rowid desc limit 1 offset ${RANK_WINDOW - 1}`.execute(db);
  return rows[0]?.rowid ?? null;
}

function toResult(row: Row, matchedAll: boolean): SearchResult {
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
        .sort((a, b) => (vocab.df.get(a) ?? 0) - (vocab.df.get(b) ?? 0))
        .slice(0, MAX_TERMS);
    }
    // Each typed word becomes a group of exact index terms: itself, or (while being typed, and for
    // Hangul, which takes particles) its most common completions; unknown words are corrected.
    // Words the cached vocabulary doesn't know may be brand new in the index: ask it directly.
    const unknown = terms.filter((t) => !vocab.df.has(t));
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
      if (vocab.df.has(t) || fresh.has(t)) {
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
      group.reduce((sum, term) => sum + (vocab.df.get(term) ?? 0), 0);
    const all = buildMatch(groups, parsed, "all");
    if (!all) return empty;
    // A phrase can't be in more write-ups than its rarest word.
    const phraseDocs = parsed.phrases.map((p) => Math.min(...p.map((w) => vocab.df.get(w) ?? 0)));
    const sizes = [...groups.map(docsOf), ...phraseDocs];
    const rarest = sizes.length ? Math.min(...sizes) : 0;
    const floor = await rankingFloor(db, all, rarest);
    const excludeIds = input.excludeIds ?? [];
    const first = (await run(db, all, filters, limit, excludeIds, floor)).map((r) =>
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
        const anyFloor = await rankingFloor(
          db,
          any,
          rarestGroups.reduce((sum, g) => sum + docsOf(g), 0),
        );
        const more = await run(
          db,
          any,
          filters,
          limit - first.length,
          [...excludeIds, ...first.map((r) => r.id)],
          anyFloor,
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
