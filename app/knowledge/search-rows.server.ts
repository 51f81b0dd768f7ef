import { sql } from "kysely";
import type { DB } from "#db/client";
import type { Resolution } from "#db/schema";
import { keptPerVersion, mapPerVersion } from "./search-kept.server";
import { WEIGHTS } from "./search-top-lists.server";
import type { SearchFilters } from "./search-types";

// The write-ups a search ranks, as rows: the columns read, the filters as SQL, and what the
// ranking reads off a row's own text.

export interface Row {
  id: number;
  title: string;
  component: string;
  resolution: Resolution;
  verified_at: string | null;
  tags_text: string;
  symptom: string;
  root_cause: string;
  fix: string;
  debugging: string;
}

/**
 * The filters as SQL on `w`. With `byId`, columns are written `+w.column` so that SQLite looks
 * the listed ids up by key rather than walking an index on a filter column.
 */
export function filterSql(filters: SearchFilters, byId = false) {
  const c = (column: string) => sql.raw(`${byId ? "+" : ""}w.${column}`);
  const parts = [sql`${c("status")} = 'published'`];
  if (filters.component) parts.push(sql`${c("component")} = ${filters.component}`);
  if (filters.resolution) parts.push(sql`${c("resolution")} = ${filters.resolution}`);
  if (filters.authorId !== undefined) parts.push(sql`${c("author_id")} = ${filters.authorId}`);
  if (filters.verified !== undefined)
    parts.push(
      filters.verified ? sql`${c("verified_at")} is not null` : sql`${c("verified_at")} is null`,
    );
  if (filters.publishedFrom) parts.push(sql`${c("published_at")} >= ${filters.publishedFrom}`);
  if (filters.publishedBefore) parts.push(sql`${c("published_at")} < ${filters.publishedBefore}`);
  if (filters.tag)
    parts.push(
      sql`exists (select 1 from writeup_tags t where t.writeup_id = w.id and t.tag = ${filters.tag})`,
    );
  return sql.join(parts, sql` and `);
}

/**
 * A row's columns. The debugging notes as the index reads them (koan_search_text(), migration
 * 0044): without the lines that only name a default checkpoint, so ranking and snippets weigh
 * what the index matched, not a heading every drafted write-up holds.
 */
export const COLUMNS = sql`w.id, w.title, w.component, w.resolution, w.verified_at, w.tags_text,
  w.symptom, w.root_cause, w.fix, koan_search_text(w.debugging) as debugging`;

/**
 * A list of ids as one parameter, for `in`: a Kysely value per id cost more to build and compile
 * than SQLite takes to read the JSON.
 */
export const idsIn = (ids: readonly number[]) =>
  sql`(select value from json_each(${JSON.stringify(ids)}))`;

/** Whether any filter beyond "published" is set. */
export const filtered = (filters: SearchFilters) =>
  Object.values(filters).some((value) => value !== undefined && value !== "");

/**
 * Every published write-up passing a search's filters, as one flag per id, kept until write-ups
 * change: a filtered search looks its ranking's best up in it, where asking SQLite batch after
 * batch (most of a common word's best fail a narrow filter: "session expired" in auth, verified)
 * cost five statements. One statement per filter and version (8–40 ms among 100,000 write-ups).
 */
const keptPassing = keptPerVersion<Uint8Array>(32);
function passing(db: DB, filters: SearchFilters): Promise<Uint8Array> {
  return keptPassing(db, JSON.stringify(filters), async () => {
    // The narrow index (migration 0022) holds every column filtered on: a scan of it, not of
    // the write-ups' pages (12 ms against 260 ms among 100,000); a tag's write-ups by its index.
    const { tag, ...columns } = filters;
    const { rows } = await sql<{ id: number }>`select w.id from writeups w
      indexed by writeups_filter_columns
      where ${filterSql(columns, true)}
        ${tag ? sql`and w.id in (select t.writeup_id from writeup_tags t where t.tag = ${tag})` : sql``}`.execute(
      db,
    );
    let top = 0;
    for (const { id } of rows) if (id > top) top = id;
    const flags = new Uint8Array(top + 1);
    for (const { id } of rows) flags[id] = 1;
    return flags;
  });
}

/** The first `want` of `ids` flagged as passing. */
function passingOf(ids: readonly number[], flags: Uint8Array, want: number): number[] {
  const kept: number[] = [];
  for (const id of ids) if (flags[id] === 1 && kept.push(id) >= want) break;
  return kept;
}

type StatusRow = Row & { status: string };

/**
 * Rows read by id, kept per process until write-ups change (the "writeups" data version), at most
 * ROWS_KEPT (all dropped when full): a search reads its page's rows and a few more whole, and the
 * next keystroke, the next page, a ticket's related write-ups read most of them again. Never
 * changed once read (the ranking makes objects of its own).
 */
const ROWS_KEPT = 3_000;
const rowsKept = mapPerVersion<number, StatusRow>();

/** The rows of `ids` (those that exist), by id: kept ones, and the others read in one statement. */
async function rowsById(db: DB, ids: readonly number[]): Promise<Map<number, StatusRow>> {
  const kept = await rowsKept(db);
  const found = new Map<number, StatusRow>();
  const missing: number[] = [];
  for (const id of ids) {
    const row = kept.get(id);
    if (row) found.set(id, row);
    else missing.push(id);
  }
  if (!missing.length) return found;
  const { rows } = await sql<StatusRow>`select ${COLUMNS}, w.status from writeups w
    where w.id in ${idsIn(missing)}`.execute(db);
  if (kept.size + rows.length > ROWS_KEPT) kept.clear();
  for (const row of rows) {
    found.set(row.id, row);
    kept.set(row.id, row);
  }
  return found;
}

/**
 * The rows of the first `want` of `ids` that are published, in the order given, read a chunk at
 * a time with their status: the first chunk is the page and a little more (nearly every id
 * passes), the next ones wider. One statement at most for most searches, where a look at the
 * status first, then the rows, took two.
 */
async function publishedRows(db: DB, ids: readonly number[], want: number): Promise<Row[]> {
  const kept: Row[] = [];
  for (let i = 0, step = want; i < ids.length && kept.length < want; i += step, step = 400) {
    const chunk = ids.slice(i, i + step);
    const byId = await rowsById(db, chunk);
    for (const id of chunk) {
      const row = byId.get(id);
      if (row?.status === "published" && kept.push(row) >= want) break;
    }
  }
  return kept;
}

/** The write-ups among `ids` that pass the filters, in the order given: ids first, then rows. */
export async function rowsFor(
  db: DB,
  ids: readonly number[],
  filters: SearchFilters,
  want: number,
): Promise<Row[]> {
  if (want <= 0) return [];
  if (!filtered(filters)) return publishedRows(db, ids, want);
  const wanted = passingOf(ids, await passing(db, filters), want);
  if (!wanted.length) return [];
  const byId = await rowsById(db, wanted);
  return wanted.flatMap((id) => byId.get(id) ?? []);
}

/** How many of a ranking's best are looked up first (most pages need far fewer). */
export const FIRST_BATCH = 200;

/**
 * Rows for a ranking read a batch at a time: `batch(from, to)` gives the ids at places [from, to)
 * of its `size` in order (any to leave out already left out): the first `first` (FIRST_BATCH when
 * not said), then ten times as many each time, until `want` pass the filters or none is left.
 */
export async function rowsInBatches(
  db: DB,
  o: {
    size: number;
    first?: number;
    batch: (from: number, to: number) => number[];
    filters: SearchFilters;
    want: number;
  },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let taken = 0, n = o.first ?? FIRST_BATCH; taken < o.size && rows.length < o.want; n *= 10) {
    const to = Math.min(n, o.size);
    rows.push(...(await rowsFor(db, o.batch(taken, to), o.filters, o.want - rows.length)));
    taken = to;
  }
  return rows;
}

/**
 * A row's texts that may hold a query's words: the same array for the same row (rows are kept
 * per process, search-rows' rowsKept), so what is read from them once is kept with it.
 */
export function textsOf(row: Row): readonly string[] {
  let texts = textsKept.get(row);
  if (!texts) {
    texts = [row.title, row.symptom, row.root_cause, row.fix, row.debugging, row.tags_text];
    textsKept.set(row, texts);
  }
  return texts;
}
const textsKept = new WeakMap<Row, readonly string[]>();

/** Whether a row holds one of the query's lone accented letters, as typed and standing alone. */
export function holdsMarked(row: Row, marked: readonly string[] | undefined): boolean {
  if (!marked?.length) return false;
  const text = [row.title, row.symptom, row.root_cause, row.fix, row.debugging].join("\n");
  return marked.some((letter) =>
    new RegExp(`(?:^|[^\\p{L}\\p{N}_])${letter}(?=$|[^\\p{L}\\p{N}_])`, "iu").test(text),
  );
}

/** Rows matching `rank` (within `range`, among ids `among`), filtered, best `want` by bm25(). */
export function rankedRows(
  db: DB,
  o: {
    rank: string;
    range: { from: bigint; to: bigint } | null;
    among: readonly number[] | null;
    filters: SearchFilters;
    skip: ReadonlySet<number>;
    want: number;
  },
) {
  return sql<Row & { rank: number }>`
    select ${COLUMNS}, m.rank from (
      select rowid as id, bm25(writeups_fts, ${sql.raw(WEIGHTS.join(", "))}) as rank
      from writeups_fts where writeups_fts match ${o.rank}
        ${o.range ? sql`and rowid >= ${o.range.from} and rowid < ${o.range.to}` : sql``}
        ${o.among ? sql`and (rowid + 0) in ${idsIn(o.among)}` : sql``}
      order by rank limit -1
    ) m cross join writeups w on w.id = m.id
    where ${filterSql(o.filters)}
      ${o.skip.size ? sql`and w.id not in ${idsIn([...o.skip])}` : sql``}
    order by m.rank limit ${o.want}`.execute(db);
}
