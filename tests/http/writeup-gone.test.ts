import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, readableHtml } from "../support/http";
import { setPerson, signedInAs } from "../support/people";
import { startServer, type TestServer } from "../support/server";

// A write-up deleted (in the database: no page of Koan deletes one) between the page being
// loaded and its form being sent. Publishing it, voting on it, saving its editor or marking it
// still correct on the review page answers that it is gone (404, naming it where the page had
// shown its title, keeping what was typed), in English and Korean, never that the sender is not
// allowed to do it.

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Each read-only "what you typed" box: its label and its text, in order. */
function kept(html: string): [string, string][] {
  const labels = [...html.matchAll(/<label for="kept-(\d+)">([^<]*)<\/label>/g)];
  return labels.map(([, i, label]) => {
    const box = html.match(
      new RegExp(`<textarea id="kept-${i}"[^>]*readOnly=""[^>]*>([^<]*)</textarea>`, "i"),
    );
    return [readableHtml(label ?? ""), readableHtml(box?.[1] ?? "")];
  });
}

/** A write-up of the demo's (published, not imported), `n`th by id, made a draft if asked. */
async function writeup(n: number, status: "draft" | "published" = "published") {
  const row = await server.db
    .selectFrom("writeups")
    .select(["id", "title", "symptom", "root_cause", "fix", "resolution", "updated_at"])
    .where("status", "=", "published")
    .where("external_id", "is", null)
    .orderBy("id")
    .offset(n)
    .limit(1)
    .executeTakeFirstOrThrow();
  if (status === "draft") {
    await server.db
      .updateTable("writeups")
      .set({ status: "draft" })
      .where("id", "=", row.id)
      .execute();
  }
  return row;
}

async function deleteWriteup(id: number) {
  await server.db.deleteFrom("writeups").where("id", "=", id).execute();
}

/** The page `path` opens (200) for `browser`: what was loaded before the write-up went. */
async function opened(browser: Browser, path: string) {
  const page = await browser.get(path);
  expect(page.status).toBe(200);
}

async function inLocale(email: string, locale: "en" | "ko") {
  await setPerson(server, email, { locale });
}

describe("a write-up deleted while its page is open", () => {
  it("publishing it answers that it is gone, not that publishing is not allowed", async () => {
    const draft = await writeup(0, "draft");
    const lead = await signedInAs(server, "lead@koan.test");
    await opened(lead, `/kb/${draft.id}`);
    await deleteWriteup(draft.id);
    try {
      for (const [locale, said] of [
        ["en", `“${draft.title}” was not published: it has been deleted.`],
        ["ko", `“${draft.title}” 해결 기록을 게시하지 않았어요. 삭제된 해결 기록이에요.`],
      ] as const) {
        await inLocale("lead@koan.test", locale);
        const sent = await lead.post(`/kb/${draft.id}`, { intent: "publish", title: draft.title });
        expect(sent.status).toBe(404);
        const html = readableHtml(await sent.text());
        expect(html).toContain(said);
        expect(html).not.toMatch(/only its author|작성자, 검토하는 멘토, 리드만/);
      }
    } finally {
      await setPerson(server, "lead@koan.test", { locale: null });
    }
  });

  it("a vote on it answers that it is gone, naming it", async () => {
    const published = await writeup(0);
    const newcomer = await signedInAs(server, "newcomer@koan.test");
    await opened(newcomer, `/kb/${published.id}`);
    await deleteWriteup(published.id);
    try {
      for (const [locale, said] of [
        ["en", `“${published.title}” is no longer published, so your vote was not counted.`],
        [
          "ko",
          `“${published.title}” 해결 기록은 더 이상 게시되어 있지 않아서 투표가 반영되지 않았어요.`,
        ],
      ] as const) {
        await inLocale("newcomer@koan.test", locale);
        const sent = await newcomer.post(`/kb/${published.id}`, {
          intent: "vote",
          helpful: "yes",
          title: published.title,
        });
        expect(sent.status).toBe(404);
        expect(readableHtml(await sent.text())).toContain(said);
      }
    } finally {
      await setPerson(server, "newcomer@koan.test", { locale: null });
    }
  });

  it("saving or publishing its editor answers that it is gone and keeps what was typed", async () => {
    const editing = await writeup(0);
    const lead = await signedInAs(server, "lead@koan.test");
    await opened(lead, `/kb/${editing.id}/edit`);
    await deleteWriteup(editing.id);
    const form = {
      title: "Checkout times out after the card step",
      symptom: "The spinner never stops; the log says 504 from payments-gw.",
      rootCause: editing.root_cause,
      fix: editing.fix,
      resolution: editing.resolution,
      version: editing.updated_at,
    };
    try {
      for (const [locale, intent, said, labels] of [
        [
          "en",
          "save",
          "This write-up has been deleted since you opened it, so your changes were not saved.",
          ["Title", "Symptom"],
        ],
        [
          "ko",
          "publish",
          "이 해결 기록을 연 뒤에 해결 기록이 삭제되어서 변경 사항은 저장되지 않았어요.",
          ["제목", "증상"],
        ],
      ] as const) {
        await inLocale("lead@koan.test", locale);
        const sent = await lead.post(`/kb/${editing.id}/edit`, { ...form, intent });
        expect(sent.status).toBe(404);
        const html = await sent.text();
        expect(readableHtml(html)).toContain(said);
        const boxes = kept(html);
        expect(boxes.slice(0, 2)).toEqual([
          [labels[0], form.title],
          [labels[1], form.symptom],
        ]);
        expect(boxes.map(([, text]) => text)).toContain(form.fix);
      }
    } finally {
      await setPerson(server, "lead@koan.test", { locale: null });
    }
  });

  it("marking it still correct on the review page answers that it is gone", async () => {
    const reviewed = await writeup(0);
    const mentor = await signedInAs(server, "mentor@koan.test");
    await opened(mentor, "/kb/review");
    await deleteWriteup(reviewed.id);
    try {
      for (const [locale, said] of [
        ["en", `“${reviewed.title}” was not marked still correct: it has been deleted.`],
        ["ko", `“${reviewed.title}”에 아직 맞다고 표시하지 않았어요. 삭제된 해결 기록이에요.`],
      ] as const) {
        await inLocale("mentor@koan.test", locale);
        const sent = await mentor.post("/kb/review", {
          intent: "still-correct",
          writeupId: String(reviewed.id),
          title: reviewed.title,
        });
        expect(sent.status).toBe(404);
        expect(readableHtml(await sent.text())).toContain(said);
      }
    } finally {
      await setPerson(server, "mentor@koan.test", { locale: null });
    }
  });
});

describe("an assignment's write-up deleted while its Write-up step waits for sign-off", () => {
  /** The demo's assignment whose Write-up step waits for sign-off, its people and write-up. */
  async function waitingWriteupStep() {
    const row = await server.db
      .selectFrom("assignments as a")
      .innerJoin("assignment_checkpoints as ac", "ac.assignment_id", "a.id")
      .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
      .innerJoin("users as n", "n.id", "a.newcomer_id")
      .innerJoin("users as m", "m.id", "a.mentor_id")
      .innerJoin("writeups as w", "w.assignment_id", "a.id")
      .select([
        "a.id",
        "ac.id as stepId",
        "n.email as newcomer",
        "m.email as mentor",
        "w.id as writeupId",
      ])
      .where("a.status", "=", "active")
      .where("tc.key", "=", "writeup")
      .where("ac.state", "=", "submitted")
      .executeTakeFirstOrThrow();
    const evidence = await server.db
      .selectFrom("evidence")
      .select("id")
      .where("assignment_checkpoint_id", "=", row.stepId)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    return { ...row, evidenceId: evidence.id };
  }

  it("says so on the step: sending it is 'gone', approving is refused at the review, and the newcomer drafts it again", async () => {
    const step = await waitingWriteupStep();
    const page = `/assignments/${step.id}`;
    const newcomer = await signedInAs(server, step.newcomer);
    const mentor = await signedInAs(server, step.mentor);
    await opened(newcomer, page);
    await opened(mentor, page);
    await deleteWriteup(step.writeupId);
    try {
      // "Send it to … for sign-off" from the page left open: gone (it was 409 "the step moved on").
      for (const [locale, said] of [
        ["en", "Your write-up was deleted, so nothing was sent."],
        ["ko", "해결 기록이 삭제돼서 아무것도 보내지 않았어요."],
      ] as const) {
        await inLocale(step.newcomer, locale);
        const sent = await newcomer.post(page, {
          intent: "submit_writeup",
          writeupId: String(step.writeupId),
        });
        expect(sent.status).toBe(404);
        expect(readableHtml(await sent.text())).toContain(said);
      }

      // The mentor's approval drafted it again and published it unread: refused at the review,
      // the comment kept; the card offers "Ask for changes" only.
      for (const [locale, said, approve] of [
        ["en", "The write-up was deleted, so there is nothing to approve.", "Approve"],
        ["ko", "해결 기록이 삭제돼서 승인할 것이 없어요.", "승인하기"],
      ] as const) {
        await inLocale(step.mentor, locale);
        const sent = await mentor.post(page, {
          intent: "approve",
          checkpointId: String(step.stepId),
          evidenceId: String(step.evidenceId),
          comment: "Reads well, thank you",
        });
        expect(sent.status).toBe(400);
        const html = readableHtml(await sent.text());
        expect(html).toContain(said);
        expect(html).toContain(`>Reads well, thank you</textarea>`);
        expect(html).not.toContain(`value="approve"`);
        expect(html).not.toMatch(new RegExp(`>${approve}<`));
      }
      await inLocale(step.mentor, "en");
      const mentorPage = readableHtml(await (await mentor.get(page)).text());
      expect(mentorPage).toContain(
        "The write-up was deleted from the knowledge base, so there is nothing to approve yet.",
      );
      expect(mentorPage).not.toContain(`value="redraft_writeup"`);
      const none = await server.db
        .selectFrom("writeups")
        .select("id")
        .where("assignment_id", "=", step.id)
        .execute();
      expect(none).toEqual([]);

      // The newcomer reads that it was deleted, and drafts it again from the evidence.
      await inLocale(step.newcomer, "ko");
      const ko = readableHtml(await (await newcomer.get(page)).text());
      expect(ko).toContain("해결 기록이 지식 베이스에서 삭제됐어요.");
      expect(ko).toContain("근거로 초안 다시 만들기");
      await inLocale(step.newcomer, "en");
      const en = readableHtml(await (await newcomer.get(page)).text());
      expect(en).toContain("Your write-up was deleted from the knowledge base.");
      expect(en).toContain(`value="redraft_writeup"`);
      // Not the mentor's to draft.
      expect((await mentor.post(page, { intent: "redraft_writeup" })).status).toBe(403);
      // Drafted again, the newcomer reads it through in the editor, told what happened.
      const redrafted = await newcomer.post(page, { intent: "redraft_writeup" });
      const again = await server.db
        .selectFrom("writeups")
        .select(["id", "status"])
        .where("assignment_id", "=", step.id)
        .executeTakeFirstOrThrow();
      expect(again.status).toBe("draft");
      expect(redrafted.status).toBe(302);
      expect(redrafted.headers.get("location")).toBe(`/kb/${again.id}/edit?redrafted`);
      const editor = readableHtml(
        await (await newcomer.get(`/kb/${again.id}/edit?redrafted`)).text(),
      );
      expect(editor).toContain("Drafted again from the assignment's evidence.");
      await inLocale(step.newcomer, "ko");
      const editorKo = readableHtml(
        await (await newcomer.get(`/kb/${again.id}/edit?redrafted`)).text(),
      );
      expect(editorKo).toContain("배정의 근거로 초안을 다시 만들었어요.");
      // A second click (the page left open) drafts nothing more: the same write-up.
      expect(
        (await newcomer.post(page, { intent: "redraft_writeup" })).headers.get("location"),
      ).toBe(`/kb/${again.id}/edit?redrafted`);
      const mine = readableHtml(await (await newcomer.get(page)).text());
      expect(mine).not.toContain(`value="redraft_writeup"`);
    } finally {
      await setPerson(server, step.newcomer, { locale: null });
      await setPerson(server, step.mentor, { locale: null });
    }
  });
});
