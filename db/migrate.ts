import { getDatabase, migrateToLatest } from "./client";

const { db, sqlite } = getDatabase();
const { results = [] } = await migrateToLatest(db);
const applied = results.filter((r) => r.status === "Success").map((r) => r.migrationName);
console.warn(
  applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.",
);
sqlite.close();
