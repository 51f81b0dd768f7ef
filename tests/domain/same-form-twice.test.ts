import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWriteupByHand, type WriteupInput } from "~/knowledge/writeups.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// The same form sent twice (a double click, a browser resending it) makes one thing, not two.

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

const T0 = new Date("2026-11-02T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

const content: WriteupInput = {
  title: "Invoice PDF shows the wrong currency",
  symptom: "Totals in KRW show a $ sign.",
  component: "billing",
  rootCause: "The template ignored the locale.",
  fix: "Format with the invoice's currency.",
  debugging: "",
  resolution: "fixed",
  tags: ["pdf"],
  links: [],
  toil: [],
};

describe("a new write-up's form sent twice", () => {
  it("makes one write-up; a different one, another author's, or the same a while later are new", async () => {
    const author = await buildTestUser(t.db, "mentor");
    const other = await buildTestUser(t.db, "mentor");
    const send = (ms: number, over: Partial<WriteupInput> = {}, authorId = author) =>
      createWriteupByHand(
        t.db,
        { authorId, writeup: { ...content, ...over }, status: "published" },
        at(ms),
      );
    const [first, second] = await Promise.all([send(0), send(300)]);
    expect(second).toBe(first);
    const changed = await send(400, { fix: "Format with Intl.NumberFormat." });
    const someoneElse = await send(500, {}, other);
    const later = await send(5 * 60_000);
    expect(new Set([first, changed, someoneElse, later]).size).toBe(4);
    const rows = await t.db
      .selectFrom("writeups")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(4);
    // Published once: one announcement, not two.
    const audit = await t.db
      .selectFrom("audit_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("subject_id", "=", first)
      .where("action", "=", "writeup.created")
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBe(1);
  });
});
