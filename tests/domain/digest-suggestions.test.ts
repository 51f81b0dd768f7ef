import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runOutboxOnce, smtpSender } from "~/lib/outbox-worker.server";
import { queueDailyDigests } from "~/mentoring/digest.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import type { TestDatabase } from "../support/db";
import { closeMailTest, openMailTest } from "../support/mail-test";
import type { SmtpReceiver } from "../support/smtp";

// A newcomer without a ticket is not mailed the same "starter tickets suggested" every morning:
// their digest goes when the tickets it suggests change, else once a week (real SMTP receiver).

let t: TestDatabase;
let smtp: SmtpReceiver;
let lead: number;
beforeEach(async () => {
  ({ t, smtp } = await openMailTest());
  lead = await buildTestUser(t.db, "lead");
});
afterEach(() => closeMailTest({ t, smtp }));

/** 08:00 UTC on `d` November 2026 (after 07:00 for UTC people). */
const morning = (d: number) => new Date(Date.UTC(2026, 10, d, 8));
const starter = (title: string) =>
  createTicket(t.db, {
    actorId: lead,
    ticket: { title, body: "", component: "web", labels: [], difficulty: 1, starter: true },
  });

/** Queues the morning's digests and sends them; the mails that reached `to` that morning. */
async function dayOf(d: number, to: string) {
  const before = smtp.mails.length;
  await queueDailyDigests(t.db, { workingDays: 3 }, morning(d));
  // Later checks the same day change nothing.
  await queueDailyDigests(t.db, { workingDays: 3 }, new Date(morning(d).getTime() + 3600_000));
  await runOutboxOnce(
    t.db,
    { owner: "test", mail: smtpSender(smtp.url, "Koan <k@example.test>") },
    () => new Date(morning(d).getTime() + 7200_000),
  );
  return smtp.mails.slice(before).filter((m) => m.to.includes(to));
}

describe("a newcomer without a ticket", () => {
  it("is mailed the suggested tickets when they change, else at most once a week", async () => {
    await buildTestUser(t.db, "newcomer", { email: "free@example.test", locale: "ko" });
    await starter("Login button misaligned");
    // Day 1: the first digest.
    const first = await dayOf(2, "free@example.test");
    expect(first).toHaveLength(1);
    expect(first[0]?.decoded).toContain("Login button misaligned");
    // Days 2 to 7: the same suggestion, no mail; marked skipped, once a day.
    for (let d = 3; d <= 8; d++) expect(await dayOf(d, "free@example.test")).toEqual([]);
    const skipped = await t.db
      .selectFrom("outbox")
      .select(["status", "last_error"])
      .where("recipient", "=", "free@example.test")
      .where("status", "=", "skipped")
      .execute();
    expect(skipped).toHaveLength(6);
    expect(skipped[0]?.last_error).toContain("2026-11-02");
    // Day 8: a week after the last one, the same list once more, as a reminder.
    expect(await dayOf(9, "free@example.test")).toHaveLength(1);
    expect(await dayOf(10, "free@example.test")).toEqual([]);
    // A new starter ticket changes what it says: it comes the next morning.
    await starter("Typo on the invoice page");
    const changed = await dayOf(11, "free@example.test");
    expect(changed).toHaveLength(1);
    expect(changed[0]?.decoded).toContain("Typo on the invoice page");
    expect(await dayOf(12, "free@example.test")).toEqual([]);
  });
});
