// Server memory with search at 100,000 write-ups (issue 11's goal: RSS ≤ 400 MB). Starts the built
// server (`npm run build` first) on a copy of a large database, sends a mix of English and Korean
// searches (common and rare words, prefixes, typos, pasted errors, phrases) through
// GET /api/search, and prints the server's resident memory before and after.
//
//   npx tsx tests/bench/search-rss.ts                   the benchmark dataset (bench/dataset.db)
//   RSS_DB=/path/with-100k.db npx tsx tests/bench/search-rss.ts
import fs from "node:fs";
import path from "node:path";
import { migrateToLatest, openDatabase } from "#db/client";
import { createApiToken } from "~/auth/api-tokens.server";
import { tempDir } from "../support/db";
import ensureFreshBuild from "../support/fresh-build";
import { startServer } from "../support/server";
import { DEFAULT_DATASET } from "./dataset";

const QUERIES = [
  "payment",
  "error",
  "invoice",
  "failed",
  "customer",
  "timeout",
  "the",
  "the payment error",
  "quiescent",
  "ERR_IMPORT_ABORTED",
  '"out of memory"',
  '"invoice export"',
  "invo",
  "notif",
  "pay",
  "invoice exp",
  "invoce",
  "notifcation worker",
  "paymnet declined",
  "TypeError: Cannot read properties of undefined (reading 'email')",
  "ERR_PAYMENT_DECLINED decline_code=do_not_honor",
  "결제 오류",
  "정산 파일 인코딩",
  "알림톡 발송 실패",
  "결제를 못 함",
  "타임아웃",
  "세션 만료",
  "쿠키",
  "error when the request failed",
  "payment invoice error request failed",
];

const rssMb = (pid: number) => {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : Number.NaN;
};

ensureFreshBuild();
const source = path.resolve(process.env.RSS_DB ?? DEFAULT_DATASET);
const dir = tempDir("koan-rss-");
const file = path.join(dir, "koan.db");
fs.copyFileSync(source, file);
const opened = openDatabase(file);
await migrateToLatest(opened.db);
const lead = await opened.db
  .selectFrom("users")
  .select("id")
  .where("role", "=", "lead")
  .executeTakeFirstOrThrow();
const created = await createApiToken(opened.db, { userId: lead.id, name: "rss" });
if (!created.ok) throw new Error("could not create an API token");
const { n } = await opened.db
  .selectFrom("writeups")
  .select((eb) => eb.fn.countAll<number>().as("n"))
  .executeTakeFirstOrThrow();
opened.sqlite.pragma("wal_checkpoint(TRUNCATE)");
await opened.db.destroy();

const server = await startServer({ SEED_ON_EMPTY: "false" }, { dbFile: file });
try {
  const atStart = rssMb(server.pid);
  let peak = atStart;
  for (const round of [1, 2])
    for (const q of QUERIES) {
      const response = await fetch(`${server.url}/api/search?${new URLSearchParams({ q })}`, {
        headers: { Authorization: `Bearer ${created.token}` },
      });
      if (!response.ok) throw new Error(`${q}: ${response.status} (round ${round})`);
      await response.json();
      peak = Math.max(peak, rssMb(server.pid));
    }
  const after = rssMb(server.pid);
  process.stdout.write(
    `Server RSS, ${Number(n).toLocaleString("en")} write-ups, ${QUERIES.length} queries twice: ` +
      `${atStart.toFixed(0)} MB at start, ${after.toFixed(0)} MB after, peak ${peak.toFixed(0)} MB ` +
      `(goal ≤ 400 MB: ${peak <= 400 ? "met" : "NOT MET"})\n`,
  );
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
