// `npm run eval:search`: how well search finds the judged answer, measured as a newcomer meets it.
// Each setting gets its own SQLite file, migrated by the real migrations; the judged corpora are
// imported through the knowledge base's own import (parseKbImportFile + applyKbImport, what

// /kb/import runs), the built server is started on that file and every judged query goes through
// `GET /api/search?limit=10` with an API token. Related write-ups are scored through
// relatedWriteupsForTicket, the function the ticket page uses. Settings:
//   demo          the judged write-ups beside the demo organisation's
//   large-newest  among the 100,000-write-up benchmark dataset, imported last (newest)
//   large-oldest  the same, then made the oldest: they take the lowest ids and dates before
//                 everything else (rows renumbered in the copy by SQL, see makeOldest)
// Prints MRR@10, recall@5 and recall@10 per language and setting, overall, tuned and held out,
// and by kind of query; writes everything (with each query's rank) to tmp/eval-search.json.
//
//   npm run eval:search                  all settings
//   EVAL_LARGE=0 npm run eval:search     the demo setting only (quick)
//   EVAL_DATASET=/path/dataset.db        the benchmark dataset to copy (default: bench/dataset.db,
//                                        built by tests/bench/dataset.ts when missing)
//   EVAL_ONLY=demo,large-oldest          some settings only
//   EVAL_MISSES=1                        also print every query whose answer is not first
//   EVAL_KEEP=1                          keep each setting's database (its path is printed)
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { type DB, migrateToLatest, openDatabase } from "#db/client";
import { createApiToken } from "~/auth/api-tokens.server";
import { relatedWriteupsForTicket } from "~/knowledge/capture.server";
import { parseKbImportFile } from "~/knowledge/transfer/parse.server";
import type { PortableWriteup } from "~/knowledge/transfer/portable.server";
import { applyKbImport } from "~/knowledge/transfer/preview.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { seedDemo } from "../../seeds/demo";
import { DEFAULT_DATASET, ensureDataset } from "../bench/dataset";
import { tempDir } from "../support/db";
import ensureFreshBuild from "../support/fresh-build";
import { startServer } from "../support/server";
import { waitFor } from "../support/wait";
import { formatScores, type Judged, type Report, report } from "./metrics";
import { makeOldest } from "./oldest";
import {
  DEMO_PREFIX,
  englishCorpus,
  type JudgedQuery,
  koreanCorpus,
  type Language,
  postmortemsFile,
  queries,
  relatedCases,
} from "./sets";

type Setting = "demo" | "large-newest" | "large-oldest";
const SETTINGS: Setting[] = ["demo", "large-newest", "large-oldest"];
const LEAD_EMAIL = "lead@koan.test";
const OUT = path.resolve("tmp/eval-search.json");

const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Preparing a database

/** Imports the write-ups as a lead would, through the KB import's own parse and apply. */
async function importCorpus(db: DB, name: string, items: readonly PortableWriteup[]) {
  const parsed = await parseKbImportFile(name, "application/json", JSON.stringify(items));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.message}`);
  if (parsed.problems.length)
    throw new Error(`${name}: ${parsed.problems.map((p) => `${p.where} ${p.problem}`).join("; ")}`);
  const lead = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", LEAD_EMAIL)
    .executeTakeFirstOrThrow();
  return applyKbImport(db, {
    importer: { viewer: { id: lead.id, role: "lead" }, mentorOf: assignmentMentorOf },
    items: parsed.items,
    fileName: name,
  });
}

/** Koan ids of the judged write-ups, by external id. */
async function idsByExternal(db: DB, externalIds: readonly string[]) {
  const map = new Map<string, number>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db
      .selectFrom("writeups")
      .select(["id", "external_id"])
      .where("external_id", "in", externalIds.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.external_id) map.set(r.external_id, r.id);
  }
  return map;
}

/**
 * The judged ids as Koan ids: the corpora's by external id, and the demo organisation's own
 * write-ups that also answer a query ("demo:" and the exact title) where they exist.
 */
async function judgedIds(db: DB, externalIds: readonly string[]) {
  const map = await idsByExternal(db, externalIds);
  const titles = [...queries("en"), ...queries("ko"), ...relatedCases()]
    .flatMap((q) => q.relevant)
    .filter((r) => r.startsWith(DEMO_PREFIX))
    .map((r) => r.slice(DEMO_PREFIX.length));
  if (titles.length) {
    const rows = await db
      .selectFrom("writeups")
      .select(["id", "title"])
      .where("title", "in", [...new Set(titles)])
      .where("external_id", "is", null)
      .where("status", "=", "published")
      .execute();
    for (const r of rows) map.set(`${DEMO_PREFIX}${r.title}`, r.id);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface LangResult {
  report: Report;
  /** Every judged query: its relevant Koan ids and the ids returned, in order. */
  rows: Judged[];
  /** Wall time of each request, as a client sees it (the first request of a language is cold). */
  ms: { p50: number; p95: number; max: number };
  misses: { id: string; query: string; kind: string; rank: number | null; top: string[] }[];
}

async function searchOver(
  url: string,
  token: string,
  set: readonly JudgedQuery[],
  ids: Map<string, number>,
  titles: Map<number, string>,
): Promise<LangResult> {
  const rows: Judged[] = [];
  const misses: LangResult["misses"] = [];
  const times: number[] = [];
  for (const q of set) {
    const sent = performance.now();
    const response = await fetch(
      `${url}/api/search?${new URLSearchParams({ q: q.query, limit: "10" })}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!response.ok) throw new Error(`${q.id}: /api/search answered ${response.status}`);
    const body = (await response.json()) as { results: { id: number; title: string }[] };
    const took = performance.now() - sent;
    times.push(took);
    // EVAL_SLOW=ms names the searches that took longer (the request times' tail).
    if (process.env.EVAL_SLOW && took > Number(process.env.EVAL_SLOW))
      log(`  slow ${q.id} ${Math.round(took)} ms “${q.query}”`);
    for (const r of body.results) titles.set(r.id, r.title);
    const relevant = q.relevant.flatMap((r) => ids.get(r) ?? []);
    const returned = body.results.map((r) => r.id);
    rows.push({ id: q.id, kind: q.kind, heldOut: q.heldOut === true, relevant, returned });
    const at = returned.findIndex((id) => relevant.includes(id));
    if (at !== 0)
      misses.push({
        id: q.id,
        query: q.query,
        kind: q.kind,
        rank: at === -1 ? null : at + 1,
        top: returned.slice(0, 3).map((id) => titles.get(id) ?? String(id)),
      });
  }
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0) * 10) / 10;
  return { report: report(rows), rows, misses, ms: { p50: at(0.5), p95: at(0.95), max: at(1) } };
}

async function relatedOver(db: DB, ids: Map<string, number>) {
  const byLang: Record<Language, Judged[]> = { en: [], ko: [] };
  // Tickets nothing answers: how many write-ups each is shown all the same.
  const unanswered: Record<Language, number[]> = { en: [], ko: [] };
  const misses: { id: string; top: string[] }[] = [];
  for (const c of relatedCases()) {
    // A ticket of its own, not in the file: no write-up of its own to leave out.
    const found = await relatedWriteupsForTicket(db, { id: -1, title: c.title, body: c.body });
    if (!c.relevant.length) {
      unanswered[c.lang].push(found.length);
      continue;
    }
    // A demo write-up that also answers counts only where the demo is.
    const relevant = c.relevant.flatMap((r) => ids.get(r) ?? []);
    if (!relevant.length) continue;
    const returned = found.map((r) => r.id);
    const heldOut = c.heldOut === true;
    byLang[c.lang].push({ id: c.id, kind: c.lang, heldOut, relevant, returned });
    if (!relevant.includes(returned[0] ?? -2))
      misses.push({ id: c.id, top: found.slice(0, 3).map((r) => r.title) });
  }
  const shownAmiss = (lang: Language) =>
    unanswered[lang].reduce((a, b) => a + b, 0) / Math.max(1, unanswered[lang].length);
  return {
    en: report(byLang.en),
    ko: report(byLang.ko),
    unanswered: {
      en: { n: unanswered.en.length, shown: shownAmiss("en") },
      ko: { n: unanswered.ko.length, shown: shownAmiss("ko") },
    },
    misses,
    rows: byLang,
  };
}

interface SettingResult {
  setting: Setting;
  writeups: number;
  seconds: number;
  languages: Partial<Record<Language, LangResult>>;
  related: Awaited<ReturnType<typeof relatedOver>>;
  note?: string;
}

/** The benchmark dataset, copied and migrated once per run; each large setting copies this. */
let migratedDataset: { dir: string; file: string } | null = null;

async function baseDataset(): Promise<string> {
  if (migratedDataset) return migratedDataset.file;
  const source = process.env.EVAL_DATASET
    ? path.resolve(process.env.EVAL_DATASET)
    : (await ensureDataset(DEFAULT_DATASET)).file;
  if (!fs.existsSync(source)) throw new Error(`${source} is missing`);
  const dir = tempDir("koan-eval-dataset-");
  const file = path.join(dir, "dataset.db");
  log(`  copying and migrating ${source}…`);
  fs.copyFileSync(source, file);
  const { db, sqlite } = openDatabase(file);
  await migrateToLatest(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await db.destroy();
  migratedDataset = { dir, file };
  return file;
}

async function prepare(setting: Setting, dir: string): Promise<{ file: string }> {
  const file = path.join(dir, `${setting}.db`);
  if (setting === "demo") {
    const { db } = openDatabase(file);
    await migrateToLatest(db);
    await seedDemo(db);
    await db.destroy();
    return { file };
  }
  fs.copyFileSync(await baseDataset(), file);
  return { file };
}

async function runSetting(setting: Setting, corpus: PortableWriteup[]): Promise<SettingResult> {
  const started = performance.now();
  const dir = tempDir(`koan-eval-${setting}-`);
  try {
    const { file } = await prepare(setting, dir);
    const opened = openDatabase(file);
    const { db } = opened;
    await importCorpus(db, "eval-corpus.json", corpus);
    let ids = await idsByExternal(
      db,
      corpus.map((w) => w.external_id),
    );
    if (ids.size !== corpus.length)
      throw new Error(`imported ${ids.size} of ${corpus.length} judged write-ups`);
    let note: string | undefined;
    if (setting === "large-oldest") {
      await db.destroy();
      const moved = makeOldest(file, [...ids.values()]);
      note = `${moved} judged write-ups swapped to the lowest ids, dated before all others`;
    } else {
      await db.destroy();
    }
    const again = openDatabase(file).db;
    ids = await judgedIds(
      again,
      corpus.map((w) => w.external_id),
    );
    const { n } = await again
      .selectFrom("writeups")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    const lead = await again
      .selectFrom("users")
      .select("id")
      .where("email", "=", LEAD_EMAIL)
      .executeTakeFirstOrThrow();
    const created = await createApiToken(again, { userId: lead.id, name: "eval:search" });
    if (!created.ok) throw new Error("could not create an API token");
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(again);
    await again.destroy();

    const server = await startServer({ SEED_ON_EMPTY: "false" }, { dbFile: file });
    // Quality is measured on a warmed server: until the correction dictionary has loaded (a
    // couple of seconds at 100,000 write-ups) searches go on without corrections.
    await waitFor(() => server.output().includes("search vocabulary loaded"), {
      timeout: 120_000,
      interval: 50,
      what: "the search vocabulary to load",
    });
    const titles = new Map<number, string>();
    const languages: SettingResult["languages"] = {};
    try {
      for (const lang of ["en", "ko"] as const) {
        // Every corpus answer must be there; a demo write-up that also answers counts where it is.
        const set = queries(lang).filter((q) =>
          q.relevant.every((r) => ids.has(r) || r.startsWith(DEMO_PREFIX)),
        );
        if (!set.length) continue;
        languages[lang] = await searchOver(server.url, created.token, set, ids, titles);
      }
    } finally {
      await server.stop();
    }
    const after = openDatabase(file).db;
    const related = await relatedOver(after, ids);
    await after.destroy();
    return {
      setting,
      writeups: Number(n),
      seconds: (performance.now() - started) / 1000,
      languages,
      related,
      note,
    };
  } finally {
    if (process.env.EVAL_KEEP === "1") log(`  ${setting}: database kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function print(result: SettingResult) {
  log(
    `\n== ${result.setting}: ${result.writeups.toLocaleString("en")} published write-ups (${result.seconds.toFixed(0)} s)${result.note ? ` — ${result.note}` : ""}`,
  );
  for (const [lang, r] of Object.entries(result.languages)) {
    log(
      `  ${lang}  all       ${formatScores(r.report.all)}  [request ms p50 ${r.ms.p50}, p95 ${r.ms.p95}, max ${r.ms.max}]`,
    );
    log(`  ${lang}  tuned     ${formatScores(r.report.tuned)}`);
    log(`  ${lang}  held-out  ${formatScores(r.report.heldOut)}`);
    for (const [kind, s] of Object.entries(r.report.byKind))
      log(`  ${lang}    ${kind.padEnd(16)}${formatScores(s)}`);
  }
  // The ticket page shows five related write-ups: reciprocal rank and recall within those five.
  for (const lang of ["en", "ko"] as const) {
    const r = result.related[lang];
    for (const [which, s] of [
      ["all     ", r.all],
      ["held-out", r.heldOut],
    ] as const)
      log(
        `  related ${lang} ${which}  MRR@5 ${s.mrr10.toFixed(3)}  R@5 ${s.recall5.toFixed(3)}  unrelated in the top 5 ${s.unrelated5.toFixed(2)}  (n=${s.n})`,
      );
    const none = result.related.unanswered[lang];
    log(
      `  related ${lang} nothing answers: ${none.shown.toFixed(2)} write-ups shown a ticket (n=${none.n})`,
    );
  }
}

const pair = (s: { mrr10: number; recall5: number } | undefined) =>
  s ? `${s.mrr10.toFixed(3)} / ${s.recall5.toFixed(3)}` : "—";

/** One line per setting, as the issue quotes them: MRR@10 / recall@5. */
function summary(results: readonly SettingResult[]) {
  log("\nMRR@10 / recall@5 (related: MRR@5 / recall@5)");
  const head = [
    "setting",
    "en all",
    "en held-out",
    "ko all",
    "ko held-out",
    "related en",
    "related ko",
  ];
  log(head.map((h, i) => h.padEnd(i === 0 ? 14 : 15)).join(""));
  for (const r of results) {
    const cells = [
      r.setting,
      pair(r.languages.en?.report.all),
      pair(r.languages.en?.report.heldOut),
      pair(r.languages.ko?.report.all),
      pair(r.languages.ko?.report.heldOut),
      pair(r.related.en.all),
      pair(r.related.ko.all),
    ];
    log(cells.map((c, i) => c.padEnd(i === 0 ? 14 : 15)).join(""));
  }
}

function printMisses(result: SettingResult) {
  for (const [lang, r] of Object.entries(result.languages))
    for (const m of r.misses)
      log(
        `  miss ${lang} ${m.id} [${m.kind}] “${m.query}” → ${m.rank === null ? "not in top 10" : `rank ${m.rank}`}; top: ${m.top.join(" | ")}`,
      );
  for (const m of result.related.misses) log(`  miss related ${m.id}; top: ${m.top.join(" | ")}`);
}

async function main() {
  ensureFreshBuild();
  const english = englishCorpus();
  if (!english) log(`English corpus not found at ${postmortemsFile()}: measuring Korean only.`);
  const corpus = [...(english ?? []), ...koreanCorpus()];
  const only = process.env.EVAL_ONLY?.split(",").map((s) => s.trim());
  const settings = SETTINGS.filter(
    (s) => (only ? only.includes(s) : true) && (s === "demo" || process.env.EVAL_LARGE !== "0"),
  );
  const results: SettingResult[] = [];
  for (const setting of settings) {
    log(`Measuring ${setting}…`);
    const result = await runSetting(setting, corpus);
    print(result);
    if (process.env.EVAL_MISSES === "1") printMisses(result);
    results.push(result);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
  }
  if (migratedDataset) fs.rmSync(migratedDataset.dir, { recursive: true, force: true });
  summary(results);
  log(`\nWritten to ${path.relative(process.cwd(), OUT)}`);
}

await main();
