import { sql } from "kysely";
import type { DB } from "#db/client";
import type { Resolution } from "#db/schema";
import { cachedByVersions } from "~/lib/data-versions.server";
import { logger } from "~/lib/logger.server";
import { buildMatch, HANGUL, MAX_TERMS, parseQuery } from "./search-query";
import type { SearchFilters, SearchResponse, SearchResult, SnippetPart } from "./search-types";
import { completions, correct, documentCount, vocabulary } from "./search-vocabulary.server";

// Full-text search over published write-ups (FTS5, bm25): ranking, snippets and the two passes
// (every word, then some of them). Beside it: search-query.ts reads what was typed into a MATCH
// expression, search-vocabulary.server.ts knows the index's words (completions, corrections).

/** bm25 weights in the index's column order: title, symptom, root_cause, fix, debugging, tags. */
const WEIGHTS = [10, 6, 3, 3, 1.5, 5] as const;
/** Above this many matching documents, only the newest RANK_WINDOW matches are ranked. */
const COMMON_DOCS = 5000;
const RANK_WINDOW = 2000;
/** The "some of the words" pass searches only this many of the rarest words. */
const ANY_GROUPS = 4;
/** Up to this many rows, snippets are looked up by id rather than by walking an id range. */
const FEW_SNIPPETS = 3;
const HIT_START = "\uE000";
const HIT_END = "\uE001";

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
