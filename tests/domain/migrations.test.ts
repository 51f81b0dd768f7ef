import { Migrator, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "#db/client";
import { migrations } from "#db/migrations/index";
import { insertWriteup } from "~/knowledge/writeups.server";
import { buildTestUser } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { writeupInput } from "../support/fixtures";

describe("migrations", () => {
  const opened: { close(): void }[] = [];
  afterEach(() => {
    for (const o of opened.splice(0)) o.close();
  });

  it("migrate an empty file to the latest schema, then change nothing when run again", async () => {
    const { db, sqlite } = openDatabase(`${tempDir()}/nested/folder/koan.db`);
    opened.push(sqlite);
    const first = await migrateToLatest(db);
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(
      Object.keys(migrations).map((name) => [name, "Success"]),
    );
    const schemaBefore = sqlite.prepare("select name, sql from sqlite_master order by name").all();

    const second = await migrateToLatest(db);
    expect(second.results).toEqual([]);
    expect(sqlite.prepare("select name, sql from sqlite_master order by name").all()).toEqual(
      schemaBefore,
    );
  });

  it("gather the planner's statistics again for a new index, where the database keeps them", async () => {
    const { db, sqlite } = openDatabase(`${tempDir()}/koan.db`);
    opened.push(sqlite);
    const names = Object.keys(migrations);
    const before = names[names.indexOf("0023_writeup_review_due") - 1] as string;
    await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(
      before,
    );
    // Write-ups to gather statistics on (an empty table gets none per index).
    const author = await buildTestUser(db, "mentor");
    for (const title of ["결제 재시도가 두 번 돌아요", "Export stalls", "세션이 만료돼요"])
      await insertWriteup(db, {
        authorId: author,
        status: "published",
        writeup: writeupInput({ title }),
      });
    sqlite.exec("analyze");
    await migrateToLatest(db);
    const analyzed = sqlite
      .prepare("select idx from sqlite_stat1 where tbl = 'writeups'")
      .pluck()
      .all();
    expect(analyzed).toEqual(
      expect.arrayContaining(["writeups_review_due", "writeups_published_authors"]),
    );

    // A database without statistics is left without them.
    const { db: plain, sqlite: plainFile } = openDatabase(`${tempDir()}/koan.db`);
    opened.push(plainFile);
    await migrateToLatest(plain);
    expect(
      plainFile.prepare("select name from sqlite_master where name = 'sqlite_stat1'").all(),
    ).toEqual([]);
  });

  it("open the file with WAL, foreign keys, NORMAL sync and a busy timeout", () => {
    const { sqlite } = openDatabase(`${tempDir()}/koan.db`);
    opened.push(sqlite);
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(1000);
  });

  it("query through the typed schema, with case-insensitive unique e-mails", async () => {
    const { db, sqlite } = openDatabase(`${tempDir()}/koan.db`);
    opened.push(sqlite);
    await migrateToLatest(db);
    const now = new Date().toISOString();
    const base = {
      name: "Ana",
      role: "newcomer" as const,
      status: "active" as const,
      password_hash: null,
      start_date: "2026-09-01",
      capacity: null,
      created_at: now,
      updated_at: now,
    };
    await db
      .insertInto("users")
      .values({ ...base, email: "ana@koan.test" })
      .execute();
    const row = await db
      .selectFrom("users")
      .select(["email", "role"])
      .where("email", "=", "ANA@koan.test")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: "ana@koan.test", role: "newcomer" });
    await expect(
      db
        .insertInto("users")
        .values({ ...base, email: "Ana@Koan.Test" })
        .execute(),
    ).rejects.toThrow(/UNIQUE/);
    await expect(
      sql`insert into users (email, name, role, created_at, updated_at) values ('x@koan.test', 'X', 'admin', '', '')`.execute(
        db,
      ),
    ).rejects.toThrow(/CHECK/);
  });
});
