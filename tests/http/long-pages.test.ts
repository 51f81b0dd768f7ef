import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";

// A ticket that drags on: 1,200 comments on one checkpoint, 1,200 events on the ticket's timeline
// and 300 entries in the assignment's log. Its pages show the newest 50 of each, with "Show N
// older …" links that reach every older one, and stay the size (and take the time) of a page
// with fifty. Before the cap the assignment page was over a megabyte, every comment rendered.

const MANY = 1200;
const SHOWN = 50;

let server: TestServer;
let assignmentId: number;
let ticketId: number;
let stepId: number;
let commentIds: number[];
let eventIds: number[];
let evidenceIds: number[];
/** Pieces of evidence sent for the step: one more than the first 50 ever reached. */
const EVIDENCE = 120;

beforeAll(async () => {
  server = await startServer();
  const db = server.db;
  const a = await db
    .selectFrom("assignments as a")
    .select(["a.id", "a.ticket_id", "a.mentor_id", "a.newcomer_id"])
    .where("a.status", "=", "active")
    .orderBy("a.id")
    .executeTakeFirstOrThrow();
  assignmentId = a.id;
  ticketId = a.ticket_id;
  const step = await db
    .selectFrom("assignment_checkpoints")
    .select("id")
    .where("assignment_id", "=", a.id)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  stepId = step.id;
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  // Through the database, in batches: the setup, not what is tested.
  for (let from = 0; from < MANY; from += 200) {
    const rows = Array.from({ length: 200 }, (_, j) => from + j);
    await db
      .insertInto("checkpoint_comments")
      .values(
        rows.map((i) => ({
          assignment_checkpoint_id: step.id,
          author_id: i % 2 ? (a.mentor_id ?? a.newcomer_id) : a.newcomer_id,
          kind: "comment" as const,
          body: `Comment number ${i}: still looking at the invoice rounding, here is what I tried today.`,
          created_at: at(i),
        })),
      )
      .execute();
    await db
      .insertInto("ticket_events")
      .values(
        rows.map((i) => ({
          ticket_id: a.ticket_id,
          actor_id: a.newcomer_id,
          kind: "updated",
          data: "{}",
          created_at: at(i),
        })),
      )
      .execute();
  }
  await db
    .insertInto("assignment_notes")
    .values(
      Array.from({ length: 300 }, (_, i) => ({
        assignment_id: a.id,
        author_id: a.mentor_id ?? a.newcomer_id,
        kind: "pairing" as const,
        body: `Pairing session ${i}`,
        created_at: at(i),
      })),
    )
    .execute();
  await db
    .insertInto("evidence")
    .values(
      Array.from({ length: EVIDENCE }, (_, i) => ({
        assignment_checkpoint_id: step.id,
        author_id: a.newcomer_id,
        notes: `Evidence piece ${i}: the invoice total rounds the wrong way.`,
        links: "[]",
        minutes: null,
        created_at: at(i),
      })),
    )
    .execute();
  // Waiting for review: the mentor's form answers the newest piece, whichever window is listed.
  await db
    .updateTable("assignment_checkpoints")
    .set({ state: "submitted" })
    .where("id", "=", step.id)
    .execute();
  evidenceIds = (
    await db
      .selectFrom("evidence")
      .select("id")
      .where("assignment_checkpoint_id", "=", step.id)
      .orderBy("id")
      .execute()
  ).map((r) => r.id);
  commentIds = (
    await db
      .selectFrom("checkpoint_comments")
      .select("id")
      .where("assignment_checkpoint_id", "=", step.id)
      .orderBy("id")
      .execute()
  ).map((r) => r.id);
  eventIds = (
    await db
      .selectFrom("ticket_events")
      .select("id")
      .where("ticket_id", "=", a.ticket_id)
      .orderBy("id")
      .execute()
  ).map((r) => r.id);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/** The page's HTML with `&amp;` read back, and how long the server took (its request log line). */
async function page(b: Browser, path: string) {
  const from = server.output().length;
  const response = await b.get(path);
  const html = (await response.text()).replaceAll("&amp;", "&");
  const id = response.headers.get("x-request-id") ?? "";
  const line = await waitFor(
    () =>
      server
        .output()
        .slice(from)
        .split("\n")
        .find((l) => l.includes(`"requestId":"${id}"`) && l.includes("durationMs")) ?? "",
    { what: `the log line of request ${id}` },
  );
  const durationMs = Number(JSON.parse(line).durationMs);
  return { status: response.status, html, durationMs };
}

/** How many of the step's comments the page lists. */
const commentsShown = (html: string) => (html.match(/id="comment-\d+"/g) ?? []).length;
const evidenceShown = (html: string) => (html.match(/id="evidence-\d+"/g) ?? []).length;
const eventsShown = (html: string) => (html.match(/id="event-\d+"/g) ?? []).length;

/** The href of the link whose text matches. */
function hrefOf(html: string, text: RegExp) {
  for (const m of html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/g)) {
    if (text.test((m[2] ?? "").replace(/<[^>]+>/g, ""))) return m[1] ?? "";
  }
  return null;
}

describe("a ticket with 1,200 comments and 1,200 events", () => {
  it("shows a checkpoint's newest 50 comments, says how many are older, and reaches each of them", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    await page(b, `/assignments/${assignmentId}`); // the server's first render of the page: cold
    const first = await page(b, `/assignments/${assignmentId}`);
    expect(first.status).toBe(200);
    expect(commentsShown(first.html)).toBe(SHOWN);
    expect(first.html).toContain(`id="comment-${commentIds.at(-1)}"`);
    expect(first.html).not.toContain(`id="comment-${commentIds.at(-SHOWN - 1)}"`);
    // Bounded: the page with 1,200 comments weighs what one with 50 does (it was 1.2 MB).
    expect(first.html.length).toBeLessThan(200_000);
    // The server's whole answer, from request to response: far from a busy event loop.
    expect(first.durationMs).toBeLessThan(1000);

    // "Show more than 200 older comments" (1,150 are): a plain link naming the window further
    // back. Counting stops past 200, so a discussion of thousands costs what one of 250 does.
    const older = hrefOf(first.html, /^Show more than 200 older comments$/);
    expect(older).toBe(
      `/assignments/${assignmentId}?step=${stepId}&before=${commentIds.at(-SHOWN)}#comments-${stepId}`,
    );
    const second = await page(b, older ?? "");
    expect(second.status).toBe(200);
    expect(commentsShown(second.html)).toBe(SHOWN);
    expect(second.html).toContain(`id="comment-${commentIds.at(-SHOWN - 1)}"`);
    expect(hrefOf(second.html, /^Show more than 200 older comments$/)).not.toBeNull();
    // Near the oldest, the count is exact again: 120 before the 121st comment.
    const near = await page(
      b,
      `/assignments/${assignmentId}?step=${stepId}&before=${commentIds[170]}`,
    );
    expect(hrefOf(near.html, /^Show 120 older comments$/)).not.toBeNull();
    expect(hrefOf(second.html, /^Back to the newest$/)).toBe(
      `/assignments/${assignmentId}#comments-${stepId}`,
    );

    // The oldest comment is one address away, and the window there has nothing older.
    const oldest = commentIds[0] ?? 0;
    const last = await page(b, `/assignments/${assignmentId}?step=${stepId}&before=${oldest + 1}`);
    expect(last.html).toContain(`id="comment-${oldest}"`);
    expect(hrefOf(last.html, /older comments?$/)).toBeNull();

    // The log: newest 50 of 300, the rest behind its own link.
    expect(first.html).toContain(`Pairing session 299`);
    expect(first.html).not.toContain(`Pairing session 249<`);
    // 250 are older: counted up to 200 only, as a step's comments are.
    const olderNotes = hrefOf(first.html, /^Show more than 200 older log entries$/);
    expect(olderNotes).toMatch(/^\/assignments\/\d+\?notesBefore=\d+#log-heading$/);
    // One window further back, 200 are older: the count is exact again.
    const notesAgain = await page(b, olderNotes ?? "");
    expect(notesAgain.html).toContain(`Pairing session 249`);
    expect(hrefOf(notesAgain.html, /^Show 200 older log entries$/)).not.toBeNull();
  });

  it("shows a step's newest 50 pieces of evidence and reaches every older one by link", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    const first = await page(b, `/assignments/${assignmentId}`);
    expect(evidenceShown(first.html)).toBe(SHOWN);
    expect(first.html).toContain(`id="evidence-${evidenceIds.at(-1)}"`);
    expect(first.html).not.toContain(`id="evidence-${evidenceIds.at(-SHOWN - 1)}"`);
    // It said "70 earlier pieces of evidence are not shown." with no way to read them.
    const hidden = evidenceIds.length - SHOWN;
    const older = hrefOf(first.html, new RegExp(`^Show ${hidden} older pieces of evidence$`));
    expect(older).toBe(
      `/assignments/${assignmentId}?evidenceStep=${stepId}&evidenceBefore=${evidenceIds.at(-SHOWN)}#evidence-list-${stepId}`,
    );
    const second = await page(b, older ?? "");
    expect(second.status).toBe(200);
    expect(evidenceShown(second.html)).toBe(SHOWN);
    expect(second.html).toContain(`id="evidence-${evidenceIds.at(-SHOWN - 1)}"`);
    expect(second.html).not.toContain(`id="evidence-${evidenceIds.at(-1)}"`);
    // Numbered from the first piece ever sent, not from the window.
    expect(second.html).toContain(`aria-label="Evidence ${hidden - SHOWN + 1} for `);
    // The review answers the newest piece even while older ones are listed (else: "new evidence").
    expect(second.html).toContain(`name="evidenceId" value="${evidenceIds.at(-1)}"`);
    const third = hrefOf(
      second.html,
      new RegExp(`^Show ${hidden - SHOWN} older pieces of evidence$`),
    );
    expect(third).not.toBeNull();
    const last = await page(b, third ?? "");
    expect(last.html).toContain(`id="evidence-${evidenceIds[0]}"`);
    expect(hrefOf(last.html, /older pieces? of evidence$/)).toBeNull();
    expect(hrefOf(last.html, /^Back to the newest$/)).toBe(
      `/assignments/${assignmentId}#evidence-list-${stepId}`,
    );
    // A made-up cursor is the newest window, not an error.
    const made = await page(b, `/assignments/${assignmentId}?evidenceStep=x&evidenceBefore=-4`);
    expect(made.status).toBe(200);
    expect(evidenceShown(made.html)).toBe(SHOWN);
  });

  it("shows the ticket's newest 50 events, says how many are older, and reaches the oldest", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    await page(b, `/tickets/${ticketId}`);
    const first = await page(b, `/tickets/${ticketId}`);
    expect(first.status).toBe(200);
    expect(eventsShown(first.html)).toBe(SHOWN);
    expect(first.html.length).toBeLessThan(150_000);
    expect(first.durationMs).toBeLessThan(1000);
    // Over a thousand are older: counted up to 200 only, so a ticket with tens of thousands of
    // events costs what one with 250 does (the count walked every one of them).
    expect(eventIds.length - SHOWN).toBeGreaterThan(1000);
    const older = hrefOf(first.html, /^Show more than 200 older events$/);
    expect(older).toBe(`/tickets/${ticketId}?before=${eventIds.at(-SHOWN)}#activity-heading`);
    const second = await page(b, older ?? "");
    expect(eventsShown(second.html)).toBe(SHOWN);
    expect(second.html).toContain(`id="event-${eventIds.at(-SHOWN - 1)}"`);
    // Near the oldest, the count is exact again: 120 before the 171st event.
    const near = await page(b, `/tickets/${ticketId}?before=${eventIds[170]}`);
    expect(hrefOf(near.html, /^Show 120 older events$/)).not.toBeNull();
    const oldest = eventIds[0] ?? 0;
    const last = await page(b, `/tickets/${ticketId}?before=${oldest + 1}`);
    expect(last.html).toContain(`id="event-${oldest}"`);
    // A made-up cursor is no window at all: the newest, not an error.
    expect((await page(b, `/tickets/${ticketId}?before=abc`)).status).toBe(200);
  });

  it("says it in Korean with a counter", async () => {
    const b = new Browser(server.url);
    await b.login("yuna@koan.test", DEMO_PASSWORD);
    // 최유나 is a mentor: she may read any ticket's timeline.
    const ticket = await page(b, `/tickets/${ticketId}`);
    expect(ticket.html).toContain(`이전 활동 보기 (200개 넘음)`);
    const near = await page(b, `/tickets/${ticketId}?before=${eventIds[170]}`);
    expect(near.html).toContain(`이전 활동 120개 보기`);
  });

  it("says the step's older evidence in Korean, to the assignment's mentor reading in Korean", async () => {
    const mentor = await server.db
      .selectFrom("assignments as a")
      .innerJoin("users as u", "u.id", "a.mentor_id")
      .select(["u.id", "u.email"])
      .where("a.id", "=", assignmentId)
      .executeTakeFirstOrThrow();
    await server.db
      .updateTable("users")
      .set({ locale: "ko" })
      .where("id", "=", mentor.id)
      .execute();
    const b = new Browser(server.url);
    await b.login(mentor.email, DEMO_PASSWORD);
    const assignment = await page(b, `/assignments/${assignmentId}`);
    expect(assignment.status).toBe(200);
    expect(assignment.html).toContain(`이전 근거 ${evidenceIds.length - SHOWN}개 보기`);
    expect(assignment.html).toContain(`이전 댓글 보기 (200개 넘음)`);
    expect(assignment.html).toContain(`이전 기록 보기 (200개 넘음)`);
  });
});

describe("a step's older window, fetched alone by the card's scripts", () => {
  const history = (query: string) => `/assignments/${assignmentId}/history?${query}`;

  it("answers only that list's window, the size of fifty items however long the history", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    const whole = await page(
      b,
      `/assignments/${assignmentId}?step=${stepId}&before=${commentIds.at(-SHOWN)}`,
    );
    const response = await b.get(
      history(`step=${stepId}&list=comments&before=${commentIds.at(-SHOWN)}`),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const text = await response.text();
    const got = JSON.parse(text) as {
      list: string;
      items: { id: number; byViewer: boolean }[];
      older: number;
    };
    expect(got.list).toBe("comments");
    // The fifty before the cursor, oldest first, and how many are older still.
    expect(got.items.map((c) => c.id)).toEqual(commentIds.slice(-2 * SHOWN, -SHOWN));
    // 1,100 are older: counted as "more than 200" (201), as the page counts them.
    expect(got.older).toBe(201);
    // Only that window: no other step, no ticket, no write-up, no log (the page fetched it all).
    expect(text).not.toContain("Pairing session");
    expect(text).not.toContain("Evidence piece");
    expect(text).not.toContain('"ticketTitle"');
    expect(text.length).toBeLessThan(whole.html.length / 4);
    expect(text.length).toBeLessThan(20_000);

    // The evidence list the same way, its Markdown rendered as the card shows it.
    const evidence = (await (
      await b.get(history(`step=${stepId}&list=evidence&before=${evidenceIds.at(-SHOWN)}`))
    ).json()) as { list: string; items: { id: number; notesHtml: string }[]; older: number };
    expect(evidence.list).toBe("evidence");
    expect(evidence.items.map((e) => e.id)).toEqual(evidenceIds.slice(-2 * SHOWN, -SHOWN));
    expect(evidence.items[0]?.notesHtml).toContain("<p>Evidence piece");
    expect(evidence.older).toBe(evidenceIds.length - 2 * SHOWN);
  });

  it("is refused to someone who may not see the assignment, as the page is", async () => {
    const other = await server.db
      .selectFrom("users")
      .select("email")
      .where("role", "=", "newcomer")
      .where("status", "=", "active")
      .where(
        "id",
        "!=",
        server.db.selectFrom("assignments").select("newcomer_id").where("id", "=", assignmentId),
      )
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const b = new Browser(server.url);
    await b.login(other.email, DEMO_PASSWORD);
    expect((await b.get(`/assignments/${assignmentId}`)).status).toBe(403);
    const refused = await b.get(history(`step=${stepId}&list=comments`));
    expect(refused.status).toBe(403);
    const said = (await refused.json()) as { error: string; items?: unknown };
    expect(said.items).toBeUndefined();
    expect(said.error).toMatch(/their mentor and leads/);
    // Signed out: to the sign-in page, nothing read.
    const anonymous = await new Browser(server.url).get(history(`step=${stepId}&list=comments`));
    expect(anonymous.status).toBe(302);
  });

  it("says what is wrong with an address, in the reader's language", async () => {
    const b = new Browser(server.url);
    await b.login("lead@koan.test", DEMO_PASSWORD);
    // A step of another assignment is not this assignment's.
    const elsewhere = await server.db
      .selectFrom("assignment_checkpoints")
      .select("id")
      .where("assignment_id", "!=", assignmentId)
      .executeTakeFirstOrThrow();
    expect((await b.get(history(`step=${elsewhere.id}&list=comments`))).status).toBe(404);
    expect((await b.get(`/assignments/999999/history?step=${stepId}&list=comments`)).status).toBe(
      404,
    );
    for (const query of [`step=${stepId}&list=ticket`, "list=comments", `step=x&list=evidence`]) {
      const bad = await b.get(history(query));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toBe(
        "This address does not name a step's evidence or comments.",
      );
    }
    // 최유나 reads Koan in Korean.
    const yuna = new Browser(server.url);
    await yuna.login("yuna@koan.test", DEMO_PASSWORD);
    const ko = await yuna.get(history("list=comments"));
    expect(ko.status).toBe(400);
    expect(((await ko.json()) as { error: string }).error).toBe(
      "이 주소는 어느 단계의 근거나 댓글인지 알려 주지 않아요.",
    );
  });
});
