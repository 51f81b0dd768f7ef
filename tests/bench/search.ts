// `npm run bench:search`: builds a deterministic corpus of write-ups (WRITEUPS, default 100,000)
// in a fresh migrated SQLite file through the domain's insertWriteup, then times a fixed mix of
// searches through searchWriteups next to the same queries as bare FTS5 (MATCH, bm25(),
// snippet(), LIMIT 20): the floor. Prints figures beside the goals; never asserts them.
//
//   WRITEUPS=5000 npm run bench:search      a quick run
//   RUNS=50                                 timed runs per query (after WARMUP runs); a
//                                           slow query stops after BUDGET_MS of search and
//                                           floor time, with at least MIN_RUNS runs
//   BENCH_DB=/tmp/koan-bench.db             keep the database there, and reuse it when it
//                                           already holds WRITEUPS write-ups
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { type DB, migrateToLatest, openDatabase, writeTransaction } from "#db/client";
import { searchWriteups } from "~/knowledge/search.server";
import { groupScoresSettled } from "~/knowledge/search-group-scores.server";
import { forgetKeptAnswers } from "~/knowledge/search-kept.server";
import type { SearchFilters } from "~/knowledge/search-types";
import { warmSearch } from "~/knowledge/search-vocabulary.server";
import { insertWriteup, markVerified } from "~/knowledge/writeups.server";
import { buildUser } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { CorpusGenerator } from "./corpus";
import { writeResults } from "./results";

const WRITEUPS = Number(process.env.WRITEUPS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 50);
const WARMUP = Number(process.env.WARMUP ?? 3);
const MIN_RUNS = Math.min(RUNS, Number(process.env.MIN_RUNS ?? 10));
const BUDGET_MS = Number(process.env.BUDGET_MS ?? 2500);
const CHUNK = 1000;
/** bm25 weights as the app uses them, so the floor ranks the same way. */
const WEIGHTS = "10, 6, 3, 3, 1.5, 5";
const DAY_MS = 86_400_000;
/** Corpus dates: three years up to a fixed day, oldest first, so rowid order is time order. */
const CORPUS_END = Date.parse("2026-09-01T00:00:00Z");
const CORPUS_SPAN_MS = 3 * 365 * DAY_MS;

type Category =
  | "common word"
  | "rare word"
  | "phrase"
  | "prefix"
  | "typo"
  | "pasted error"
  | "korean"
  | "filtered"
  | "worst case";

interface BenchQuery {
  category: Category;
  q: string;
  filters?: SearchFilters;
  /** The floor's MATCH, when it should not be read from `q`: typos use the intended words. */
  floor?: string;
  prefix?: boolean;
}

const QUERIES: BenchQuery[] = [
  { category: "common word", q: "payment" },
  { category: "common word", q: "error" },
  { category: "common word", q: "invoice" },
  { category: "common word", q: "failed" },
  { category: "common word", q: "customer" },
  { category: "common word", q: "timeout" },
  { category: "rare word", q: "quiescent" },
  { category: "rare word", q: "hysteresis" },
  { category: "rare word", q: "lamport" },
  { category: "rare word", q: "catamorphism" },
  { category: "rare word", q: "ERR_IMPORT_ABORTED" },
  { category: "rare word", q: "0x7f3a9c" },
  { category: "phrase", q: '"out of memory"' },
  { category: "phrase", q: '"invoice export"' },
  { category: "phrase", q: '"connection reset by peer"' },
  { category: "phrase", q: '"idempotency key" retry' },
  { category: "phrase", q: '"daylight saving time"' },
  { category: "prefix", q: "invo", prefix: true },
  { category: "prefix", q: "notif", prefix: true },
  { category: "prefix", q: "settl", prefix: true },
  { category: "prefix", q: "pay", prefix: true },
  { category: "prefix", q: "invoice exp", prefix: true },
  { category: "typo", q: "invoce", floor: '"invoice"' },
  { category: "typo", q: "notifcation worker", floor: '"notification" AND "worker"' },
  { category: "typo", q: "setlement file", floor: '"settlement" AND "file"' },
  { category: "typo", q: "paymnet declined", floor: '"payment" AND "declined"' },
  { category: "typo", q: "retyr policy", floor: '"retry" AND "policy"' },
  {
    category: "pasted error",
    q: "TypeError: Cannot read properties of undefined (reading 'email')",
  },
  {
    category: "pasted error",
    q: "at InvoiceRenderer.render (app/billing/invoice-renderer.server.ts:118:13)",
  },
  { category: "pasted error", q: "ERR_PAYMENT_DECLINED decline_code=do_not_honor" },
  { category: "pasted error", q: 'SqliteError: fts5: syntax error near "."' },
  {
    category: "pasted error",
    q: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
  },
  { category: "pasted error", q: "NotificationWorker.handle" },
  { category: "korean", q: "결제 오류" },
  { category: "korean", q: "정산 파일 인코딩" },
  { category: "korean", q: "알림톡 발송 실패" },
  { category: "filtered", q: "payment", filters: { component: "billing" } },
  { category: "filtered", q: "timeout", filters: { component: "notifications" } },
  { category: "filtered", q: "ERR_EXPORT_TIMEOUT", filters: { component: "billing" } },
  { category: "filtered", q: "session expired", filters: { component: "auth", verified: true } },
  { category: "filtered", q: "invoice", filters: { resolution: "data_fix" } },
  { category: "filtered", q: "import", filters: { tag: "csv" } },
  { category: "worst case", q: "the" },
  { category: "worst case", q: "the payment error" },
  { category: "worst case", q: "error when the request failed" },
  { category: "worst case", q: "the customer was not" },
  { category: "worst case", q: "payment invoice error request failed" },
];

// -------------------------------------------------------------------------------------------

const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;
const tokens = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).map(quote);

/** The floor's MATCH: quoted phrases stay phrases, every other token is required. */
function floorMatch(query: BenchQuery): string {
  if (query.floor) return query.floor;
  const parts: string[] = [];
  const rest = query.q.replace(/"([^"]*)"/g, (_, inner: string) => {
    const phrase = tokens(inner)
      .map((t) => t.slice(1, -1))
      .join(" ");
    if (phrase) parts.push(quote(phrase));
    return " ";
  });
  const words = tokens(rest);
  if (query.prefix && words.length) words.push(`${words.pop()}*`);
  return [...parts, ...words].join(" AND ");
}

/**
 * The floor: FTS5 alone (MATCH, bm25() with the app's weights, snippet(), LIMIT 20), joined to
 * writeups only when a filter needs its columns.
 */
async function floorSearch(db: DB, query: BenchQuery, match: string) {
  const f = query.filters ?? {};
  const select = sql`bm25(writeups_fts, ${sql.raw(WEIGHTS)}) as rank,
      snippet(writeups_fts, -1, '[', ']', '…', 14) as snip`;
  if (!f.component && !f.resolution && f.verified === undefined && !f.tag) {
    const { rows } = await sql<{ id: number }>`
      select rowid as id, ${select} from writeups_fts
      where writeups_fts match ${match} order by rank limit 20`.execute(db);
    return rows.length;
  }
  const { rows } = await sql<{ id: number }>`
    select w.id, ${select}
    from writeups_fts join writeups w on w.id = writeups_fts.rowid
    where writeups_fts match ${match} and w.status = 'published'
      ${f.component ? sql`and w.component = ${f.component}` : sql``}
      ${f.resolution ? sql`and w.resolution = ${f.resolution}` : sql``}
      ${f.verified !== undefined ? sql`and w.verified_at is ${f.verified ? sql`not null` : sql`null`}` : sql``}
      ${f.tag ? sql`and exists (select 1 from writeup_tags t where t.writeup_id = w.id and t.tag = ${f.tag})` : sql``}
    order by rank limit 20`.execute(db);
  return rows.length;
}

// -------------------------------------------------------------------------------------------

function out(line = "") {
  process.stdout.write(`${line}\n`);
}

interface Summary {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Percentiles over several queries' samples, each query weighing the same however many runs it
 * got (slow queries get fewer runs within the time budget).
 */
function summarise(perQuery: readonly (readonly number[])[]): Summary {
  const weighted = perQuery
    .filter((samples) => samples.length)
    .flatMap((samples) => samples.map((ms) => ({ ms, w: 1 / samples.length })))
    .sort((a, b) => a.ms - b.ms);
  const totalWeight = weighted.reduce((sum, s) => sum + s.w, 0);
  const percentile = (p: number) => {
    let cumulative = 0;
    for (const s of weighted) {
      cumulative += s.w;
      if (cumulative >= (p / 100) * totalWeight - 1e-9) return s.ms;
    }
    return weighted.at(-1)?.ms ?? Number.NaN;
  };
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    runs: weighted.length,
    p50: round(percentile(50)),
    p95: round(percentile(95)),
    p99: round(percentile(99)),
    max: round(weighted.at(-1)?.ms ?? Number.NaN),
  };
}

async function openBenchDatabase() {
  const keep = process.env.BENCH_DB;
  const file = keep ? path.resolve(keep) : path.join(tempDir("koan-bench-"), "koan.db");
  const reuse = keep !== undefined && fs.existsSync(file);
  const opened = openDatabase(file);
  // A kept database takes the migrations added since it was built.
  await migrateToLatest(opened.db);
  if (reuse) {
    const { n } = await opened.db
      .selectFrom("writeups")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (n === WRITEUPS) return { ...opened, file, reused: true };
    throw new Error(`${file} holds ${n} write-ups, not ${WRITEUPS}: delete it or unset BENCH_DB`);
  }
  return { ...opened, file, reused: false };
}

async function buildCorpus(db: DB) {
  const authors: number[] = [];
  for (let i = 1; i <= 6; i++)
    authors.push(
      await buildUser(db, {
        email: `bench-author-${i}@koan.test`,
        name: `Bench author ${i}`,
        role: i <= 2 ? "mentor" : "newcomer",
      }),
    );
  const corpus = new CorpusGenerator();
  let generateMs = 0;
  const start = performance.now();
  for (let done = 0; done < WRITEUPS; done += CHUNK) {
    const g0 = performance.now();
    const batch = Array.from({ length: Math.min(CHUNK, WRITEUPS - done) }, () => corpus.next());
    generateMs += performance.now() - g0;
    await writeTransaction(db, async (trx) => {
      for (const [i, item] of batch.entries()) {
        const n = done + i;
        const when = new Date(CORPUS_END - CORPUS_SPAN_MS + (n / WRITEUPS) * CORPUS_SPAN_MS);
        const authorId = authors[n % authors.length] ?? null;
        const id = await insertWriteup(
          trx,
          { authorId, writeup: item.writeup, status: "published" },
          when,
        );
        if (item.verified && authorId !== null)
          await markVerified(trx, { writeupId: id, verifierId: authors[n % 2] ?? authorId }, when);
      }
    });
    if ((done + CHUNK) % 10_000 === 0)
      console.warn(
        `  … ${(done + CHUNK).toLocaleString("en")} write-ups, ${((performance.now() - start) / 1000).toFixed(0)} s`,
      );
  }
  const totalS = (performance.now() - start) / 1000;
  return { buildS: totalS - generateMs / 1000, generateS: generateMs / 1000, stats: corpus.stats };
}

async function sizes(db: DB) {
  const text = await sql<{ raw: number; docs: number }>`
    select count(*) as docs, sum(length(cast(title as blob)) + length(cast(symptom as blob))
      + length(cast(root_cause as blob)) + length(cast(fix as blob))
      + length(cast(debugging as blob)) + length(cast(tags_text as blob))) as raw
    from writeups`.execute(db);
  let index: number;
  let method: string;
  try {
    const r = await sql<{ bytes: number }>`
      select sum(pgsize) as bytes from dbstat where name like 'writeups_fts_%'`.execute(db);
    index = r.rows[0]?.bytes ?? 0;
    method = "dbstat (writeups_fts_* shadow tables)";
  } catch {
    const pages = await sql<{ n: number }>`select count(*) as n from pragma_page_count`.execute(db);
    index = Number.NaN;
    method = `dbstat unavailable (page_count ${pages.rows[0]?.n})`;
  }
  const file = await sql<{ bytes: number }>`
    select page_count * page_size as bytes from pragma_page_count, pragma_page_size`.execute(db);
  const raw = text.rows[0]?.raw ?? 0;
  return {
    docs: text.rows[0]?.docs ?? 0,
    rawBytes: raw,
    indexBytes: index,
    ratio: index / raw,
    databaseBytes: file.rows[0]?.bytes ?? 0,
    method,
  };
}

interface Timed {
  query: BenchQuery;
  match: string;
  results: number;
  floorResults: number;
  correctedQuery: string | null;
  search: number[];
  floor: number[];
  /** A run after the timed ones with the counts kept per version of the write-ups forgotten. */
  countsCold: number;
}

async function timeQueries(db: DB) {
  const timed: Timed[] = [];
  let category = "";
  for (const query of QUERIES) {
    if (query.category !== category) {
      category = query.category;
      console.warn(`  … timing ${category} queries`);
    }
    const match = floorMatch(query);
    const input = { q: query.q, limit: 20, filters: query.filters };
    for (let i = 0; i < WARMUP; i++) {
      await searchWriteups(db, input);
      await floorSearch(db, query, match);
    }
    // The groups' scored lists a search queued are computed between searches on a server.
    await groupScoresSettled(db);
    const entry: Timed = {
      query,
      match,
      results: 0,
      floorResults: 0,
      correctedQuery: null,
      search: [],
      floor: [],
      countsCold: Number.NaN,
    };
    // Alternate the two, so both see the same cache and the same machine load.
    let spent = 0;
    for (let i = 0; i < RUNS && (i < MIN_RUNS || spent < BUDGET_MS); i++) {
      let t = performance.now();
      const response = await searchWriteups(db, input);
      entry.search.push(performance.now() - t);
      entry.results = response.results.length;
      entry.correctedQuery = response.correctedQuery;
      t = performance.now();
      entry.floorResults = await floorSearch(db, query, match);
      entry.floor.push(performance.now() - t);
      spent += (entry.search.at(-1) ?? 0) + (entry.floor.at(-1) ?? 0);
    }
    timed.push(entry);
  }
  // Each query once more, as a query new to a running server after an older write-up was edited:
  // the counts and groups' scored lists forgotten (lists queued meanwhile are computed off the
  // request, between the next searches; after a new write-up, a recent edit, the groups' lists
  // are patched instead), the words' lists of best write-ups still kept (they are kept in the
  // database, and an old one serves while a new one is walked).
  for (const entry of timed) {
    forgetKeptAnswers(db);
    const started = performance.now();
    await searchWriteups(db, { q: entry.query.q, limit: 20, filters: entry.query.filters });
    entry.countsCold = performance.now() - started;
  }
  return timed;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2).padStart(8) : "     n/a");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// -------------------------------------------------------------------------------------------

const bench = await openBenchDatabase();
const { db } = bench;
console.warn(
  `Search benchmark: ${WRITEUPS.toLocaleString("en")} write-ups in ${bench.file}${bench.reused ? " (reused)" : ""}`,
);
const build = bench.reused ? null : await buildCorpus(db);
const size = await sizes(db);

// The first search of a common word no process has searched yet walks all its matches once for
// the word's list of best write-ups (kept in the database after that): timed on its own.
const FIRST_QUERY = "payment";
// As a server does once it is listening: the correction dictionary loaded before any timing
// (searches made while it loads go on without corrections and completions).
await warmSearch(db);
await sql`delete from search_top_lists`.execute(db);
let t0 = performance.now();
await searchWriteups(db, { q: FIRST_QUERY, limit: 20 });
const coldMs = performance.now() - t0;
t0 = performance.now();
const timed = await timeQueries(db);
const timingS = (performance.now() - t0) / 1000;
// What this process holds after every query ran (vocabulary, top lists, SQLite's cache): the part
// of a server's memory that search adds at this size, beside Node's own.
const rssMb = process.memoryUsage().rss / 1_048_576;
// A restarted server's first search: a new process on the same database, searching at once, and
// after the warm-up the server runs once it is listening.
const restarted = (warm: boolean) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.resolve("tests/bench/first-search.ts"),
        bench.file,
        FIRST_QUERY,
        ...(warm ? ["warm"] : []),
      ],
      { encoding: "utf8" },
    ),
  ) as { ms: number; warmMs: number };
const atOnce = restarted(false);
const afterWarm = restarted(true);
const restartMs = afterWarm.ms;

const CATEGORIES = [...new Set(QUERIES.map((q) => q.category))];
const rows = CATEGORIES.map((category) => {
  const entries = timed.filter((t) => t.query.category === category);
  const search = summarise(entries.map((e) => e.search));
  const floor = summarise(entries.map((e) => e.floor));
  return { category, queries: entries.length, search, floor, ratioP95: search.p95 / floor.p95 };
});
const mixEntries = timed.filter((t) => t.query.category !== "worst case");
const worstEntries = timed.filter((t) => t.query.category === "worst case");
const total = (entries: Timed[]) => {
  const search = summarise(entries.map((e) => e.search));
  const floor = summarise(entries.map((e) => e.floor));
  return { queries: entries.length, search, floor, ratioP95: search.p95 / floor.p95 };
};
const mix = total(mixEntries);
/** Each mix query's run with its counts forgotten (one sample a query). */
const countsCold = summarise(mixEntries.map((e) => [e.countsCold]));
const worst = total(worstEntries);

const goals = [
  { goal: "mix p95 ≤ 5 ms", value: mix.search.p95, met: mix.search.p95 <= 5 },
  { goal: "mix p99 ≤ 15 ms", value: mix.search.p99, met: mix.search.p99 <= 15 },
  { goal: "worst case p95 ≤ 15 ms", value: worst.search.p95, met: worst.search.p95 <= 15 },
  { goal: "mix p95 ≤ 1.5× bare FTS5", value: mix.ratioP95, met: mix.ratioP95 <= 1.5 },
  { goal: "index ≤ 1.6× raw text", value: size.ratio, met: size.ratio <= 1.6 },
  { goal: "first search after start ≤ 50 ms", value: restartMs, met: restartMs <= 50 },
  { goal: "process RSS ≤ 400 MB", value: rssMb, met: rssMb <= 400 },
];

out();
out(`Search benchmark — ${size.docs.toLocaleString("en")} write-ups`);
if (build)
  out(
    `  build        ${build.buildS.toFixed(1)} s through insertWriteup in ${CHUNK}-row writeTransaction chunks (${Math.round(size.docs / build.buildS).toLocaleString("en")}/s; generating the text took another ${build.generateS.toFixed(1)} s)`,
  );
else out("  build        reused an existing database (BENCH_DB)");
if (build)
  out(
    `  corpus       ${build.stats.vocabulary.toLocaleString("en")} words, ${build.stats.identifiers.toLocaleString("en")} identifiers, ${build.stats.errorCodes} error codes, plus ids and paths`,
  );
out(
  `  raw text     ${mb(size.rawBytes)} (indexed columns; ${Math.round(size.rawBytes / Math.max(1, size.docs)).toLocaleString("en")} bytes a write-up)`,
);
out(`  FTS index    ${mb(size.indexBytes)} — ${size.ratio.toFixed(2)}× raw text (${size.method})`);
out(`  database     ${mb(size.databaseBytes)}`);
out(
  `  first search ${restartMs.toFixed(0)} ms in a new process on this database once the server's start-up warm-up ran (${(afterWarm.warmMs / 1000).toFixed(1)} s, in the background); ${atOnce.ms.toFixed(0)} ms with no warm-up; ${coldMs.toFixed(0)} ms for a common word no process had searched ("${FIRST_QUERY}": its list of best write-ups is computed, then kept)`,
);
out(
  `  timing       up to ${RUNS} runs a query (at least ${MIN_RUNS}, within ${BUDGET_MS / 1000} s) after ${WARMUP} warm-up, search and floor alternating; each query weighs the same in the percentiles; ${timingS.toFixed(0)} s`,
);
out();
out(
  "  category        queries │   search p50      p95      p99      max │    floor p50      p95      p99 │ p95 ratio",
);
out(`  ${"─".repeat(107)}`);
const line = (name: string, r: ReturnType<typeof total>) =>
  out(
    `  ${name.padEnd(15)} ${String(r.queries).padStart(7)} │ ${ms(r.search.p50)} ${ms(r.search.p95)} ${ms(r.search.p99)} ${ms(r.search.max)} │ ${ms(r.floor.p50)} ${ms(r.floor.p95)} ${ms(r.floor.p99)} │ ${r.ratioP95.toFixed(2).padStart(8)}×`,
  );
for (const r of rows) line(r.category, r);
out(`  ${"─".repeat(107)}`);
line("whole mix", mix);
line("worst case", worst);
out("  (milliseconds; floor = the same query as bare FTS5 MATCH + bm25() + snippet() LIMIT 20;");
out("   typos' floor searches the intended words; the mix excludes the worst case)");
out(
  `  counts cold  p50 ${countsCold.p50.toFixed(2)}, p95 ${countsCold.p95.toFixed(2)}, max ${countsCold.max.toFixed(2)} ms: the mix once more, each query with the counts and groups' scored lists this process keeps per version of the write-ups forgotten, as after an older write-up was edited (the words' lists of best write-ups stay: an old one serves while a new one is walked)`,
);
out();
out("  slowest queries (search p95):");
for (const t of [...timed]
  .map((t) => ({ t, s: summarise([t.search]), f: summarise([t.floor]) }))
  .sort((a, b) => b.s.p95 - a.s.p95)
  .slice(0, 8))
  out(
    `    ${ms(t.s.p95)} ms  (floor ${ms(t.f.p95).trim()})  ${t.t.query.category.padEnd(12)} ${JSON.stringify(t.t.query.q).slice(0, 60)}${t.t.query.filters ? ` ${JSON.stringify(t.t.query.filters)}` : ""} → ${t.t.results} results`,
  );
out();
out("  goals (printed, not asserted):");
for (const g of goals)
  out(
    `    ${g.met ? "met    " : "NOT MET"}  ${g.goal.padEnd(26)} ${g.goal.startsWith("index") || g.goal.includes("×") ? `${g.value.toFixed(2)}×` : g.goal.includes("RSS") ? `${g.value.toFixed(0)} MB` : `${g.value.toFixed(2)} ms`}`,
  );
out();

out(
  `  written to ${writeResults("results-search.json", {
    date: new Date().toISOString(),
    node: process.version,
    writeups: size.docs,
    runsPerQuery: { max: RUNS, min: MIN_RUNS, budgetMs: BUDGET_MS },
    build: build && {
      seconds: Math.round(build.buildS * 10) / 10,
      generateSeconds: Math.round(build.generateS * 10) / 10,
      perSecond: Math.round(size.docs / build.buildS),
      chunk: CHUNK,
      corpus: build.stats,
    },
    size,
    firstSearchMs: Math.round(restartMs),
    firstSearchNoWarmMs: Math.round(atOnce.ms),
    firstSearchNewWordMs: Math.round(coldMs),
    rssMb: Math.round(rssMb),
    categories: rows,
    mix,
    countsCold,
    worst,
    goals,
    queries: timed.map((t) => ({
      category: t.query.category,
      q: t.query.q,
      filters: t.query.filters ?? null,
      floorMatch: t.match,
      results: t.results,
      floorResults: t.floorResults,
      correctedQuery: t.correctedQuery,
      search: summarise([t.search]),
      floor: summarise([t.floor]),
      countsColdMs: Math.round(t.countsCold * 100) / 100,
    })),
  })}`,
);

// Lists the last searches queued finish (or give up) before the database closes.
await groupScoresSettled(db);
await db.destroy();
if (!process.env.BENCH_DB) fs.rmSync(path.dirname(bench.file), { recursive: true, force: true });
