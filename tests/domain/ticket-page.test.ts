import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "#db/schema";
import { translate } from "~/lib/i18n/catalogs.server";
import { claimTicket, reassignTicket } from "~/mentoring/claims.server";
import { getTicketPage } from "~/mentoring/ticket-page.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

/** An Activity line as an English reader sees it. */
const inEnglish = (detail: string | undefined) => translate("en").msg(detail);

describe("a ticket's page", () => {
  let t: TestDatabase;
  let lead: number;
  let mentor: number;
  let ana: number;
  let leo: number;
  let ticketId: number;

  /** Ana claims the ticket, with Tomás as her mentor. */
  const anaClaims = async () => {
    const claim = await claimTicket(t.db, {
      ticketId,
      newcomerId: ana,
      mentorId: mentor,
      defaultLimit: 1,
    });
    expect(claim.ok).toBe(true);
  };

  beforeEach(async () => {
    t = await createTestDatabase();
    lead = await buildTestUser(t.db, "lead");
    mentor = await buildTestUser(t.db, "mentor", { name: "Tomás", capacity: 3 });
    ana = await buildTestUser(t.db, "newcomer", { name: "Ana" });
    leo = await buildTestUser(t.db, "newcomer", { name: "Leo" });
    ticketId = await createTicket(t.db, {
      actorId: lead,
      ticket: {
        title: "Rounding error on invoices",
        body: "Totals are **off**.",
        component: "billing",
        labels: [],
        difficulty: 1,
        starter: true,
      },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  async function pageFor(id: number, role: Role) {
    const page = await getTicketPage(t.db, { ticketId, viewer: { id, role } });
    if (!page) throw new Error("no page");
    return page;
  }

  it("an open starter ticket: a newcomer may claim it with a mentor; mentors may edit and close it", async () => {
    const newcomer = await pageFor(ana, "newcomer");
    expect(newcomer.ticket.bodyHtml).toContain("<strong>off</strong>");
    expect(newcomer.controls).toEqual({
      edit: false,
      claim: true,
      closeDuplicate: false,
      openCheckpoints: false,
      release: false,
      reassign: false,
      changeMentor: false,
    });
    expect(newcomer.suggestions.map((s) => s.name)).toEqual(["Tomás"]);
    expect(newcomer.events.items.map((e) => inEnglish(e.detail))).toEqual(["Created"]);

    const staff = await pageFor(mentor, "mentor");
    expect(staff.controls).toMatchObject({ edit: true, claim: false, closeDuplicate: true });
    expect(staff.suggestions).toEqual([]);
  });

  it("a claimed ticket: its newcomer may release it, a lead may reassign it or change the mentor", async () => {
    await anaClaims();

    const holder = await pageFor(ana, "newcomer");
    expect(holder.mine).toBe(true);
    expect(holder.controls).toMatchObject({
      claim: false,
      openCheckpoints: true,
      release: true,
      reassign: false,
    });
    expect(holder.events.items.map((e) => inEnglish(e.detail))).toEqual([
      "Created",
      "Claimed",
      "Chose Tomás as mentor",
    ]);

    const other = await pageFor(leo, "newcomer");
    expect(other.controls).toMatchObject({ openCheckpoints: false, release: false });
    expect(await pageFor(mentor, "mentor")).toMatchObject({
      controls: { openCheckpoints: true, reassign: false, changeMentor: false },
      newcomers: [],
      allMentors: [],
    });

    const leadPage = await pageFor(lead, "lead");
    expect(leadPage.controls).toMatchObject({
      openCheckpoints: true,
      release: false,
      reassign: true,
      changeMentor: true,
    });
    expect(leadPage.newcomers.map((n) => n.name).sort()).toEqual(["Ana", "Leo"]);
    expect(leadPage.allMentors.map((m) => m.name)).toEqual(["Tomás"]);

    await reassignTicket(t.db, { ticketId, leadId: lead, newcomerId: leo });
    expect(inEnglish((await pageFor(lead, "lead")).events.items.at(-1)?.detail)).toBe(
      "Reassigned from Ana to Leo",
    );
  });

  it("names the default track's steps in the viewer's language", async () => {
    await anaClaims();
    const steps = async (locale?: "en" | "ko") => {
      const page = await getTicketPage(t.db, {
        ticketId,
        viewer: { id: ana, role: "newcomer" },
        locale,
      });
      return page?.track?.steps.slice(0, 3).map((s) => s.title);
    };
    expect(await steps("ko")).toEqual(["버그 재현", "코드 찾기", "근본 원인"]);
    expect(await steps("en")).toEqual(["Reproduce the bug", "Find the code", "Root cause"]);
    expect(await steps()).toEqual(["Reproduce the bug", "Find the code", "Root cause"]);
  });

  it("is null for a ticket that doesn't exist", async () => {
    expect(
      await getTicketPage(t.db, { ticketId: 9999, viewer: { id: lead, role: "lead" } }),
    ).toBeNull();
  });
});
