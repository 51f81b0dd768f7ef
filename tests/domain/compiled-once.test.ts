import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "#db/client";
import { compiledOnce } from "~/lib/compiled-once.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let one: TestDatabase;
let two: TestDatabase;

async function addPeople(db: DB, names: string[]) {
  for (const [i, name] of names.entries()) {
    await db
      .insertInto("users")
      .values({
        email: `${name.toLowerCase()}@koan.test`,
        name,
        role: i === 0 ? "lead" : "newcomer",
        status: "active",
        password_hash: null,
        start_date: null,
        capacity: null,
        created_at: "2026-01-01T00:00:00.000Z",
        updated_at: "2026-01-01T00:00:00.000Z",
      })
      .execute();
  }
}

beforeAll(async () => {
  one = await createTestDatabase();
  two = await createTestDatabase();
  await addPeople(one.db, ["Ana", "Ben", "Cho"]);
  await addPeople(two.db, ["Dia", "Eun"]);
});
afterAll(async () => {
  await one.close();
  await two.close();
});

describe("compiledOnce", () => {
  it("builds the query once, and answers each call with its own arguments, on any database", async () => {
    let built = 0;
    const people = compiledOnce((db: DB, role: "lead" | "newcomer", after: number) => {
      built++;
      return db
        .selectFrom("users")
        .select(["id", "name"])
        .where("role", "=", role)
        .where("id", ">", after)
        .orderBy("id");
    });
    const byBuilder = (db: DB, role: "lead" | "newcomer", after: number) =>
      db
        .selectFrom("users")
        .select(["id", "name"])
        .where("role", "=", role)
        .where("id", ">", after)
        .orderBy("id")
        .execute();

    for (const [db, role, after] of [
      [one.db, "newcomer", 0],
      [one.db, "newcomer", 2],
      [one.db, "lead", 0],
      [two.db, "newcomer", 0],
      [two.db, "lead", 5],
    ] as const) {
      expect(await people(db, role, after)).toEqual(await byBuilder(db, role, after));
    }
    expect((await people(one.db, "newcomer", 0)).map((p) => p.name)).toEqual(["Ben", "Cho"]);
    expect(built).toBe(1);
  });

  it("refuses a query that doesn't send an argument as one of its parameters", async () => {
    const shaped = compiledOnce((db: DB, limit: number) =>
      db
        .selectFrom("users")
        .select("id")
        .limit(limit > 1 ? 10 : 1),
    );
    await expect(shaped(one.db, 5)).rejects.toThrow(/every argument/);
  });
});
