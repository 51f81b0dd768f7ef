import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readableHtml } from "../support/http";
import { demotedAfterSignIn, setPerson, signedInAs } from "../support/people";
import { startServer, type TestServer } from "../support/server";

// The review page's buttons (/kb/review) pressed when they are no longer needed or allowed: the
// answer names the write-up (its title, linked while it is there), says what to do next, in the
// reader's language, and keeps Koan's header and navigation. Two reviewers resolving one flag at
// once record one resolution; the other hears, calmly, who resolved it.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

type Locale = "en" | "ko";

async function signedIn(email: string, locale: Locale) {
  await setPerson(server, email, { locale });
  return signedInAs(server, email);
}

/** The notice the action answered with (role="status" or "alert"), as markup. */
function noticeHtml(html: string): string {
  const match = readableHtml(html).match(
    /<div class="notice notice-\w+" role="\w+"[^>]*>(.*?)<\/div>/s,
  );
  return match?.[1] ?? "";
}

/** The notice, as text. */
const notice = (html: string) => noticeHtml(html).replace(/<[^>]+>/g, "");

/** Whether `html` (a notice, or a page) links the write-up `id`. */
const links = (html: string, id: number) => new RegExp(`<a [^>]*href="/kb/${id}"[^>]*>`).test(html);

const hasMainNav = (html: string) => /<nav aria-label="[^"]+"/.test(html);

let nextWriteup = 0;
/** A published write-up (a different one each call), flagged as out of date by a newcomer. */
async function flagged() {
  const writeups = await server.db
    .selectFrom("writeups")
    .select(["id", "title"])
    .where("status", "=", "published")
    .orderBy("id")
    .execute();
  const writeup = writeups[nextWriteup++ % writeups.length];
  if (!writeup) throw new Error("the demo has no published write-up");
  const newcomer = await signedInAs(server, "newcomer@koan.test");
  const sent = await newcomer.post(`/kb/${writeup.id}`, {
    intent: "flag",
    note: "Step 2 names a file that moved.",
  });
  expect(sent.status).toBe(200);
  const flag = await server.db
    .selectFrom("writeup_flags")
    .select("id")
    .where("writeup_id", "=", writeup.id)
    .where("resolved_at", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return { flagId: flag.id, writeupId: writeup.id, title: writeup.title };
}

function resolveForm(f: { flagId: number; writeupId: number; title: string }) {
  return {
    intent: "resolve",
    flagId: String(f.flagId),
    writeupId: String(f.writeupId),
    title: f.title,
  };
}

async function nameOf(email: string) {
  const row = await server.db
    .selectFrom("users")
    .select("name")
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  return row.name;
}

describe("two reviewers pressing Resolve on the same flag at once", () => {
  it.each([["en"], ["ko"]] as const)(
    "records one resolution; the other is told calmly who resolved it (%s)",
    async (locale) => {
      const f = await flagged();
      const mentor = await signedIn("mentor@koan.test", locale);
      const lead = await signedIn("lead@koan.test", locale);
      const [a, b] = await Promise.all([
        mentor.post("/kb/review", resolveForm(f)),
        lead.post("/kb/review", resolveForm(f)),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const audits = await server.db
        .selectFrom("audit_events")
        .select("actor_id")
        .where("action", "=", "writeup.flag_resolved")
        .where("data", "like", `%"flagId":${f.flagId}%`)
        .execute();
      expect(audits).toHaveLength(1);
      const flag = await server.db
        .selectFrom("writeup_flags as f")
        .innerJoin("users as u", "u.id", "f.resolved_by")
        .select(["u.email", "u.name"])
        .where("f.id", "=", f.flagId)
        .executeTakeFirstOrThrow();
      const [won, late] = flag.email === "mentor@koan.test" ? [a, b] : [b, a];
      const [wonHtml, lateHtml] = [await won.text(), await late.text()];
      expect(links(noticeHtml(wonHtml), f.writeupId)).toBe(true);
      expect(links(noticeHtml(lateHtml), f.writeupId)).toBe(true);
      expect(hasMainNav(lateHtml)).toBe(true);
      if (locale === "en") {
        expect(notice(wonHtml)).toBe(
          `Resolved the flag on “${f.title}”. Thank you for keeping the write-ups true.`,
        );
        expect(notice(lateHtml)).toBe(
          `${flag.name} already resolved the flag on “${f.title}”: nothing more to do for it. The list below is up to date.`,
        );
        expect(readableHtml(lateHtml)).toContain('role="status"');
      } else {
        expect(notice(wonHtml)).toContain(`“${f.title}”의 신고를 처리했어요.`);
        expect(notice(lateHtml)).toBe(
          `“${f.title}”의 신고는 ${flag.name} 님이 이미 처리했어요. 더 할 일은 없어요. 아래 목록은 최신이에요.`,
        );
      }
    },
  );
});

describe("Resolve pressed after the flag was resolved by someone else", () => {
  it("answers 200 with who resolved it, the write-up linked, in Korean", async () => {
    const f = await flagged();
    const lead = await signedIn("lead@koan.test", "en");
    expect((await lead.post("/kb/review", resolveForm(f))).status).toBe(200);
    const mentor = await signedIn("mentor@koan.test", "ko");
    const late = await mentor.post("/kb/review", resolveForm(f));
    expect(late.status).toBe(200);
    const html = await late.text();
    expect(notice(html)).toContain(
      `의 신고는 ${await nameOf("lead@koan.test")} 님이 이미 처리했어요`,
    );
    expect(links(noticeHtml(html), f.writeupId)).toBe(true);
  });
});

describe("the review buttons, pressed after the mentor was made a newcomer", () => {
  async function demotedMentor(locale: Locale) {
    await setPerson(server, "mentor@koan.test", { locale });
    return demotedAfterSignIn(server, "mentor@koan.test", { role: "newcomer" });
  }
  const restore = () => setPerson(server, "mentor@koan.test", { role: "mentor", locale: null });

  it.each([
    ["en", "Only mentors and leads resolve flags, so the flag on “{title}” was not resolved."],
    ["ko", "신고는 멘토와 리드만 처리해요. 그래서 “{title}”의 신고는 처리하지 않았어요."],
  ] as const)(
    "Resolve: 403 naming the flag's write-up, linked to open it (%s)",
    async (locale, said) => {
      const f = await flagged();
      const mentor = await demotedMentor(locale);
      try {
        const refused = await mentor.post("/kb/review", resolveForm(f));
        expect(refused.status).toBe(403);
        const html = readableHtml(await refused.text());
        expect(html).toContain(said.replace("{title}", f.title));
        expect(html).toMatch(
          new RegExp(
            `<a [^>]*href="/kb/${f.writeupId}"[^>]*>Open “${f.title.slice(0, 10)}|<a [^>]*href="/kb/${f.writeupId}"[^>]*>“${f.title.slice(0, 10)}`,
          ),
        );
        expect(hasMainNav(html)).toBe(true);
        const open = await server.db
          .selectFrom("writeup_flags")
          .select("resolved_at")
          .where("id", "=", f.flagId)
          .executeTakeFirstOrThrow();
        expect(open.resolved_at).toBeNull();
      } finally {
        await restore();
      }
    },
  );

  it.each([
    ["en", "so “{title}” was not marked still correct"],
    ["ko", "그래서 “{title}”에 아직 맞다고 표시하지 않았어요"],
  ] as const)("Still correct: 403 naming the write-up, linked (%s)", async (locale, said) => {
    const f = await flagged();
    const mentor = await demotedMentor(locale);
    try {
      const refused = await mentor.post("/kb/review", {
        intent: "still-correct",
        writeupId: String(f.writeupId),
        title: f.title,
      });
      expect(refused.status).toBe(403);
      const html = readableHtml(await refused.text());
      expect(html).toContain(said.replace("{title}", f.title));
      expect(links(html, f.writeupId)).toBe(true);
      expect(hasMainNav(html)).toBe(true);
    } finally {
      await restore();
    }
  });
});

describe("the review buttons, pressed after the write-up went back to draft or is gone", () => {
  it.each([
    ["en", "was not marked still correct: it is a draft again"],
    ["ko", "에 아직 맞다고 표시하지 않았어요. 다시 초안이 되어"],
  ] as const)(
    "Still correct on a draft: 409 naming it, linked, the list below (%s)",
    async (locale, said) => {
      const f = await flagged();
      await server.db
        .updateTable("writeups")
        .set({ status: "draft" })
        .where("id", "=", f.writeupId)
        .execute();
      try {
        const lead = await signedIn("lead@koan.test", locale);
        const refused = await lead.post("/kb/review", {
          intent: "still-correct",
          writeupId: String(f.writeupId),
          title: f.title,
        });
        expect(refused.status).toBe(409);
        const html = await refused.text();
        expect(notice(html)).toContain(`“${f.title}”${said.startsWith("에") ? "" : " "}${said}`);
        expect(links(noticeHtml(html), f.writeupId)).toBe(true);
        expect(hasMainNav(html)).toBe(true);
        expect(html).toContain('id="flags-heading"');
      } finally {
        await server.db
          .updateTable("writeups")
          .set({ status: "published" })
          .where("id", "=", f.writeupId)
          .execute();
      }
    },
  );

  it.each([
    ["en", "has been deleted, and its flag with it: nothing was resolved."],
    ["ko", "해결 기록이 삭제되어 신고도 함께 없어졌어요."],
  ] as const)(
    "Resolve on a deleted write-up's flag: 404 naming the title it had (%s)",
    async (locale, said) => {
      const lead = await signedIn("lead@koan.test", locale);
      const refused = await lead.post("/kb/review", {
        intent: "resolve",
        flagId: "987654",
        writeupId: "987654",
        title: "Refunds rounding down",
      });
      expect(refused.status).toBe(404);
      const html = await refused.text();
      expect(notice(html)).toContain(`“Refunds rounding down” ${said}`);
      expect(links(html, 987654)).toBe(false);
      expect(hasMainNav(html)).toBe(true);
    },
  );

  it.each([
    ["en", "no longer exists, so nothing was resolved."],
    ["ko", "의 신고가 더 이상 없어서 아무것도 처리하지 않았어요."],
  ] as const)(
    "Resolve on a flag that is gone: 404 naming its write-up, linked (%s)",
    async (locale, said) => {
      const f = await flagged();
      await server.db.deleteFrom("writeup_flags").where("id", "=", f.flagId).execute();
      const lead = await signedIn("lead@koan.test", locale);
      const refused = await lead.post("/kb/review", resolveForm(f));
      expect(refused.status).toBe(404);
      const html = await refused.text();
      expect(notice(html)).toContain(said);
      expect(notice(html)).toContain(`“${f.title}”`);
      expect(links(noticeHtml(html), f.writeupId)).toBe(true);
    },
  );
});

describe("a vote or flag sent from a write-up's page after it stopped being published", () => {
  /** The read-only "what you typed" box: its label and text. */
  function keptBox(html: string): [string, string] | null {
    const label = readableHtml(html).match(/<label for="kept-0">([^<]*)<\/label>/);
    const box = readableHtml(html).match(
      /<textarea id="kept-0"[^>]*readOnly=""[^>]*>([^<]*)<\/textarea>/i,
    );
    return label && box ? [label[1] ?? "", box[1] ?? ""] : null;
  }

  it.each([
    ["en", "is no longer published, so your note was not sent.", "What has changed?"],
    [
      "ko",
      "해결 기록은 더 이상 게시되어 있지 않아서 남긴 내용을 보내지 않았어요.",
      "무엇이 바뀌었나요?",
    ],
  ] as const)(
    "names it, keeps the note typed, and keeps the header (%s)",
    async (locale, said, label) => {
      const newcomerId = await server.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "newcomer@koan.test")
        .executeTakeFirstOrThrow();
      const writeup = await server.db
        .selectFrom("writeups")
        .select(["id", "title"])
        .where("status", "=", "published")
        .where((eb) => eb.or([eb("author_id", "is", null), eb("author_id", "!=", newcomerId.id)]))
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      const newcomer = await signedIn("newcomer@koan.test", locale);
      const page = await newcomer.get(`/kb/${writeup.id}`);
      expect(page.status).toBe(200);
      await server.db
        .updateTable("writeups")
        .set({ status: "draft" })
        .where("id", "=", writeup.id)
        .execute();
      try {
        const note = "Step 2 names billing/v2, which moved to billing/v3.";
        const flag = await newcomer.post(`/kb/${writeup.id}`, {
          intent: "flag",
          note,
          title: writeup.title,
        });
        expect(flag.status).toBe(404);
        const html = await flag.text();
        expect(readableHtml(html)).toContain(`“${writeup.title}” ${said}`);
        expect(keptBox(html)).toEqual([label, note]);
        expect(hasMainNav(html)).toBe(true);
        const vote = await newcomer.post(`/kb/${writeup.id}`, {
          intent: "vote",
          helpful: "yes",
          title: writeup.title,
        });
        expect(vote.status).toBe(404);
        expect(readableHtml(await vote.text())).toContain(`“${writeup.title}”`);
      } finally {
        await server.db
          .updateTable("writeups")
          .set({ status: "published" })
          .where("id", "=", writeup.id)
          .execute();
      }
    },
  );
});
