import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Two people acting on the same thing at once, or from a page loaded before the other acted.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function loggedIn(email: string) {
  const browser = new Browser(server.url);
  await browser.login(email, DEMO_PASSWORD);
  return browser;
}

/** The review form's hidden field: the latest evidence the page showed for this checkpoint. */
function reviewedEvidence(html: string, checkpointId: number): string {
  const match = html.match(
    new RegExp(
      `name="checkpointId" value="${checkpointId}"/><input type="hidden" name="evidenceId" value="(\\d+)"`,
    ),
  );
  if (!match?.[1]) throw new Error("the review form names no evidence");
  return match[1];
}

describe("reviewing a step from a page loaded before newer evidence came", () => {
  it("refuses the review, keeps what was typed, and takes it once the new evidence was shown", async () => {
    // A step waiting for review, with a mentor of record and a newcomer.
    const step = await server.db
      .selectFrom("assignment_checkpoints as ac")
      .innerJoin("assignments as a", "a.id", "ac.assignment_id")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .select(["ac.id", "a.id as assignmentId", "n.email as newcomer", "m.email as mentor"])
      .where("a.status", "=", "active")
      .where("ac.state", "=", "submitted")
      .orderBy("ac.id")
      .executeTakeFirstOrThrow();
    const page = `/assignments/${step.assignmentId}`;
    const mentor = await loggedIn(step.mentor);
    const lead = await loggedIn("lead@koan.test");
    const newcomer = await loggedIn(step.newcomer);

    // The mentor opens the page; meanwhile the lead asks for changes and the newcomer resends.
    const opened = reviewedEvidence(await (await mentor.get(page)).text(), step.id);
    const asked = await lead.post(page, {
      intent: "request_changes",
      checkpointId: String(step.id),
      comment: "Please add the stack trace.",
    });
    expect(asked.status).toBe(200);
    const resent = await newcomer.post(page, {
      intent: "submit",
      checkpointId: String(step.id),
      notes: "Here is the stack trace: TypeError at invoice.ts:42",
    });
    expect(resent.status).toBe(200);

    // The mentor's approval was written against the first evidence: refused, nothing changed.
    const stale = await mentor.post(page, {
      intent: "approve",
      checkpointId: String(step.id),
      evidenceId: opened,
      comment: "Looks right to me",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toMatch(/New evidence arrived while you were reviewing|새 증거가 올라와서/);
    expect(html).toContain("Looks right to me</textarea>");
    expect(html).toContain("TypeError at invoice.ts:42");
    const state = await server.db
      .selectFrom("assignment_checkpoints")
      .select("state")
      .where("id", "=", step.id)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe("resubmitted");

    // The refused page shows the new evidence and names it: approving from it is taken.
    const shown = reviewedEvidence(html, step.id);
    expect(shown).not.toBe(opened);
    const again = await mentor.post(page, {
      intent: "approve",
      checkpointId: String(step.id),
      evidenceId: shown,
      comment: "Looks right to me",
    });
    expect(again.status).toBe(200);
    const after = await server.db
      .selectFrom("assignment_checkpoints")
      .select("state")
      .where("id", "=", step.id)
      .executeTakeFirstOrThrow();
    expect(after.state).toBe("approved");
  });
});
