import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPasswordReset } from "~/auth/credentials.server";
import { setMemberStatus } from "~/auth/users.server";
import { countOutbox, listDeliveryProblems } from "~/lib/outbox.server";
import { runOutboxOnce, smtpSender } from "~/lib/outbox-worker.server";
import { buildTestUser } from "../../seeds/builders";
import type { TestDatabase } from "../support/db";
import { closeMailTest, openMailTest } from "../support/mail-test";
import type { SmtpReceiver } from "../support/smtp";

// Mail already queued for a member is not sent once a lead has deactivated them: it is marked
// skipped when its turn comes (against a real SMTP receiver on loopback).

const FROM = "Koan <koan@example.test>";
const T0 = new Date("2026-11-02T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

let t: TestDatabase;
let smtp: SmtpReceiver;
let lead: number;
beforeEach(async () => {
  ({ t, smtp } = await openMailTest());
  lead = await buildTestUser(t.db, "lead");
});
afterEach(() => closeMailTest({ t, smtp }));

const worker = () => ({
  owner: "test",
  mail: smtpSender(smtp.url, FROM),
  host: "koan.example.test",
});

async function queuedReset(email: string) {
  const member = await buildTestUser(t.db, "newcomer", { email });
  const created = await createPasswordReset(
    t.db,
    { actorId: lead, userId: member, validHours: 24 },
    T0,
  );
  if (!created.ok || !created.mailed) throw new Error("reset mail not queued");
  return { member, token: created.token };
}

describe("mail to a deactivated member", () => {
  it("is skipped at send time and marked so, keeping no copy of a one-time link", async () => {
    const { member, token } = await queuedReset("Seojun@Example.test");
    await setMemberStatus(t.db, { actorId: lead, userId: member, status: "deactivated" }, at(500));
    expect(await runOutboxOnce(t.db, worker(), () => at(1000))).toEqual({ sent: 0, failed: 0 });
    expect(smtp.mails).toEqual([]);
    const [row] = await t.db.selectFrom("outbox").selectAll().execute();
    expect(row?.status).toBe("skipped");
    expect(row?.last_error).toContain("deactivated");
    expect(row?.body_text).not.toContain(token);
    // Not a delivery problem for a lead to chase, and not waiting in the queue.
    expect(await listDeliveryProblems(t.db)).toEqual([]);
    expect(await countOutbox(t.db, "email", at(2000))).toEqual({
      pending: 0,
      failed: 0,
      sentLastDay: 0,
    });
    // A later pass does not pick it up again.
    await runOutboxOnce(t.db, worker(), () => at(10 * 60_000));
    expect(smtp.mails).toEqual([]);
  });

  it("is sent when the member was reactivated before its turn", async () => {
    const { member } = await queuedReset("minjun@example.test");
    await setMemberStatus(t.db, { actorId: lead, userId: member, status: "deactivated" }, at(100));
    await setMemberStatus(t.db, { actorId: lead, userId: member, status: "active" }, at(200));
    expect(await runOutboxOnce(t.db, worker(), () => at(1000))).toEqual({ sent: 1, failed: 0 });
    expect(smtp.mails.map((m) => m.to)).toEqual([["minjun@example.test"]]);
  });
});
