import { performance } from "node:perf_hooks";
import { openDatabase } from "#db/client";
import { searchWriteups } from "~/knowledge/search.server";
import { groupScoresSettled } from "~/knowledge/search-group-scores.server";
import { warmSearch } from "~/knowledge/search-vocabulary.server";
const { db } = openDatabase(process.env.DB as string);
await warmSearch(db);
const qs = process.argv.slice(2);
for (const q of qs) for (let i = 0; i < 5; i++) await searchWriteups(db, { q, limit: 20 });
await groupScoresSettled(db);
for (const q of qs) {
  const t: number[] = [];
  for (let i = 0; i < Number(process.env.N ?? 40); i++) {
    const s = performance.now();
    await searchWriteups(db, { q, limit: 20 });
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  console.log(q.slice(0, 60).padEnd(60), "p50", t[t.length >> 1]?.toFixed(2), "p95", t[Math.floor(t.length * 0.95)]?.toFixed(2));
}
process.exit(0);
