import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, readableHtml } from "../support/http";
import { demotedAfterSignIn, type Role, setPerson } from "../support/people";
import { startServer, type TestServer } from "../support/server";

// A form refused because its sender's role changed while it was open (a lead made them a
// newcomer): the 403 stays a 403, the page is a Koan page (the header and its navigation, sent
// without scripts as with them), and nothing typed is lost: each typed field under its label in a
// read-only box, in the reader's language. An import names the file that was not imported.

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Signed in as `email` while their role was still theirs; then made `role`, in `locale`. */
const demoted = (email: string, role: Role, locale: "en" | "ko") =>
  demotedAfterSignIn(server, email, { role, locale });

const restore = (email: string, role: Role) => setPerson(server, email, { role, locale: null });

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

/** The page's main navigation landmark, as served: Koan's header, not a bare error. */
const hasMainNav = (html: string, label: string) => html.includes(`<nav aria-label="${label}"`);

describe("the team invite form, sent after the lead was made a newcomer", () => {
  it("is refused (403) with the e-mail, name and components typed kept under their labels, in English and Korean", async () => {
    const form = {
      intent: "invite",
      email: "hana.lee@example.com",
      name: "Hana Lee",
      role: "mentor",
      startDate: "2026-12-14",
      capacity: "2",
      components: "billing, search",
      locale: "",
    };
    const lead = await demoted("lead@koan.test", "newcomer", "en");
    try {
      const refused = await lead.post("/team", form);
      expect(refused.status).toBe(403);
      const html = await refused.text();
      expect(readableHtml(html)).toContain("Nothing was saved. What you typed is below");
      expect(kept(html)).toEqual([
        ["E-mail", form.email],
        ["Name", form.name],
        ["Start date", form.startDate],
        ["Mentee capacity", form.capacity],
        ["Components they know", form.components],
      ]);
      expect(hasMainNav(html, "Main")).toBe(true);
      const invited = await server.db
        .selectFrom("invites")
        .select("id")
        .where("email", "=", form.email)
        .executeTakeFirst();
      expect(invited).toBeUndefined();

      await setPerson(server, "lead@koan.test", { locale: "ko" });
      const korean = await lead.post("/team", form);
      expect(korean.status).toBe(403);
      const koHtml = await korean.text();
      expect(koHtml).toContain("아무것도 저장되지 않았어요.");
      expect(kept(koHtml).map(([label]) => label)).toEqual([
        "이메일",
        "이름",
        "시작일",
        "멘티 수용 인원",
        "아는 컴포넌트",
      ]);
      expect(hasMainNav(koHtml, "주 메뉴")).toBe(true);
    } finally {
      await restore("lead@koan.test", "lead");
    }
  });
});

describe("the synonyms form, sent after the lead was made a mentor", () => {
  it("is refused (403) with both words kept under their labels, in English and Korean", async () => {
    const form = { intent: "add", term: "결제", synonym: "payment" };
    const lead = await demoted("lead@koan.test", "mentor", "en");
    try {
      const refused = await lead.post("/kb/synonyms", form);
      expect(refused.status).toBe(403);
      const html = await refused.text();
      expect(kept(html)).toEqual([
        ["Word", "결제"],
        ["Searched with it", "payment"],
      ]);
      expect(hasMainNav(html, "Main")).toBe(true);

      await setPerson(server, "lead@koan.test", { locale: "ko" });
      const korean = await lead.post("/kb/synonyms", form);
      expect(korean.status).toBe(403);
      expect(kept(await korean.text())).toEqual([
        ["단어", "결제"],
        ["함께 검색할 단어", "payment"],
      ]);
    } finally {
      await restore("lead@koan.test", "lead");
    }
  });
});

describe("the import forms, sent after the mentor was made a newcomer", () => {
  const upload = (browser: Browser, path: string, file: File) => {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", file);
    return browser.request(path, { method: "POST", body: form, headers: { Origin: server.url } });
  };

  it("names the write-up file that was not imported, in English and Korean", async () => {
    const mentor = await demoted("mentor@koan.test", "newcomer", "en");
    try {
      const file = new File([JSON.stringify([{ title: "Cache warmup" }])], "runbooks.json", {
        type: "application/json",
      });
      const refused = await upload(mentor, "/kb/import", file);
      expect(refused.status).toBe(403);
      const html = readableHtml(await refused.text());
      expect(html).toContain("“runbooks.json” was not imported: nothing in it was saved.");
      expect(hasMainNav(html, "Main")).toBe(true);

      // The import of a file already previewed names it too.
      const apply = await mentor.post("/kb/import", {
        intent: "apply",
        batch: "0123456789abcdef0123456789abcdef",
        fileName: "runbooks.json",
      });
      expect(apply.status).toBe(403);
      expect(readableHtml(await apply.text())).toContain("“runbooks.json” was not imported");

      await setPerson(server, "mentor@koan.test", { locale: "ko" });
      const korean = await upload(mentor, "/kb/import", file);
      expect(korean.status).toBe(403);
      expect(readableHtml(await korean.text())).toContain(
        "“runbooks.json” 파일은 가져오지 않았어요.",
      );
    } finally {
      await restore("mentor@koan.test", "mentor");
    }
  });

  it("names the ticket CSV that was not imported, in English and Korean", async () => {
    const mentor = await demoted("mentor@koan.test", "newcomer", "ko");
    try {
      const file = new File(["title,body\nExport hangs,At 99%\n"], "지난주 티켓.csv", {
        type: "text/csv",
      });
      const refused = await upload(mentor, "/tickets/import", file);
      expect(refused.status).toBe(403);
      const html = readableHtml(await refused.text());
      expect(html).toContain("“지난주 티켓.csv” 파일은 가져오지 않았어요.");
      expect(hasMainNav(html, "주 메뉴")).toBe(true);

      await setPerson(server, "mentor@koan.test", { locale: "en" });
      const apply = await mentor.post("/tickets/import", {
        intent: "apply",
        batch: "0123456789abcdef0123456789abcdef",
        fileName: "last-week.csv",
      });
      expect(apply.status).toBe(403);
      expect(readableHtml(await apply.text())).toContain("“last-week.csv” was not imported");
      const tickets = await server.db
        .selectFrom("tickets")
        .select("id")
        .where("title", "=", "Export hangs")
        .executeTakeFirst();
      expect(tickets).toBeUndefined();
    } finally {
      await restore("mentor@koan.test", "mentor");
    }
  });
});

describe("the review page's buttons, pressed after the mentor was made a newcomer", () => {
  it("are refused (403) on a Koan page: the header and its navigation are there", async () => {
    const writeup = await server.db
      .selectFrom("writeups")
      .select("id")
      .where("status", "=", "published")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const mentor = await demoted("mentor@koan.test", "newcomer", "en");
    try {
      const refused = await mentor.post("/kb/review", {
        intent: "still-correct",
        writeupId: String(writeup.id),
      });
      expect(refused.status).toBe(403);
      const html = readableHtml(await refused.text());
      expect(html).toContain("You don't have access to this page");
      expect(hasMainNav(html, "Main")).toBe(true);
    } finally {
      await restore("mentor@koan.test", "mentor");
    }
  });
});
