import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser, unescapeHtml } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// People's roles and pairings change while they work: a lead gives an assignment to another
// mentor while its mentor is writing a review, or changes someone's role while their page is open.
// The next request sees the change at once, and a form sent from the old page is refused calmly:
// it says who has the work now and gives back what was typed.

let server: TestServer;
/** The first test's mentor, still on the page of the assignment the lead gave to `mentorNow`. */
let replaced:
  | { mentor: Browser; page: string; checkpointId: number; mentorNow: string }
  | undefined;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Pairing {
  id: number;
  ticketId: number;
  mentorId: number;
  mentorEmail: string;
  newcomerName: string;
  checkpointId: number;
}

/** An active assignment with a mentor, skipping those in `skip`, and its first checkpoint. */
async function activePairing(skip: number[] = []): Promise<Pairing> {
  let query = server.db
    .selectFrom("assignments as a")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .innerJoin("users as m", "m.id", "a.mentor_id")
    .select([
      "a.id",
      "a.ticket_id as ticketId",
      "m.id as mentorId",
      "m.email as mentorEmail",
      "n.name as newcomerName",
    ])
    .where("a.status", "=", "active")
    .where("m.role", "=", "mentor");
  if (skip.length) query = query.where("a.id", "not in", skip);
  const a = await query.orderBy("a.id").executeTakeFirstOrThrow();
  const step = await server.db
    .selectFrom("assignment_checkpoints")
    .select("id")
    .where("assignment_id", "=", a.id)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return { ...a, checkpointId: step.id };
}

/** Another active mentor than `mentorId`: the one the lead hands the assignment to. */
async function otherMentor(mentorId: number) {
  return server.db
    .selectFrom("users")
    .select(["id", "name"])
    .where("role", "=", "mentor")
    .where("status", "=", "active")
    .where("id", "!=", mentorId)
    .orderBy("id")
    .executeTakeFirstOrThrow();
}

/** The text of the read-only "what you wrote" box, decoded as the browser shows it. */
function keptText(html: string): string | null {
  return keptTexts(html)[0] ?? null;
}

/** Every read-only "what you wrote" box's text, in order. */
function keptTexts(html: string): string[] {
  return [
    ...html.matchAll(/<textarea id="kept-\d+"[^>]*readOnly=""[^>]*>([^<]*)<\/textarea>/gi),
  ].map((m) => unescapeHtml(m[1] ?? ""));
}

/** Every such box's label, in order. */
function labelsOfKept(html: string): string[] {
  return [...html.matchAll(/<label for="kept-\d+">([^<]*)<\/label>/g)].map((m) =>
    unescapeHtml(m[1] ?? ""),
  );
}

describe("a member's page, for the lead", () => {
  it("lists the work a role change waits on, each a link to its assignment; the refusal points there", async () => {
    const busy = await server.db
      .selectFrom("assignments as a")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .select(["a.mentor_id as mentorId"])
      .where("a.status", "=", "active")
      .where("m.role", "=", "mentor")
      .where("m.status", "=", "active")
      .orderBy("a.id", "desc")
      .executeTakeFirstOrThrow();
    const mentorId = busy.mentorId as number;
    const mentored = await server.db
      .selectFrom("assignments")
      .select("id")
      .where("mentor_id", "=", mentorId)
      .where("status", "=", "active")
      .execute();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const html = unescapeHtml(await (await lead.get(`/team/${mentorId}`)).text());
    expect(html).toContain(">Their work</h2>");
    for (const { id } of mentored) expect(html).toContain(`href="/assignments/${id}"`);
    // Deactivating them waits on that work, and says where it is listed.
    const refused = await lead.post(`/team/${mentorId}`, {
      intent: "status",
      status: "deactivated",
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(unescapeHtml(await refused.text())).toContain(
      "each is linked under “Their work” on this page",
    );
    // Someone with no work has no such section.
    const idle = await server.db
      .selectFrom("users")
      .select("id")
      .where("role", "=", "lead")
      .where("email", "=", "lead@koan.test")
      .executeTakeFirstOrThrow();
    expect(await (await lead.get(`/team/${idle.id}`)).text()).not.toContain("Their work");
  });
});

describe("a mentor replaced by the lead while writing a review", () => {
  it("is told who mentors the assignment now, with the review they typed kept (English and Korean)", async () => {
    const pairing = await activePairing();
    const next = await otherMentor(pairing.mentorId);
    await speaks(pairing.mentorId, "en");
    const mentor = new Browser(server.url);
    await mentor.login(pairing.mentorEmail, DEMO_PASSWORD);
    const page = `/assignments/${pairing.id}`;
    expect((await mentor.get(page)).status).toBe(200);

    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const changed = await lead.post(`/tickets/${pairing.ticketId}`, {
      intent: "mentor",
      mentorId: String(next.id),
    });
    expect(changed.status).toBeLessThan(400);
    const after = await server.db
      .selectFrom("assignments")
      .select("mentor_id")
      .where("id", "=", pairing.id)
      .executeTakeFirstOrThrow();
    expect(after.mentor_id).toBe(next.id);
    replaced = { mentor, page, checkpointId: pairing.checkpointId, mentorNow: next.name };

    const review =
      "Please add the failing test first <3 & keep the log line.\n테스트부터 추가해 주세요.";
    const refused = await mentor.post(page, {
      intent: "request_changes",
      checkpointId: String(pairing.checkpointId),
      comment: review,
    });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain(
      `${next.name} mentors ${pairing.newcomerName} on this ticket now, so its reviews and notes are theirs.`,
    );
    expect(html).toContain("Nothing was saved. What you typed is below, so it is not lost.");
    expect(html).toContain('<label for="kept-0">What you wrote</label>');
    expect(keptText(html)).toBe(review);
    // Not the page that says their role lacks it: their role did not change.
    expect(html).not.toContain("ask a lead to change your role");

    await speaks(pairing.mentorId, "ko");
    const korean = await mentor.post(page, {
      intent: "approve",
      checkpointId: String(pairing.checkpointId),
      comment: "잘했어요",
    });
    expect(korean.status).toBe(403);
    const koHtml = await korean.text();
    expect(koHtml).toContain(
      `이제 이 티켓에서 ${pairing.newcomerName} 님의 멘토는 ${next.name} 님이라서, 검토와 메모는 ${next.name} 님이 맡아요.`,
    );
    expect(koHtml).toContain('<label for="kept-0">쓴 내용</label>');
    expect(keptText(koHtml)).toBe("잘했어요");
    // Opened again (a reload, an old notification's link): whose it is, and the ticket's page.
    const reopened = await mentor.get(page);
    expect(reopened.status).toBe(403);
    const reopenedHtml = await reopened.text();
    expect(reopenedHtml).toContain(
      `이 티켓은 ${pairing.newcomerName} 님이 ${next.name} 님과 함께 맡고 있어요.`,
    );
    expect(reopenedHtml).toMatch(
      new RegExp(`<a [^>]*href="/tickets/${pairing.ticketId}">티켓 페이지 열기</a>`),
    );
    await speaks(pairing.mentorId, "en");
    const reopenedEn = await (await mentor.get(page)).text();
    expect(reopenedEn).toContain(`${pairing.newcomerName} works this ticket with ${next.name}.`);
    expect(reopenedEn).toMatch(
      new RegExp(`<a [^>]*href="/tickets/${pairing.ticketId}">Open the ticket&#x27;s page</a>`),
    );
    expect(reopenedEn).not.toContain("ask a lead to change your role");
    expect((await mentor.get(`/tickets/${pairing.ticketId}`)).status).toBe(200);
    // Their inbox says where the mentee went.
    expect(unescapeHtml(await (await mentor.get("/inbox")).text())).toContain(
      `${next.name} mentors ${pairing.newcomerName} on`,
    );

    // Nothing was recorded for the old mentor.
    const reviews = await server.db
      .selectFrom("checkpoint_comments")
      .select("id")
      .where("assignment_checkpoint_id", "=", pairing.checkpointId)
      .where("author_id", "=", pairing.mentorId)
      .where("created_at", ">", new Date(Date.now() - 60_000).toISOString())
      .execute();
    expect(reviews).toEqual([]);
  });

  it("a pairing note and a comment are kept the same way", async () => {
    const { mentor, page, checkpointId, mentorNow } = replaced ?? {};
    if (!mentor || !page || !checkpointId || !mentorNow) throw new Error("the first test failed");
    for (const [form, typed] of [
      [{ intent: "pairing", notes: "Walked through the retry loop together." }, "notes"],
      [
        { intent: "comment", checkpointId: String(checkpointId), body: "Look at the cache key." },
        "body",
      ],
      [{ intent: "handover", mentorId: "1", note: "Over to you." }, "note"],
    ] as const) {
      const refused = await mentor.post(page, form);
      expect(refused.status).toBe(403);
      const html = await refused.text();
      expect(html).toContain(`${mentorNow} mentors`);
      expect(keptText(html)).toBe((form as Record<string, string>)[typed]);
    }
  });
});

/** Gives each of the mentor's active assignments to another mentor, as the lead does first. */
async function handOverAll(lead: Browser, mentorId: number) {
  const next = await otherMentor(mentorId);
  const active = await server.db
    .selectFrom("assignments")
    .select("ticket_id")
    .where("mentor_id", "=", mentorId)
    .where("status", "=", "active")
    .execute();
  for (const { ticket_id } of active) {
    const moved = await lead.post(`/tickets/${ticket_id}`, {
      intent: "mentor",
      mentorId: String(next.id),
    });
    expect(moved.status).toBeLessThan(400);
  }
}

/** Their pages in this language (their setting), whatever the demo gave them. */
async function speaks(userId: number, locale: "en" | "ko") {
  await server.db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

async function userByEmail(email: string) {
  return server.db
    .selectFrom("users")
    .select(["id", "role"])
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
}

describe("a mentor replaced while editing their mentee's draft write-up", () => {
  it("is refused with the parts they typed kept", async () => {
    const draft = await server.db
      .selectFrom("writeups as w")
      .innerJoin("assignments as a", "a.id", "w.assignment_id")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .select(["w.id", "a.ticket_id as ticketId", "a.mentor_id as mentorId", "m.email"])
      .where("w.status", "=", "draft")
      .where("a.status", "=", "active")
      .where("m.role", "=", "mentor")
      .orderBy("w.id")
      .executeTakeFirstOrThrow();
    const mentorId = draft.mentorId;
    if (mentorId === null) throw new Error("joined on its mentor");
    // In the mentor's own language, Korean: the page and the kept parts' labels are.
    await server.db.updateTable("users").set({ locale: "ko" }).where("id", "=", mentorId).execute();
    const mentor = new Browser(server.url);
    await mentor.login(draft.email, DEMO_PASSWORD);
    expect((await mentor.get(`/kb/${draft.id}/edit`)).status).toBe(200);
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const next = await otherMentor(mentorId);
    await lead.post(`/tickets/${draft.ticketId}`, { intent: "mentor", mentorId: String(next.id) });

    const refused = await mentor.post(`/kb/${draft.id}/edit`, {
      title: "Invoice totals off by a cent",
      symptom: "Totals differ by 0.01 on invoices over 1,000.",
      rootCause: "Rounding each line before summing.",
      fix: "",
      debugging: "",
      resolution: "fixed",
    });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("이 해결 기록은 작성자, 검토한 멘토, 리드만 수정할 수 있어요.");
    expect(labelsOfKept(html)).toEqual(["제목", "증상", "근본 원인"]);
    expect(keptTexts(html)).toEqual([
      "Invoice totals off by a cent",
      "Totals differ by 0.01 on invoices over 1,000.",
      "Rounding each line before summing.",
    ]);
  });
});

describe("a role changed while a page is open", () => {
  it("a mentor made a newcomer: the next page is theirs, and the new ticket they typed is kept", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const mentorRow = await server.db
      .selectFrom("users")
      .select(["id", "email"])
      .where("role", "=", "mentor")
      .where("status", "=", "active")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    await speaks(mentorRow.id, "en");
    const mentor = new Browser(server.url);
    await mentor.login(mentorRow.email, DEMO_PASSWORD);
    expect((await mentor.get("/tickets/new")).status).toBe(200);

    const mentee = await server.db
      .selectFrom("assignments as a")
      .innerJoin("assignment_checkpoints as ac", "ac.assignment_id", "a.id")
      .select(["a.id", "ac.id as checkpointId"])
      .where("a.mentor_id", "=", mentorRow.id)
      .where("a.status", "=", "active")
      .executeTakeFirst();
    await handOverAll(lead, mentorRow.id);
    const changed = await lead.post(`/team/${mentorRow.id}`, {
      intent: "update",
      role: "newcomer",
    });
    expect(changed.status).toBe(200);
    expect((await userByEmail(mentorRow.email)).role).toBe("newcomer");

    // A review sent from a mentee's page they still had open says who mentors now, text kept.
    expect(mentee).toBeDefined();
    if (mentee) {
      const review = await mentor.post(`/assignments/${mentee.id}`, {
        intent: "request_changes",
        checkpointId: String(mentee.checkpointId),
        comment: "Add the log line, please.",
      });
      expect(review.status).toBe(403);
      const html = await review.text();
      expect(html).toMatch(/ mentors .+ on this ticket now, so its reviews and notes are theirs\./);
      expect(keptTexts(html)).toEqual(["Add the log line, please."]);
      // Evidence sent as if they worked it: not theirs, and the text kept all the same.
      const evidence = await mentor.post(`/assignments/${mentee.id}`, {
        intent: "submit",
        checkpointId: String(mentee.checkpointId),
        notes: "My notes.",
      });
      expect(evidence.status).toBe(403);
      const evidenceHtml = await evidence.text();
      expect(evidenceHtml).toContain("Only the newcomer on this ticket, their mentor and leads");
      expect(keptTexts(evidenceHtml)).toEqual(["My notes."]);
    }

    const ticket = {
      title: "Export hangs at 99%",
      body: "Steps: export 5,000 rows.\nIt stops at 99% and never finishes.",
      component: "billing",
      difficulty: "1",
    };
    const refused = await mentor.post("/tickets/new", ticket);
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("This page is for mentors and leads. You are signed in as a newcomer.");
    expect(keptTexts(html)).toEqual([ticket.title, ticket.body]);
    await speaks(mentorRow.id, "ko");
    const korean = await mentor.post("/tickets/new", ticket);
    expect(korean.status).toBe(403);
    const koHtml = await korean.text();
    expect(koHtml).toContain("아무것도 저장되지 않았어요.");
    expect(koHtml).toContain(
      "이 페이지는 멘토와 리드만 볼 수 있어요. 지금 신규 입사자로 로그인했어요.",
    );
    expect(labelsOfKept(koHtml)).toEqual(["제목", "설명"]);
    expect(keptTexts(koHtml)).toEqual([ticket.title, ticket.body]);
    await speaks(mentorRow.id, "en");

    // Their next page follows the new role: home is My onboarding, the mentoring board is not theirs.
    const home = await mentor.get("/");
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/onboarding");
    expect((await mentor.get("/onboarding")).status).toBe(200);
    expect((await mentor.get("/mentoring")).status).toBe(403);
  });

  it("a newcomer made a mentor: their home moves to the mentoring board", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const free = await server.db
      .selectFrom("users as u")
      .select(["u.id", "u.email"])
      .where("u.role", "=", "newcomer")
      .where("u.status", "=", "active")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("assignments as a")
              .select("a.id")
              .whereRef("a.newcomer_id", "=", "u.id")
              .where("a.status", "=", "active"),
          ),
        ),
      )
      .orderBy("u.id")
      .executeTakeFirstOrThrow();
    await speaks(free.id, "en");
    const newcomer = new Browser(server.url);
    await newcomer.login(free.email, DEMO_PASSWORD);
    expect((await newcomer.get("/onboarding")).status).toBe(200);
    const changed = await lead.post(`/team/${free.id}`, {
      intent: "update",
      role: "mentor",
      capacity: "2",
    });
    expect(changed.status).toBe(200);
    const open = await newcomer.get("/onboarding");
    expect(open.status).toBe(403);
    expect(await open.text()).toContain(
      "This page is for newcomers. You are signed in as a mentor.",
    );
    expect((await newcomer.get("/")).headers.get("location")).toBe("/mentoring");
    expect((await newcomer.get("/mentoring")).status).toBe(200);
  });

  it("a lead made a mentor while editing the track: the guides they typed are kept", async () => {
    // Another lead first: the last lead can't be made a mentor.
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const other = await server.db
      .selectFrom("users")
      .select(["id", "email"])
      .where("role", "=", "mentor")
      .where("status", "=", "active")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    expect((await lead.post(`/team/${other.id}`, { intent: "update", role: "lead" })).status).toBe(
      200,
    );
    expect((await lead.get("/tracks")).status).toBe(200);

    const secondLead = new Browser(server.url);
    await secondLead.login(other.email, DEMO_PASSWORD);
    const self = await userByEmail("lead@koan.test");
    const demoted = await secondLead.post(`/team/${self.id}`, {
      intent: "update",
      role: "mentor",
      capacity: "2",
    });
    expect(demoted.status).toBe(200);

    const refused = await lead.post("/tracks", {
      intent: "save",
      baseVersion: "1",
      "checkpoints[0].key": "reproduce",
      "checkpoints[0].title": "Reproduce the bug",
      "checkpoints[0].guide": "Write the exact steps, then try them on staging.",
      "checkpoints[0].needsSignoff": "on",
      "checkpoints[1].key": "locate",
      "checkpoints[1].title": "Find the code",
      "checkpoints[1].guide": "",
      "new.title": "Tell the reporter",
      "new.guide": "Reply on the ticket in plain words.",
    });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("This page is for leads. You are signed in as a mentor.");
    expect(labelsOfKept(html)).toEqual([
      "Guide for “Reproduce the bug”",
      "Guide for “Tell the reporter”",
    ]);
    expect(keptTexts(html)).toEqual([
      "Write the exact steps, then try them on staging.",
      "Reply on the ticket in plain words.",
    ]);
    expect((await lead.get("/")).headers.get("location")).toBe("/mentoring");
    expect((await lead.get("/tracks")).status).toBe(403);
  });
});
