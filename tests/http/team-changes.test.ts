import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
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
  const match = html.match(/<textarea id="kept-0"[^>]*readOnly=""[^>]*>([^<]*)<\/textarea>/i);
  if (!match) return null;
  return (match[1] ?? "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const ko = { "Accept-Language": "ko-KR,ko;q=0.9" };

describe("a mentor replaced by the lead while writing a review", () => {
  it("is told who mentors the assignment now, with the review they typed kept (English and Korean)", async () => {
    const pairing = await activePairing();
    const next = await otherMentor(pairing.mentorId);
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
      `${next.name} mentors ${pairing.newcomerName} on this ticket now, so what you sent was not saved.`,
    );
    expect(html).toContain("What you wrote (not saved)");
    expect(keptText(html)).toBe(review);
    // Not the page that says their role lacks it: their role did not change.
    expect(html).not.toContain("ask a lead to change your role");

    const korean = await mentor.request(page, {
      form: {
        intent: "approve",
        checkpointId: String(pairing.checkpointId),
        comment: "잘했어요",
      },
      headers: ko,
    });
    expect(korean.status).toBe(403);
    const koHtml = await korean.text();
    expect(koHtml).toContain(
      `이제 이 티켓에서 ${pairing.newcomerName} 님의 멘토는 ${next.name} 님이에요.`,
    );
    expect(koHtml).toContain("쓴 내용 (저장되지 않음)");
    expect(keptText(koHtml)).toBe("잘했어요");

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
