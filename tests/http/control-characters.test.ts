import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// A NUL (or another control character) pasted into a form: no keyboard types it and no page can
// show it (a page drops NUL, so "a\0b" stored read "ab"), yet names, titles and write-ups stored
// it. It is refused at its field, with what was typed kept, and nothing is stored.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const MESSAGE = "This has a control character (such as NUL) that no page can show";

/** The field's error paragraph, by the id Field gives it. */
const fieldError = (page: string, id: string, message = MESSAGE) =>
  page.includes(`<p class="field-error" id="${id}">${message}`);

/** How many rows a table holds: a refused post stores none. */
const rowCount = async (table: "writeups" | "tickets") =>
  Number(
    (
      await server.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A value of control characters alone shows nothing: it is refused as left empty. */
const messageFor = (value: string, required: string) =>
  value.replaceAll("\u0000", "").trim() === "" ? required : MESSAGE;

describe("control characters in what is typed", () => {
  it("an API token's name and one's own name: refused at the field, what was typed kept", async () => {
    const ana = new Browser(server.url);
    await ana.login("ana@koan.test", DEMO_PASSWORD);
    const anaId = (
      await server.db
        .selectFrom("users")
        .select(["id", "name"])
        .where("email", "=", "ana@koan.test")
        .executeTakeFirstOrThrow()
    ).id;
    for (const name of ["\u0000", "CI\u0000 token", "bell\u0007"]) {
      const response = await ana.post("/settings/tokens", { intent: "create", name });
      expect(response.status, JSON.stringify(name)).toBe(400);
      const page = await response.text();
      expect(
        fieldError(page, "field-name-error", messageFor(name, "Name is required.")),
        JSON.stringify(name),
      ).toBe(true);
      expect(page).toMatch(
        /name="name"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="name"/,
      );
    }
    // What was typed comes back (the page itself cannot show the NUL).
    const kept = await (
      await ana.post("/settings/tokens", { intent: "create", name: "결제 봇\u0000 🙂" })
    ).text();
    expect(kept.replace("\u0000", "")).toContain('value="결제 봇 🙂"');
    const tokens = await server.db
      .selectFrom("api_tokens")
      .select("name")
      .where("user_id", "=", anaId)
      .execute();
    expect(tokens).toEqual([]);
    // Korean and emoji are names like any other.
    expect(
      (await ana.post("/settings/tokens", { intent: "create", name: "결제 봇 🙂" })).status,
    ).toBe(200);

    const renamed = await ana.post("/settings", { intent: "change-name", name: "Ana\u0000 Lee" });
    expect(renamed.status).toBe(400);
    expect(fieldError(await renamed.text(), "field-name-error")).toBe(true);
    const after = await server.db
      .selectFrom("users")
      .select("name")
      .where("id", "=", anaId)
      .executeTakeFirstOrThrow();
    expect(after.name).not.toContain("\u0000");
  });

  it("a write-up written by hand, and an out-of-date note: refused at the field", async () => {
    const leo = new Browser(server.url);
    await leo.login("leo@koan.test", DEMO_PASSWORD);
    const count = () => rowCount("writeups");
    const before = await count();
    const base = {
      intent: "publish",
      title: "Refund e-mail sent twice",
      symptom: "Two e-mails.",
      rootCause: "A retry.",
      fix: "Sent once.",
      resolution: "fixed",
    };
    for (const [field, value, id] of [
      ["title", "Refund\u0000 e-mail sent twice", "field-title-error"],
      ["title", "\u0000", "field-title-error"],
      ["tags", "billing, e\u0000mail", "field-tags-error"],
      ["symptom", "Two e-mails.\u0000", "field-symptom-error"],
      ["links", "PR https://github.com/o/r/pull/1\u0000", "field-links-error"],
    ] as const) {
      const response = await leo.post("/kb/new", { ...base, [field]: value });
      expect(response.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      const page = await response.text();
      expect(
        fieldError(page, id, messageFor(value, "Title is required.")),
        `${field} ${JSON.stringify(value)}`,
      ).toBe(true);
      expect(page).toContain("Two e-mails.");
    }
    expect(await count()).toBe(before);
    // A pasted log's colour escapes may stay in the Markdown; only NUL is refused there.
    const log = await leo.post("/kb/new", {
      ...base,
      debugging: "```\n\u001b[31merror\u001b[0m\n```",
    });
    expect(log.status).toBe(302);

    const published = await server.db
      .selectFrom("writeups")
      .select("id")
      .where("status", "=", "published")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const flag = await leo.post(`/kb/${published.id}`, {
      intent: "flag",
      note: "The \u0000 step is gone.",
    });
    expect(flag.status).toBe(400);
    const flagPage = await flag.text();
    expect(fieldError(flagPage, "flag-note-error")).toBe(true);
    // The note comes back in its field, for a browser without scripts too.
    expect(flagPage.replace("\u0000", "")).toMatch(
      /<textarea[^>]*id="flag-note"[^>]*>The {1,2}step is gone\.<\/textarea>/,
    );
  });

  it("a ticket's title, labels and body: refused at the field, nothing stored", async () => {
    const mentor = new Browser(server.url);
    await mentor.login("mentor@koan.test", DEMO_PASSWORD);
    const count = () => rowCount("tickets");
    const before = await count();
    const base = {
      title: "결제 버튼이 두 번 눌림",
      body: "Steps: tap Pay twice.",
      component: "billing",
      difficulty: "1",
    };
    for (const [field, value, id] of [
      ["title", "결제 버튼\u0000이 두 번 눌림", "field-title-error"],
      ["labels", "billing, u\u0007i", "field-labels-error"],
      ["body", "Steps:\u0000 tap Pay twice.", "field-body-error"],
    ] as const) {
      const response = await mentor.post("/tickets/new", { ...base, [field]: value });
      expect(response.status, `${field} ${JSON.stringify(value)}`).toBe(400);
      const page = await response.text();
      expect(fieldError(page, id), `${field} ${JSON.stringify(value)}`).toBe(true);
      expect(page).toContain("결제 버튼");
    }
    expect(await count()).toBe(before);
    expect((await mentor.post("/tickets/new", base)).status).toBe(302);
  });
});
