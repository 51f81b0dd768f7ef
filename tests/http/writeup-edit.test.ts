import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser, unescapeHtml } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("editing what someone changed since it was opened", () => {
  it("refuses the second save, keeping what it typed, instead of wiping the first", async () => {
    const writeup = await server.db
      .selectFrom("writeups")
      .select(["id", "title", "symptom", "root_cause", "fix", "resolution", "updated_at"])
      .where("status", "=", "published")
      .where("external_id", "is", null)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const yuna = new Browser(server.url);
    await yuna.login("yuna@koan.test", DEMO_PASSWORD);
    const form = (changes: Record<string, string>) => ({
      title: writeup.title,
      symptom: writeup.symptom,
      rootCause: writeup.root_cause,
      fix: writeup.fix,
      resolution: writeup.resolution,
      version: writeup.updated_at,
      ...changes,
    });
    // Both opened the page at the same version; the lead saves first.
    const first = await lead.post(
      `/kb/${writeup.id}/edit`,
      form({ symptom: "The lead's clearer symptom." }),
    );
    expect(first.status).toBe(302);
    const second = await yuna.post(`/kb/${writeup.id}/edit`, form({ title: "최유나의 새 제목" }));
    expect(second.status).toBe(409);
    const page = await second.text();
    expect(page).toContain("다른 사람이 먼저 저장해서 내 변경 사항은 저장되지 않았어요");
    expect(page).toContain('value="최유나의 새 제목"');
    const now = await server.db
      .selectFrom("writeups")
      .select(["title", "symptom", "updated_at"])
      .where("id", "=", writeup.id)
      .executeTakeFirstOrThrow();
    expect(now).toMatchObject({ title: writeup.title, symptom: "The lead's clearer symptom." });
    // The form now carries the version saved since: saving again, having looked, keeps hers.
    expect(page).toContain(`name="version" value="${now.updated_at}"`);
    const again = await yuna.post(
      `/kb/${writeup.id}/edit`,
      form({ title: "최유나의 새 제목", version: now.updated_at }),
    );
    expect(again.status).toBe(302);
  });

  it("a ticket claimed while a lead edits it keeps its claim: the lead's save is refused", async () => {
    const ticket = await server.db
      .selectFrom("tickets")
      .select(["id", "title", "body", "component", "difficulty", "updated_at"])
      .where("status", "=", "open")
      .where("starter", "=", 1)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const opened = ticket.updated_at;
    // Room for one more claim, whatever the demo's newcomers and mentors already hold.
    await server.db
      .updateTable("users")
      .set({ max_assignments: 1000 })
      .where("email", "=", "ana@koan.test")
      .execute();
    await server.db
      .updateTable("users")
      .set({ capacity: 1000 })
      .where("email", "=", "mentor@koan.test")
      .execute();
    // While the lead's form is open, a newcomer claims the ticket.
    const newcomer = new Browser(server.url);
    await newcomer.login("ana@koan.test", DEMO_PASSWORD);
    const mentor = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "mentor@koan.test")
      .executeTakeFirstOrThrow();
    expect(
      (
        await newcomer.post(`/tickets/${ticket.id}`, {
          intent: "claim",
          mentorId: String(mentor.id),
        })
      ).status,
    ).toBe(200);
    // The lead's form still says Open: saved, it would have released the claim.
    const save = await lead.post(`/tickets/${ticket.id}/edit`, {
      title: `${ticket.title} (edited)`,
      body: ticket.body,
      component: ticket.component,
      labels: "",
      difficulty: String(ticket.difficulty),
      starter: "on",
      status: "open",
      closeReason: "",
      version: opened,
    });
    expect(save.status).toBe(409);
    expect(await save.text()).toContain("This ticket changed after you opened it");
    const now = await server.db
      .selectFrom("tickets")
      .select(["status", "title"])
      .where("id", "=", ticket.id)
      .executeTakeFirstOrThrow();
    expect(now).toEqual({ status: "claimed", title: ticket.title });
    const active = await server.db
      .selectFrom("assignments")
      .select("id")
      .where("ticket_id", "=", ticket.id)
      .where("status", "=", "active")
      .execute();
    expect(active).toHaveLength(1);
  });
});

describe("a write-up's resolution that is not one of the kinds", () => {
  it("is refused at its select, which is marked invalid and described by the error", async () => {
    const writeup = await server.db
      .selectFrom("writeups")
      .select(["id", "title", "symptom", "root_cause", "fix", "updated_at"])
      .where("status", "=", "published")
      .where("external_id", "is", null)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const response = await lead.post(`/kb/${writeup.id}/edit`, {
      title: writeup.title,
      symptom: writeup.symptom,
      rootCause: writeup.root_cause,
      fix: writeup.fix,
      resolution: "forged_kind",
      version: writeup.updated_at,
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    const select = page.match(/<select[^>]*id="field-resolution"[^>]*>/)?.[0] ?? "";
    expect(select).toContain('aria-invalid="true"');
    expect(select).toContain('aria-describedby="field-resolution-error"');
    expect(page).toMatch(/<p class="field-error" id="field-resolution-error">[^<]+<\/p>/);
  });
});

describe("saving a verified write-up without changing it", () => {
  it("keeps it verified, though a browser sends its line breaks as CRLF", async () => {
    const writeup = await server.db
      .selectFrom("writeups")
      .selectAll()
      .where("status", "=", "published")
      .where("verified_at", "is not", null)
      .where("symptom", "like", "%\n%")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const tags = await server.db
      .selectFrom("writeup_tags")
      .select("tag")
      .where("writeup_id", "=", writeup.id)
      .execute();
    const links = await server.db
      .selectFrom("writeup_links")
      .select(["label", "url"])
      .where("writeup_id", "=", writeup.id)
      .orderBy("id")
      .execute();
    // What a textarea sends: every line break as CR LF.
    const crlf = (text: string | null) => (text ?? "").replace(/\n/g, "\r\n");
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const saved = await lead.post(`/kb/${writeup.id}/edit`, {
      intent: "save",
      version: writeup.updated_at,
      title: writeup.title,
      resolution: writeup.resolution,
      component: writeup.component ?? "",
      symptom: crlf(writeup.symptom),
      rootCause: crlf(writeup.root_cause),
      fix: crlf(writeup.fix),
      debugging: crlf(writeup.debugging),
      tags: tags.map((t) => t.tag).join(", "),
      links: crlf(links.map((l) => `${l.label} ${l.url}`).join("\n")),
    });
    expect(saved.status).toBe(302);
    const after = await server.db
      .selectFrom("writeups")
      .select(["verified_at", "symptom"])
      .where("id", "=", writeup.id)
      .executeTakeFirstOrThrow();
    expect(after.verified_at).toBe(writeup.verified_at);
    expect(after.symptom).toBe(writeup.symptom);
    const page = await (await lead.get(`/kb/${writeup.id}`)).text();
    expect(page.toLowerCase()).not.toContain("edited since verified");
  });
});

describe("publishing a write-up with parts a reader needs left empty", () => {
  /** The message at a field's error, or null when the field shows none. */
  const errorAt = (page: string, field: string) =>
    page.match(new RegExp(`<p class="field-error" id="field-${field}-error">([^<]+)</p>`))?.[1] ??
    null;

  it("is refused at each field, in the writer's language, keeping what was typed; a draft saves", async () => {
    const leo = new Browser(server.url);
    await leo.login("leo@koan.test", DEMO_PASSWORD);
    const typed = {
      title: "Refund e-mail sent twice",
      symptom: "  ",
      debugging: "Read the mail log.",
      resolution: "fixed",
    };
    const count = async () =>
      (
        await server.db
          .selectFrom("writeups")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const refused = await leo.post("/kb/new", { ...typed, intent: "publish" });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(errorAt(page, "symptom")).toBe(
      "Describe the symptom before publishing: what people saw. Or save it as a draft and finish it later.",
    );
    expect(errorAt(page, "rootCause")).toMatch(/^Say what caused it before publishing\./);
    expect(errorAt(page, "fix")).toMatch(/^Say what was changed before publishing\./);
    // At the top, the parts to write, each a link to its field (far below it on a phone).
    const top = page.match(/<div class="notice notice-error"[^>]*>(.*?)<\/div>/s)?.[1] ?? "";
    expect(top).toContain("Fill in these parts before publishing:");
    expect(
      [...top.matchAll(/<a href="#field-(\w+)">([^<]+)<\/a>/g)].map((m) => m.slice(1)),
    ).toEqual([
      ["symptom", "Symptom"],
      ["rootCause", "Root cause"],
      ["fix", "Fix"],
    ]);
    expect(page).toContain('value="Refund e-mail sent twice"');
    expect(page).toContain("Read the mail log.");
    expect(await count()).toBe(before);

    // "Works as designed" asks why it is so on purpose, not for a fix.
    const yuna = new Browser(server.url);
    await yuna.login("yuna@koan.test", DEMO_PASSWORD);
    const korean = await yuna.post("/kb/new", {
      title: "환불 메일이 두 번 가요",
      symptom: "메일이 두 번 왔어요.",
      resolution: "works_as_designed",
      intent: "publish",
    });
    expect(korean.status).toBe(400);
    const koPage = await korean.text();
    expect(errorAt(koPage, "rootCause")).toMatch(
      /^게시하려면 시스템이 일부러 이렇게 동작하는 이유를 적어 주세요\./,
    );
    expect(errorAt(koPage, "fix")).toBeNull();
    expect(errorAt(koPage, "symptom")).toBeNull();

    // Other fields marked too are named at the top, after the parts to write: none is missed.
    const more = await (
      await yuna.post("/kb/new", {
        title: "",
        symptom: "메일이 두 번 왔어요.",
        links: "not a url",
        resolution: "works_as_designed",
        intent: "publish",
      })
    ).text();
    const moreTop = more.match(/<div class="notice notice-error"[^>]*>(.*?)<\/div>/s)?.[1] ?? "";
    expect(moreTop).toContain("다음 항목도 확인해 주세요:");
    expect([...moreTop.matchAll(/<a href="#field-(\w+)">/g)].map((m) => m[1])).toEqual([
      "rootCause",
      "title",
      "links",
    ]);
    expect(errorAt(more, "title")).not.toBeNull();
    expect(errorAt(more, "links")).not.toBeNull();

    const draft = await leo.post("/kb/new", { ...typed, intent: "save" });
    expect(draft.status).toBe(302);
    expect(await count()).toBe(before + 1);
  });

  it("from the draft's page opens the editor with the parts to write marked; it stays a draft", async () => {
    const leo = new Browser(server.url);
    await leo.login("leo@koan.test", DEMO_PASSWORD);
    const saved = await leo.post("/kb/new", {
      title: "Export button does nothing",
      symptom: "Nothing downloads.",
      resolution: "duplicate",
      intent: "save",
    });
    const id = Number(saved.headers.get("location")?.match(/^\/kb\/(\d+)$/)?.[1]);
    expect(id).toBeGreaterThan(0);
    const publish = await leo.post(`/kb/${id}`, { intent: "publish" });
    expect(publish.status).toBe(302);
    expect(publish.headers.get("location")).toBe(`/kb/${id}/edit?publish`);
    const editor = await (await leo.get(`/kb/${id}/edit?publish`)).text();
    expect(errorAt(editor, "fix")).toMatch(/^Link the original before publishing\./);
    expect(editor).toContain('<a href="#field-fix">Original</a>');
    expect(errorAt(editor, "symptom")).toBeNull();
    const row = await server.db
      .selectFrom("writeups")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
  });

  it("a published write-up may not lose a part it has, and may stay as sparse as it was", async () => {
    const writeup = await server.db
      .selectFrom("writeups")
      .select(["id", "title", "symptom", "root_cause", "fix", "resolution", "updated_at"])
      .where("status", "=", "published")
      .where("external_id", "is", null)
      .where("resolution", "=", "fixed")
      .where("fix", "!=", "")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const form = {
      title: writeup.title,
      symptom: writeup.symptom,
      rootCause: writeup.root_cause,
      fix: "",
      resolution: writeup.resolution,
      version: writeup.updated_at,
    };
    const emptied = await lead.post(`/kb/${writeup.id}/edit`, form);
    expect(emptied.status).toBe(400);
    expect(errorAt(await emptied.text(), "fix")).toMatch(/^Say what was changed/);
    // Imported sparse (no fix), it can still have its title corrected.
    await server.db.updateTable("writeups").set({ fix: "" }).where("id", "=", writeup.id).execute();
    const now = await server.db
      .selectFrom("writeups")
      .select("updated_at")
      .where("id", "=", writeup.id)
      .executeTakeFirstOrThrow();
    const retitled = await lead.post(`/kb/${writeup.id}/edit`, {
      ...form,
      title: `${writeup.title} (edited)`,
      version: now.updated_at,
    });
    expect(retitled.status).toBe(302);
  });
});

describe("an imported write-up's toil", () => {
  it("saved unchanged from its edit page, keeps minutes the form alone would refuse (0, 600)", async () => {
    const writeup = await server.db
      .selectFrom("writeups")
      .select(["id", "title", "symptom", "root_cause", "fix", "resolution"])
      .where("status", "=", "published")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    // As an import stores them (its rule is 0 to 100,000 minutes).
    await server.db.deleteFrom("toil").where("writeup_id", "=", writeup.id).execute();
    await server.db
      .insertInto("toil")
      .values([
        {
          writeup_id: writeup.id,
          description: "Zero",
          minutes: 0,
          created_at: "2025-01-01T00:00:00.000Z",
        },
        {
          writeup_id: writeup.id,
          description: "야간 복구",
          minutes: 600,
          created_at: "2025-01-01T00:00:00.000Z",
        },
      ])
      .execute();
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    const page = await (await lead.get(`/kb/${writeup.id}/edit`)).text();
    const toilText = (/<textarea[^>]*name="toil"[^>]*>([^<]*)<\/textarea>/.exec(page)?.[1] ?? "")
      .replaceAll("&amp;", "&")
      .replace(/^\n/, "");
    expect(toilText).toBe("Zero, 0\n야간 복구, 600");
    const version = /name="version" value="([^"]*)"/.exec(page)?.[1] ?? "";
    const saved = await lead.post(`/kb/${writeup.id}/edit`, {
      title: `${writeup.title} (edited)`,
      symptom: writeup.symptom,
      rootCause: writeup.root_cause,
      fix: writeup.fix,
      resolution: writeup.resolution,
      toil: toilText,
      version,
    });
    expect(saved.status).toBe(302);
    const toil = await server.db
      .selectFrom("toil")
      .select(["description", "minutes"])
      .where("writeup_id", "=", writeup.id)
      .orderBy("id")
      .execute();
    expect(toil).toEqual([
      { description: "Zero", minutes: 0 },
      { description: "야간 복구", minutes: 600 },
    ]);
  });
});

describe("publishing a write-up one may read but not publish", () => {
  const decode = (html: string) =>
    html
      .replace(/<!-- -->/g, "")
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");

  it.each([
    ["en", "“{title}” was not published: only its author, the mentor who reviews it, and leads"],
    ["ko", "“{title}” 해결 기록을 게시하지 않았어요. 작성자, 검토하는 멘토, 리드만"],
  ] as const)(
    "refuses with a 403 naming the write-up, linked to read it (%s)",
    async (locale, said) => {
      const newcomer = await server.db
        .selectFrom("users")
        .select(["id", "locale"])
        .where("email", "=", "ana@koan.test")
        .executeTakeFirstOrThrow();
      const writeup = await server.db
        .selectFrom("writeups")
        .select(["id", "title", "published_at"])
        .where("status", "=", "published")
        .where("assignment_id", "is", null)
        .where((w) => w.or([w("author_id", "is", null), w("author_id", "!=", newcomer.id)]))
        .orderBy("id")
        .executeTakeFirstOrThrow();
      await server.db.updateTable("users").set({ locale }).where("id", "=", newcomer.id).execute();
      const ana = new Browser(server.url);
      await ana.login("ana@koan.test", DEMO_PASSWORD);
      const refused = await ana.post(`/kb/${writeup.id}`, { intent: "publish" });
      expect(refused.status).toBe(403);
      const html = decode(await refused.text());
      expect(html).toContain(said.replace("{title}", writeup.title));
      expect(html).toMatch(new RegExp(`<a [^>]*href="/kb/${writeup.id}"[^>]*>`));
      // Nothing changed.
      const after = await server.db
        .selectFrom("writeups")
        .select(["status", "published_at"])
        .where("id", "=", writeup.id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ status: "published", published_at: writeup.published_at });
      await server.db
        .updateTable("users")
        .set({ locale: newcomer.locale })
        .where("id", "=", newcomer.id)
        .execute();
    },
  );
});

describe("opening the edit page of a write-up one may read but not edit", () => {
  it("refuses with a 403 that links back to reading it and says how to flag it, not to change role", async () => {
    const newcomer = await server.db
      .selectFrom("users")
      .select(["id", "locale"])
      .where("email", "=", "leo@koan.test")
      .executeTakeFirstOrThrow();
    const writeup = await server.db
      .selectFrom("writeups")
      .select(["id", "title"])
      .where("status", "=", "published")
      .where("assignment_id", "is", null)
      .where((w) => w.or([w("author_id", "is", null), w("author_id", "!=", newcomer.id)]))
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await server.db
      .updateTable("users")
      .set({ locale: "ko" })
      .where("id", "=", newcomer.id)
      .execute();
    const leo = new Browser(server.url);
    await leo.login("leo@koan.test", DEMO_PASSWORD);
    const refused = await leo.get(`/kb/${writeup.id}/edit`);
    expect(refused.status).toBe(403);
    const html = unescapeHtml((await refused.text()).replace(/<!-- -->/g, ""));
    expect(html).toContain("“내용이 오래된 것 같아요”로 알려 주세요");
    expect(html).toMatch(new RegExp(`<a [^>]*href="/kb/${writeup.id}"[^>]*>“[^<]*” 열기</a>`));
    expect(html).not.toContain("역할을 바꿔");
    await server.db
      .updateTable("users")
      .set({ locale: newcomer.locale })
      .where("id", "=", newcomer.id)
      .execute();
  });
});
