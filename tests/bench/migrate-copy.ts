// Migrates a copy of a database file (the 100,000-write-up bench dataset) to the latest schema:
//   npx tsx tests/bench/migrate-copy.ts /tmp/copy.db
import { migrateToLatest, openDatabase } from "#db/client";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx tests/bench/migrate-copy.ts <database file>");
const { db } = openDatabase(file);
const start = performance.now();
const { results, error } = await migrateToLatest(db);
process.stdout.write(
  `${(results ?? []).map((r) => `${r.migrationName}: ${r.status}`).join("\n")}${error ? `\nfailed: ${String(error)}` : ""}\n${((performance.now() - start) / 1000).toFixed(1)} s\n`,
);
await db.destroy();
