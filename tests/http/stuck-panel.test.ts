import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findStuck } from "~/mentoring/checkpoints.server";
import { readableHtml } from "../support/http";
import { setPerson, signedInAs } from "../support/people";
import { startServer, type TestServer } from "../support/server";

// A stuck assignment's page, read by its mentor and by its newcomer: the mentor is told how long
// nothing has moved; the newcomer reads the same fact as an offer of help, not a verdict.

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("a stuck assignment's page", () => {
  it("tells the mentor it is stuck, and the newcomer that help is there, in English and Korean", async () => {
    const [stuck] = await findStuck(server.db, { workingDays: 3 });
    if (!stuck) throw new Error("the demo has no stuck assignment");
    const people = await server.db
      .selectFrom("assignments as a")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .select(["n.email as newcomer", "m.email as mentor"])
      .where("a.id", "=", stuck.assignmentId)
      .executeTakeFirstOrThrow();
    const path = `/assignments/${stuck.assignmentId}`;
    const days = stuck.workingDays;
    const page = async (email: string) =>
      readableHtml(await (await (await signedInAs(server, email)).get(path)).text());

    const mentor = await page(people.mentor);
    expect(mentor).toContain(`Stuck: no activity for ${days} working days`);

    const newcomer = await page(people.newcomer);
    expect(newcomer).toContain(`Quiet for ${days} working days: your mentor is here to help`);
    expect(newcomer).toContain("getting stuck is part of learning a codebase");
    expect(newcomer).not.toContain("Stuck: no activity");

    await setPerson(server, people.newcomer, { locale: "ko" });
    try {
      const korean = await page(people.newcomer);
      expect(korean).toContain(`${days}영업일째 조용해요. 멘토가 도와줄 거예요`);
      expect(korean).not.toContain("활동이 없어요</h2>");
    } finally {
      await setPerson(server, people.newcomer, { locale: null });
    }
  });

  it("opens the mentor's comment box on the checkpoint where the newcomer asked for help", async () => {
    const active = await server.db
      .selectFrom("assignments as a")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .select(["a.id", "n.email as newcomer", "m.email as mentor"])
      .where("a.status", "=", "active")
      .orderBy("a.id", "desc")
      .executeTakeFirstOrThrow();
    const steps = await server.db
      .selectFrom("assignment_checkpoints")
      .select("id")
      .where("assignment_id", "=", active.id)
      .orderBy("id")
      .execute();
    const [asked, other] = steps;
    if (!asked || !other) throw new Error("no checkpoints");
    const path = `/assignments/${active.id}`;
    const commentBox = (html: string, checkpointId: number) => {
      const form = html.indexOf(
        `<input type="hidden" name="checkpointId" value="${checkpointId}"/><div class="field"><label for="body-${checkpointId}"`,
      );
      expect(form, `comment form of ${checkpointId}`).toBeGreaterThan(-1);
      return html.slice(html.lastIndexOf("<details", form), form);
    };
    const mentor = await signedInAs(server, active.mentor);
    // Folded until someone asks.
    expect(commentBox(await (await mentor.get(path)).text(), asked.id)).not.toContain("open");

    const newcomer = await signedInAs(server, active.newcomer);
    const sent = await newcomer.post(path, {
      intent: "stuck",
      checkpointId: String(asked.id),
      body: "로그에 아무것도 안 찍혀요. 어디부터 봐야 할까요?",
    });
    expect(sent.status).toBeLessThan(400);

    const html = await (await mentor.get(path)).text();
    expect(commentBox(html, asked.id)).toContain('open=""');
    expect(commentBox(html, other.id)).not.toContain("open");
    // The newcomer's own page keeps it folded: the request is theirs.
    expect(commentBox(await (await newcomer.get(path)).text(), asked.id)).not.toContain("open");
  });
});
