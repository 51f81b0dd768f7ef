import { sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { writeInSlices } from "~/lib/write-slices.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { turnsDuring } from "../support/wait";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  await sql`create table slice_items (n integer not null, tx integer not null)`.execute(t.db);
});
afterEach(async () => {
  await t.close();
});

/** Holds the thread for `ms`, as a slow row (labels, history, search index) does. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

it("commits when a transaction's slice of time is used, and serves others in between", async () => {
  const total = 40;
  let transactions = 0;
  const steps: number[] = [];
  const turns = await turnsDuring(() =>
    writeInSlices(
      t.db,
      total,
      async (trx, from, due) => {
        transactions++;
        let at = from;
        for (; at < total && (at === from || !due()); at++) {
          busy(4);
          await sql`insert into slice_items (n, tx) values (${at}, ${transactions})`.execute(trx);
        }
        return at;
      },
      (done) => steps.push(done),
    ),
  );
  expect(steps.at(-1)).toBe(total);
  // 4 ms a row and a slice of about 15 ms: a few rows per transaction (a slower machine, fewer).
  const perTransaction = await sql<{ n: number }>`
    select count(*) as n from slice_items group by tx`.execute(t.db);
  expect(perTransaction.rows.length).toBe(transactions);
  expect(Math.max(...perTransaction.rows.map((r) => r.n))).toBeLessThan(10);
  expect(turns).toBeGreaterThan(0);
  const { rows } = await sql<{ n: number }>`select count(distinct n) as n from slice_items`.execute(
    t.db,
  );
  expect(rows[0]?.n).toBe(total);
});

it("refuses a step that handles nothing, instead of looping forever", async () => {
  await expect(writeInSlices(t.db, 3, async (_trx, from) => from)).rejects.toThrow(
    /handled nothing/,
  );
});
