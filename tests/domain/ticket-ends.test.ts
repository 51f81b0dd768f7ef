import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWriteupByHand } from "~/knowledge/writeups.server";
import { translate } from "~/lib/i18n/catalogs.server";
import { claimTicket } from "~/mentoring/claims.server";
import { listNotifications } from "~/mentoring/notifications.server";
import { inboxCounts } from "~/mentoring/notify.server";
import {
  closeAsDuplicate,
  handleGithubWebhook,
  updateTicket,
} from "~/mentoring/ticket-status.server";
import { signGithubPayload } from "~/tickets/github.server";
import { findTicketIdBySource } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { claimStarter } from "../support/fixtures";

// A ticket someone is working on ends without its checkpoints (closed by hand, as a duplicate,
// on GitHub, or put back in the queue): the newcomer and the mentor on it are told, not the
// person who did it, and the news is new in their inbox.

let t: TestDatabase;
let lead: number;
let mentor: number;
let newcomer: number;
beforeEach(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  mentor = await buildTestUser(t.db, "mentor", { capacity: 5, name: "Tomás Rivera" });
  newcomer = await buildTestUser(t.db, "newcomer", { name: "한지우", locale: "ko" });
});
afterEach(async () => {
  await t.close();
});

const T0 = new Date("2026-11-02T09:00:00Z");
const later = (hours: number) => new Date(T0.getTime() + hours * 3600_000);

/** The user's inbox items as they read them (in `locale`), newest first. */
async function inbox(userId: number, locale: "en" | "ko" = "en") {
  const tr = translate(locale);
  const { groups } = await listNotifications(t.db, userId);
  return groups
    .flatMap((g) => g.items)
    .map((i) => ({ ...i, title: tr.msg(i.title), body: tr.msg(i.body) }));
}

describe("a worked ticket that ends without its checkpoints", () => {
  it("closed as a duplicate by a lead: the newcomer (in Korean) and the mentor are told, once", async () => {
    const { ticketId, assignmentId } = await claimStarter(
      t.db,
      { lead, newcomer, mentor, title: "합계가 $로 표시됨" },
      T0,
    );
    const writeupId = await createWriteupByHand(t.db, {
      authorId: mentor,
      status: "published",
      writeup: {
        title: "Invoice totals in KRW show $",
        symptom: "Totals show a $ sign.",
        component: "billing",
        rootCause: "The template ignored the locale.",
        fix: "Format with the invoice's currency.",
        debugging: "",
        resolution: "fixed",
        tags: [],
        links: [],
        toil: [],
      },
    });
    // The lead agreed to end the assignment the page named (closing asks first).
    const result = await closeAsDuplicate(
      t.db,
      { ticketId, writeupId, actor: { id: lead, role: "lead" }, endsAssignment: assignmentId },
      later(1),
    );
    expect(result).toEqual({ ok: true });
    const told = (await inbox(newcomer, "ko")).filter((i) => i.title.includes("닫혔어요"));
    expect(told).toMatchObject([
      { title: "합계가 $로 표시됨 티켓이 닫혔어요", unread: true, link: `/tickets/${ticketId}` },
    ]);
    expect(told[0]?.body).toContain("다른 티켓을 맡으세요");
    const mentorTold = (await inbox(mentor)).filter((i) => i.title.endsWith("was closed"));
    expect(mentorTold).toHaveLength(1);
    expect(mentorTold[0]?.body).toContain("한지우's assignment on it ends here");
    expect((await inboxCounts(t.db, mentor)).open).toBeGreaterThan(0);
    expect(await inbox(lead)).toEqual([]);
  });

  it("put back in the queue by its mentor: the newcomer is told, the mentor is not", async () => {
    const { ticketId } = await claimStarter(
      t.db,
      { lead, newcomer, mentor, title: "Login button misaligned" },
      T0,
    );
    const ticket = {
      title: "Login button misaligned",
      body: "",
      component: "billing",
      labels: [],
      difficulty: 1,
      starter: true,
    };
    expect(
      await updateTicket(t.db, { actorId: mentor, ticketId, ticket, status: "open" }, later(1)),
    ).toBe("updated");
    expect((await inbox(newcomer)).map((i) => [i.kind, i.title, i.unread])).toContainEqual([
      "claim_released",
      "Login button misaligned went back to the queue",
      true,
    ]);
    expect((await inbox(mentor)).filter((i) => i.title.includes("went back"))).toEqual([]);
  });

  it("closed on GitHub: both are told", async () => {
    const deliver = (action: string, n: number) => {
      const payload = JSON.stringify({
        action,
        issue: {
          number: 42,
          title: "Invoice total rounds the wrong way",
          body: "",
          html_url: "https://github.com/koan-org/billing/issues/42",
          state: action === "closed" ? "closed" : "open",
          state_reason: action === "closed" ? "completed" : null,
          labels: [{ id: 1, name: "good first issue", color: "d73a4a" }],
          user: { login: "octocat", id: 1 },
        },
        repository: { id: 7, name: "billing", full_name: "koan-org/billing" },
        sender: { login: "octocat" },
      });
      return handleGithubWebhook(
        t.db,
        {
          headers: new Headers({
            "Content-Type": "application/json",
            "X-GitHub-Event": "issues",
            "X-GitHub-Delivery": `delivery-${n}`,
            "X-Hub-Signature-256": signGithubPayload("secret", payload),
          }),
          rawBody: payload,
          secret: "secret",
          starterLabels: ["good first issue"],
        },
        later(n),
      );
    };
    await deliver("opened", 0);
    const ticketId = await findTicketIdBySource(t.db, "github", "koan-org/billing#42");
    expect(ticketId).not.toBeNull();
    const claim = await claimTicket(
      t.db,
      { ticketId: ticketId ?? 0, newcomerId: newcomer, mentorId: mentor, defaultLimit: 5 },
      later(1),
    );
    expect(claim.ok).toBe(true);
    await deliver("closed", 2);
    for (const userId of [newcomer, mentor]) {
      expect(
        (await inbox(userId)).filter(
          (i) => i.title === "Invoice total rounds the wrong way was marked resolved" && i.unread,
        ),
        `user ${userId}`,
      ).toHaveLength(1);
    }
  });
});
