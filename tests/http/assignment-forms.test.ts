import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssignmentNoteKind } from "../../db/schema";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The assignment page's small forms without JavaScript: a refused comment or pairing note comes
// back with a 400, the reason at its own field (tied to it by aria-describedby), and the text kept.

let server: TestServer;
let assignmentId: number;
let current: number;
let earlier: number;
let newcomerEmail: string;
let mentorEmail: string;

beforeAll(async () => {
  server = await startServer();
  const assignment = await server.db
    .selectFrom("assignments as a")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .innerJoin("users as m", "m.id", "a.mentor_id")
    .select(["a.id", "n.email as newcomerEmail", "m.email as mentorEmail"])
    .where("a.status", "=", "active")
    .orderBy("a.id")
    .executeTakeFirstOrThrow();
  assignmentId = assignment.id;
  newcomerEmail = assignment.newcomerEmail;
  mentorEmail = assignment.mentorEmail;
  const steps = await server.db
    .selectFrom("assignment_checkpoints")
    .select("id")
    .where("assignment_id", "=", assignmentId)
    .orderBy("id")
    .execute();
  const [first, second] = steps;
  if (!first || !second) throw new Error("the demo assignment has no checkpoints");
  earlier = first.id;
  current = second.id;
});
afterAll(async () => {
  await server?.stop();
});

/** A textarea's tag and its text, found by id. */
function textarea(html: string, id: string) {
  const match = html.match(new RegExp(`<textarea([^>]*\\bid="${id}"[^>]*)>([^<]*)</textarea>`));
  if (!match) throw new Error(`no textarea #${id}`);
  return { attributes: match[1] ?? "", text: match[2] ?? "" };
}

/** The text of the element with this id (one level deep is enough for a field's error). */
function textOf(html: string, id: string): string | null {
  const match = html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`));
  return match ? (match[1] ?? "") : null;
}

describe("the checkpoint comment form without JavaScript", () => {
  it("a blank or too long comment is refused at its own checkpoint's field, the text kept", async () => {
    const newcomer = new Browser(server.url);
    await newcomer.login(newcomerEmail, DEMO_PASSWORD);
    const page = `/assignments/${assignmentId}`;
    const before = await newcomer.get(page);
    expect(before.status).toBe(200);

    for (const checkpointId of [earlier, current]) {
      const other = checkpointId === earlier ? current : earlier;
      const blank = await newcomer.post(page, {
        intent: "comment",
        checkpointId: String(checkpointId),
        body: "   ",
      });
      expect(blank.status).toBe(400);
      const html = await blank.text();
      expect(textOf(html, `body-${checkpointId}-error`)).toBe("Write a few words first.");
      const field = textarea(html, `body-${checkpointId}`);
      expect(field.attributes).toContain(`aria-describedby="body-${checkpointId}-error"`);
      expect(field.attributes).toContain('aria-invalid="true"');
      // Only that checkpoint's form says so; the other card's stays as it was.
      expect(textOf(html, `body-${other}-error`)).toBeNull();
      expect(textarea(html, `body-${other}`).attributes).not.toContain("aria-invalid");
      expect(html).not.toContain('role="alert"');
    }

    // A NUL shows nothing on the page: a comment of NULs is as blank as one of spaces.
    const nul = await newcomer.post(page, {
      intent: "comment",
      checkpointId: String(current),
      body: "\u0000 \u0000",
    });
    expect(nul.status).toBe(400);
    expect(textOf(await nul.text(), `body-${current}-error`)).toBe("Write a few words first.");

    const long = "Tried the staging login again; ".repeat(200);
    const tooLong = await newcomer.post(page, {
      intent: "comment",
      checkpointId: String(current),
      body: long,
    });
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(textOf(html, `body-${current}-error`)).toMatch(/^Use at most 5,?000 characters\.$/);
    expect(textarea(html, `body-${current}`).text).toBe(long);
    // The form comes back open, so the reason is seen without a click.
    expect(html).toMatch(/<details class="comment-form" open="">/);
  });
});

describe("the mentor's pairing-session note without JavaScript", () => {
  it("a whitespace-only note is refused under the notes field, not at the top of the page", async () => {
    const mentor = new Browser(server.url);
    await mentor.login(mentorEmail, DEMO_PASSWORD);
    const response = await mentor.post(`/assignments/${assignmentId}`, {
      intent: "pairing",
      notes: "  \n  ",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(textOf(html, "pairing-notes-error")).toBe("Say what you worked on together.");
    const field = textarea(html, "pairing-notes");
    expect(field.attributes).toContain('aria-describedby="pairing-notes-error"');
    expect(field.attributes).toContain('aria-invalid="true"');
    expect(field.text).toBe("  \n  ");
    // Said once, at the field: not also as the page's message.
    expect(html.split("Say what you worked on together.")).toHaveLength(2);
    const notes = await server.db
      .selectFrom("assignment_notes")
      .select("id")
      .where("assignment_id", "=", assignmentId)
      .where("kind", "=", "pairing")
      .execute();
    expect(notes).toEqual([]);
  });
});

describe("a NUL pasted into a note or a comment", () => {
  it("is refused at the field with what was typed kept, and nothing is stored", async () => {
    // No keyboard types NUL and no page shows it: a note stored "쿠\u0000키" read "쿠키".
    const controls = "This has a control character (such as NUL) that no page can show";
    const mentor = new Browser(server.url);
    await mentor.login(mentorEmail, DEMO_PASSWORD);
    const pairing = await mentor.post(`/assignments/${assignmentId}`, {
      intent: "pairing",
      notes: "같이 쿠\u0000키 만료를 재현했어요",
    });
    expect(pairing.status).toBe(400);
    const pairingPage = await pairing.text();
    expect(textOf(pairingPage, "pairing-notes-error")).toContain(controls);
    expect(textarea(pairingPage, "pairing-notes").text).toBe("같이 쿠키 만료를 재현했어요");

    const newcomer = new Browser(server.url);
    await newcomer.login(newcomerEmail, DEMO_PASSWORD);
    const commentsBefore = await server.db
      .selectFrom("checkpoint_comments")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const comment = await newcomer.post(`/assignments/${assignmentId}`, {
      intent: "comment",
      checkpointId: String(current),
      body: "로그를 붙였어요\u0000 확인 부탁드려요",
    });
    expect(comment.status).toBe(400);
    expect(textOf(await comment.text(), `body-${current}-error`)).toContain(controls);
    const commentsAfter = await server.db
      .selectFrom("checkpoint_comments")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(commentsAfter.n).toBe(commentsBefore.n);
    const notes = await server.db
      .selectFrom("assignment_notes")
      .select("body")
      .where("assignment_id", "=", assignmentId)
      .execute();
    expect(notes.filter((n) => n.body.includes("\u0000"))).toEqual([]);
  });
});

describe("the mentor's nudge, hand-over and release forms without JavaScript", () => {
  /** The mentor's notes of this kind on the assignment (none is written by a refused form). */
  const notesOf = (kind: AssignmentNoteKind) =>
    server.db
      .selectFrom("assignment_notes")
      .select("id")
      .where("assignment_id", "=", assignmentId)
      .where("kind", "=", kind)
      .execute();

  it("a too long nudge is refused at its message box, the message kept and the form open", async () => {
    const mentor = new Browser(server.url);
    await mentor.login(mentorEmail, DEMO_PASSWORD);
    const message = "Shall we look at the staging logs together tomorrow morning? ".repeat(40);
    const response = await mentor.post(`/assignments/${assignmentId}`, {
      intent: "nudge",
      message,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    const reason = "Keep the message under 2,000 characters.";
    expect(textOf(html, "nudge-message-error")).toBe(reason);
    const field = textarea(html, "nudge-message");
    expect(field.attributes).toContain('aria-describedby="nudge-message-error"');
    expect(field.attributes).toContain('aria-invalid="true"');
    expect(field.text).toBe(message);
    expect(html.split(reason)).toHaveLength(2);
    expect(html).not.toContain('role="alert"');
    expect(html).toMatch(/<details open=""><summary>Nudge<\/summary>/);
    expect(await notesOf("nudge")).toEqual([]);
  });

  it("a forged mentor is refused at the mentor field, the hand-over note kept", async () => {
    const mentor = new Browser(server.url);
    await mentor.login(mentorEmail, DEMO_PASSWORD);
    const note = "They are halfway through the root cause: see the comment on step 3.";
    const newcomer = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", newcomerEmail)
      .executeTakeFirstOrThrow();
    for (const [mentorId, status, reason] of [
      ["not-a-number", 400, "Choose the mentor to hand over to."],
      ["", 400, "Choose the mentor to hand over to."],
      // A person who is no mentor (here the newcomer themself) is no mentor with a free place.
      [String(newcomer.id), 409, "That mentor has no free place. Pick another one."],
    ] as const) {
      const response = await mentor.post(`/assignments/${assignmentId}`, {
        intent: "handover",
        mentorId,
        note,
      });
      expect(response.status).toBe(status);
      const html = await response.text();
      expect(textOf(html, "handover-mentor-error")).toBe(reason);
      expect(html).toMatch(
        /<select[^>]*aria-invalid="true"[^>]*aria-describedby="handover-mentor-error"/,
      );
      expect(textarea(html, "handover-note").text).toBe(note);
      expect(html.split(reason)).toHaveLength(2);
      expect(html).not.toContain('role="alert"');
    }
    expect(await notesOf("handover")).toEqual([]);
  });

  it("a too long release reason is refused at its box, the reason kept and the claim kept", async () => {
    const mentor = new Browser(server.url);
    await mentor.login(mentorEmail, DEMO_PASSWORD);
    const reason = "No progress for two weeks and no answer to three nudges. ".repeat(40);
    const response = await mentor.post(`/assignments/${assignmentId}`, {
      intent: "release_mentee",
      reason,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(textOf(html, "release-reason-error")).toBe("Keep the reason under 2,000 characters.");
    expect(textarea(html, "release-reason").text).toBe(reason);
    expect(html).not.toContain('role="alert"');
    const assignment = await server.db
      .selectFrom("assignments")
      .select("status")
      .where("id", "=", assignmentId)
      .executeTakeFirstOrThrow();
    expect(assignment.status).toBe("active");
  });
});

describe("a note sent from a page left open on a finished assignment", () => {
  it("is refused with 409 and the reason, and nothing is stored", async () => {
    const finished = await server.db
      .selectFrom("assignments as a")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("assignment_checkpoints as ac", "ac.assignment_id", "a.id")
      .select(["a.id", "n.email", "ac.id as checkpointId"])
      .where("a.status", "=", "resolved")
      .orderBy("a.id")
      .orderBy("ac.id")
      .executeTakeFirstOrThrow();
    const newcomer = new Browser(server.url);
    await newcomer.login(finished.email, DEMO_PASSWORD);
    const count = () =>
      server.db
        .selectFrom("checkpoint_comments")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("assignment_checkpoint_id", "=", finished.checkpointId)
        .executeTakeFirstOrThrow();
    const before = await count();
    for (const intent of ["stuck", "comment"]) {
      const sent = await newcomer.post(`/assignments/${finished.id}`, {
        intent,
        checkpointId: String(finished.checkpointId),
        body: "still stuck on this one",
      });
      expect(sent.status).toBe(409);
      expect(await sent.text()).toContain(
        "This assignment is finished, so its checkpoints can&#x27;t change.",
      );
    }
    expect(await count()).toEqual(before);
  });
});
