import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "#db/client";
import { relatedWriteupsForTicket } from "~/knowledge/capture.server";
import { searchWriteups } from "~/knowledge/search.server";
import { reportSearchMiss } from "~/knowledge/search-page.server";
import { ensureDataset } from "../bench/dataset";
import { type TestDatabase, tempDir } from "../support/db";

// Issue 11 item 4 / issue 12 item 1: no search may hold the process, whatever its text, at
// 100,000 write-ups. (166 copies of a quoted phrase held it for 88 s; a ticket whose title and
// body held them, 14 s each time its page computed related write-ups.) Every search here runs
// in-process on a migrated copy of the benchmark dataset while a ticker measures the longest
// stretch the event loop was held. KOAN_BENCH_DATASET names another dataset file to copy.

/**
 * The longest the process may be held, in CPU time between two turns of the event loop (on a
 * shared, loaded machine, wall-clock gaps also count time the OS gave to others; both printed).
 */
const MAX_BLOCK_MS = 200;
/** A first search of words in nearly every write-up computes their lists: slow, but never holding. */
const MAX_TOTAL_MS = 90_000;

const SEARCH_DATASET = path.resolve("bench/search-dataset.db");
const SEARCH_SIZE = { users: 200, tickets: 300, assignments: 30, writeups: 100_000 };

let t: TestDatabase;
beforeAll(async () => {
  // 100,000 write-ups is what matters here; the people, tickets and assignments around them are
  // kept few so CI builds this file in under a minute (the full bench dataset takes ten).
  const source = process.env.KOAN_BENCH_DATASET ?? SEARCH_DATASET;
  await ensureDataset(source, process.env.KOAN_BENCH_DATASET ? undefined : SEARCH_SIZE);
  const dir = tempDir("koan-bound-");
  const file = path.join(dir, "koan.db");
  fs.copyFileSync(source, file);
  const opened = openDatabase(file);
  await migrateToLatest(opened.db);
  t = {
    ...opened,
    file,
    close: async () => {
      await opened.db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}, 1_800_000);
afterAll(async () => {
  await t?.close();
});

/** Runs `work`, measuring the longest the event loop went without a turn (CPU and wall time). */
async function held(work: () => Promise<unknown>) {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = 0;
  let longestWall = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    longest = Math.max(longest, (cpu.user + cpu.system) / 1000);
    longestWall = Math.max(longestWall, now - last);
    last = now;
    lastCpu = process.cpuUsage();
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const start = performance.now();
  await work();
  const total = performance.now() - start;
  running = false;
  return { longest, longestWall, total };
}

const FLOOD = Array.from({ length: 166 }, () => '"1 2"').join(" ");
const DIFFERENT = Array.from({ length: 110 }, (_, i) => `"${i} ${i + 1}"`).join(" ");
const WORDY = Array.from({ length: 200 }, (_, i) => `the payment error ${i} when failed`).join(" ");

const CASES: [string, () => Promise<unknown>][] = [
  ["166 copies of one quoted phrase", () => searchWriteups(t.db, { q: FLOOD })],
  ["110 different short phrases", () => searchWriteups(t.db, { q: DIFFERENT })],
  ["the API's page of 50", () => searchWriteups(t.db, { q: `${DIFFERENT} payment`, limit: 50 })],
  ["a long paste of common words", () => searchWriteups(t.db, { q: WORDY })],
  ["one word in nearly every write-up", () => searchWriteups(t.db, { q: "the" })],
  // Typed as a name: its pair is looked up side by side too, among the words' many holders.
  ["two common words typed as a name", () => searchWriteups(t.db, { q: "payment error" })],
  [
    "related write-ups of a ticket made from a GitHub issue full of phrases",
    () => relatedWriteupsForTicket(t.db, { id: -1, title: FLOOD.slice(0, 200), body: FLOOD }),
  ],
  // Each error code a ticket quotes is searched alone (search-related's quotedCodes): these are
  // among the dataset's commonest, each quoted by thousands of write-ups.
  [
    "related write-ups of a ticket quoting common error codes",
    () =>
      relatedWriteupsForTicket(t.db, {
        id: -1,
        title: "ERR_PAYMENT_TIMEOUT then ERR_EXPORT_TIMEOUT",
        body: "ERR_OTP_INVALID ERR_PAYMENT_DECLINED ECONNRESET TypeError ".repeat(50),
      }),
  ],
  ["a missed search recorded", () => reportSearchMiss(t.db, { q: DIFFERENT, reporterId: 1 })],
  [
    "six typos, read in pairs and beside their neighbours",
    () => searchWriteups(t.db, { q: "tha paymnt erorr wen requst faild" }),
  ],
  [
    "unknown Hangul compounds, read as their parts",
    () =>
      searchWriteups(t.db, { q: "주문날짜정산배치 결재버튼연타 캐시키오루 결재오루정산배치중딘" }),
  ],
  [
    "words typed in the other keyboard mode, each read and counted",
    () =>
      searchWriteups(t.db, {
        q: "dpfj rufwp tptus aksfy qovh xkdladkdnt ㅇㄷㅁ이ㅐ차 ㅠㅕㅅ새ㅜ 샤ㅡ대ㅕㅅ ㅊㅁ촏",
      }),
  ],
  // Each word's English partners are looked up as typed words are: whole, written apart, and in
  // the forms the stemmer indexes apart.
  [
    "six Korean words with English partners",
    () =>
      searchWriteups(t.db, { q: "타임아웃 로그아웃 디플로이먼트 데이터베이스 동시성 게이트웨이" }),
  ],
  [
    "a Korean word halfway through its last syllable",
    () => searchWriteups(t.db, { q: "결제 오류 세" }),
  ],
  // An identifier typed in part reads the index's own term list from the prefix: "err_" begins
  // hundreds of the dataset's error codes, each counted.
  ["identifiers typed in part", () => searchWriteups(t.db, { q: "timeout err_" })],
  ["an identifier's first letters", () => searchWriteups(t.db, { q: "err_e" })],
  // Words typed in a row are looked for inside the identifiers holding them: "payment timeout"
  // is inside err_payment_timeout, one of the dataset's commonest error codes.
  [
    "words typed in a row, inside error codes",
    () =>
      searchWriteups(t.db, {
        q: "payment timeout export timeout otp invalid payment declined not found payment lock",
      }),
  ],
  // Phrases of the synonym table (migration 0051), of the index's commonest words, each met by
  // its short name, and the short names met by the phrases.
  [
    "the synonym table's phrases and short names, over and over",
    () =>
      searchWriteups(t.db, {
        q: Array.from({ length: 30 }, () => "out of memory time to live oom eol end of life").join(
          " ",
        ),
      }),
  ],
  ["a phrase of the synonym table typed", () => searchWriteups(t.db, { q: "end of life" })],
  [
    // Read as typed whatever its function words: each word met written apart or joined.
    "a typed sentence of function words and words run together",
    () =>
      searchWriteups(t.db, {
        q: "the healthcheck about the datacenter after the filesystem before the failover would",
      }),
  ],
];

describe("bounded search work at 100,000 write-ups", () => {
  for (const [name, work] of CASES) {
    it(`${name}: never holds the process`, async () => {
      // Twice: the first search of new words computes what later ones reuse.
      for (const round of ["first", "again"]) {
        const { longest, longestWall, total } = await held(work);
        process.stdout.write(
          `  ${name} (${round}): longest hold ${longest.toFixed(1)} ms CPU (${longestWall.toFixed(1)} ms wall), ${total.toFixed(0)} ms in all\n`,
        );
        expect(longest).toBeLessThan(MAX_BLOCK_MS);
        expect(total).toBeLessThan(MAX_TOTAL_MS);
      }
    }, 120_000);
  }
});
