import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { TURN_BUDGET_MS } from "#db/turns";
import { createTestDatabase, type TestDatabase } from "../support/db";

// A chain of awaited statements must let the event loop's other work in (new connections,
// /healthz, other requests) once it has held a turn for TURN_BUDGET_MS: better-sqlite3 answers
// synchronously, so without that the chain ran in one pass of the microtask queue.

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

/** Counts the event loop's turns (its immediates) until stopped. */
function turnCounter() {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      running = false;
      return turns;
    },
  };
}

// A statement costing a few milliseconds, Korean text included so the test reads like the rest.
const busyStatement = sql<{ n: number }>`
  with recursive c(x) as (select 1 union all select x + 1 from c limit 20000)
  select count(*) as n from c where '결제 오류' || x like '%7%'`;

describe("statements sent back to back", () => {
  it("give the event loop a turn once they have held it for the budget", async () => {
    database = await createTestDatabase();
    const { db } = database;
    // Start from a fresh turn.
    await new Promise((resolve) => setImmediate(resolve));
    const counter = turnCounter();
    // Five budgets of this process's own CPU time, not of the clock: on a busy machine the clock
    // ran on while the process waited for a core, and one statement spanned several budgets.
    // A turn is due once a run of statements has held the loop for a budget (by the clock, which
    // runs at least as fast): each run holds at most a budget and one statement of CPU time.
    const started = process.cpuUsage();
    const cpuMs = () => {
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    };
    let statements = 0;
    while (cpuMs() < 5 * TURN_BUDGET_MS) {
      await busyStatement.execute(db);
      statements++;
    }
    const turns = counter.stop();
    expect(statements).toBeGreaterThan(3);
    // At least one turn for every budget spent after the first.
    expect(turns).toBeGreaterThanOrEqual(3);
  });

  it("inside a transaction keep the connection: another statement waits for the commit", async () => {
    database = await createTestDatabase();
    const { db } = database;
    await sql`create table probe (n integer)`.execute(db);
    const seen: number[] = [];
    const writing = db.transaction().execute(async (trx) => {
      const started = performance.now();
      let n = 0;
      while (performance.now() - started < 3 * TURN_BUDGET_MS) {
        await busyStatement.execute(trx);
        await sql`insert into probe (n) values (${++n})`.execute(trx);
      }
      return n;
    });
    // Sent while the transaction is yielding its turns: it must see all of it or none of it.
    await new Promise((resolve) => setImmediate(resolve));
    const { rows } = await sql<{ n: number }>`select count(*) as n from probe`.execute(db);
    seen.push(rows[0]?.n ?? -1);
    const written = await writing;
    expect(written).toBeGreaterThan(1);
    expect(seen).toEqual([written]);
  });
});
