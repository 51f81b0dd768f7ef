// A restarted server's first search, for `npm run bench:search`: a new process opens the
// benchmark's database (whose search lists earlier processes kept) and times one search, either
// at once or after the warm-up the server runs once it is listening (warmSearchPath).
//   tsx tests/bench/first-search.ts <database file> <query> [warm]
import { performance } from "node:perf_hooks";
import { openDatabase } from "#db/client";
import { searchWriteups, warmSearchPath } from "~/knowledge/search.server";

const [file, q, warm] = process.argv.slice(2);
if (!file || !q) throw new Error("usage: first-search.ts <database file> <query> [warm]");
const { db } = openDatabase(file);
let warmMs = 0;
if (warm === "warm") {
  const started = performance.now();
  await warmSearchPath(db);
  warmMs = performance.now() - started;
}
const started = performance.now();
const { results } = await searchWriteups(db, { q, limit: 20 });
const ms = performance.now() - started;
await db.destroy();
process.stdout.write(`${JSON.stringify({ ms, warmMs, results: results.length })}\n`);
