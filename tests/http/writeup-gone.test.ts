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
