import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// A lead's form for one person (Team → the person), through the built server.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function signedInLead() {
  const lead = new Browser(server.url);
  await lead.login("lead@koan.test", DEMO_PASSWORD);
  return lead;
}

describe("a newcomer with a claimed ticket", () => {
  it("is not deactivated, nor given another role, until the ticket is released; the lead is told how, in their language", async () => {
    const claim = await server.db
      .selectFrom("assignments as a")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .select(["a.id", "a.ticket_id as ticketId", "n.id as newcomerId"])
      .where("a.status", "=", "active")
      .where("n.role", "=", "newcomer")
      .orderBy("a.id")
      .executeTakeFirstOrThrow();
    const others = await server.db
      .selectFrom("assignments")
      .select("id")
      .where("newcomer_id", "=", claim.newcomerId)
      .where("status", "=", "active")
      .where("id", "!=", claim.id)
      .execute();
    const lead = await signedInLead();
    const path = `/team/${claim.newcomerId}`;

    const deactivate = await lead.post(path, { intent: "status", status: "deactivated" });
    expect(deactivate.status).toBe(409);
    const count = 1 + others.length;
    expect(await deactivate.text()).toContain(
      `They are still working on ${count} claimed ticket${count === 1 ? "" : "s"}. Release each one first, or reassign it to another newcomer`,
    );
    const promote = await lead.request(path, {
      form: { intent: "update", role: "mentor", capacity: "2", components: "billing" },
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(promote.status).toBe(409);
    expect(await promote.text()).toContain(
      `아직 맡아서 진행 중인 티켓이 ${count}개 있어요. 먼저 각 티켓의 맡기를 해제하거나`,
    );
    // Nothing changed: they can still log in and work the ticket, which is still theirs.
    const person = await server.db
      .selectFrom("users")
      .select(["role", "status"])
      .where("id", "=", claim.newcomerId)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ role: "newcomer", status: "active" });
    const ticket = await server.db
      .selectFrom("tickets")
      .select("status")
      .where("id", "=", claim.ticketId)
      .executeTakeFirstOrThrow();
    expect(ticket.status).toBe("claimed");

    // Released (here by the lead, from the assignment), the change goes through.
    for (const assignmentId of [claim.id, ...others.map((o) => o.id)]) {
      const released = await lead.post(`/assignments/${assignmentId}`, {
        intent: "release_mentee",
        reason: "Leaving the team",
      });
      expect(released.status).toBeLessThan(400);
    }
    const again = await lead.post(path, { intent: "status", status: "deactivated" });
    expect(again.status).toBe(200);
    const after = await server.db
      .selectFrom("users")
      .select("status")
      .where("id", "=", claim.newcomerId)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe("deactivated");
  });
});

/** The version the member form was opened at (its hidden field). */
function versionIn(html: string): string {
  const match = html.match(/name="version" value="([^"]+)"/);
  if (!match?.[1]) throw new Error("the member form has no version field");
  return match[1];
}

describe("two leads saving the same person", () => {
  it("the later save, based on what was there before, is refused with 409 and keeps what was typed; saving again keeps it", async () => {
    const priya = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "priya@koan.test")
      .executeTakeFirstOrThrow();
    const path = `/team/${priya.id}`;
    const first = await signedInLead();
    const second = await signedInLead();
    const firstOpened = versionIn(await (await first.get(path)).text());
    const secondOpened = versionIn(await (await second.get(path)).text());
    expect(secondOpened).toBe(firstOpened);
    const form = (version: string, capacity: string, components: string) => ({
      intent: "update",
      version,
      role: "mentor",
      startDate: "",
      maxAssignments: "",
      capacity,
      components,
    });

    const saved = await first.post(path, form(firstOpened, "4", "search, payments"));
    expect(saved.status).toBe(200);
    const refused = await second.request(path, {
      form: form(secondOpened, "1", "web-ui, onboarding-docs"),
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(refused.status).toBe(409);
    const page = await refused.text();
    expect(page).toContain(
      "다른 사람이 이 사람의 정보를 먼저 저장해서 내 변경 사항은 저장되지 않았어요",
    );
    expect(page).toContain('value="web-ui, onboarding-docs"');
    expect(page).toMatch(/name="capacity"[^>]*value="1"/);
    const stored = async () => ({
      capacity: (
        await server.db
          .selectFrom("users")
          .select("capacity")
          .where("id", "=", priya.id)
          .executeTakeFirstOrThrow()
      ).capacity,
      components: (
        await server.db
          .selectFrom("mentor_components")
          .select("component")
          .where("user_id", "=", priya.id)
          .orderBy("component")
          .execute()
      ).map((r) => r.component),
    });
    expect(await stored()).toEqual({ capacity: 4, components: ["payments", "search"] });

    // In English too; the form now carries the version saved first, so saving again keeps theirs.
    const english = await second.post(path, form(secondOpened, "1", "web-ui, onboarding-docs"));
    expect(english.status).toBe(409);
    const englishPage = await english.text();
    expect(englishPage).toContain(
      "Someone else saved changes to this person after you opened the page, so yours were not saved.",
    );
    const now = versionIn(englishPage);
    expect(now).not.toBe(secondOpened);
    const again = await second.post(path, form(now, "1", "web-ui, onboarding-docs"));
    expect(again.status).toBe(200);
    expect(await stored()).toEqual({ capacity: 1, components: ["onboarding-docs", "web-ui"] });
  });
});
