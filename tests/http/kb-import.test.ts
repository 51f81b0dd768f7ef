import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The write-up import's preview page, as the built server shows it.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const item = (externalId: string, title: string) => ({
  external_id: externalId,
  title,
  component: "billing",
  resolution: "fixed",
  symptom: "Totals show 10.01 instead of 10.00.",
  root_cause: "Float arithmetic.",
  fix: "Use integer cents.",
});

describe("the import preview", () => {
  it("counts as good only the write-ups the importer may change", async () => {
    // A lead's write-up, known by an external id: a mentor may not change it.
    const mentor = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "mentor@koan.test")
      .executeTakeFirstOrThrow();
    const leads = await server.db
      .selectFrom("writeups as w")
      .innerJoin("users as u", "u.id", "w.author_id")
      .select("w.id")
      .where("u.role", "=", "lead")
      .where("w.status", "=", "published")
      .where("w.assignment_id", "is", null)
      .where("w.author_id", "!=", mentor.id)
      .orderBy("w.id")
      .executeTakeFirstOrThrow();
    await server.db
      .updateTable("writeups")
      .set({ external_id: "LEAD-1" })
      .where("id", "=", leads.id)
      .execute();

    // 52 write-ups: 51 new ones, and a change to the lead's.
    const items = [
      ...Array.from({ length: 51 }, (_, i) => item(`NEW-${i + 1}`, `Imported write-up ${i + 1}`)),
      item("LEAD-1", "Replaced by a mentor"),
    ];
    const browser = new Browser(server.url);
    await browser.login("mentor@koan.test", DEMO_PASSWORD);
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([JSON.stringify(items)], "kb.json", { type: "application/json" }));
    const response = await browser.request("/kb/import", {
      method: "POST",
      body: form,
      headers: { Origin: server.url },
    });
    expect(response.status).toBe(200);
    const html = (await response.text()).replaceAll("<!-- -->", "");
    expect(html).toContain(
      "51 to create, 0 to update, 0 unchanged, 0 with problems, 1 you may not change.",
    );
    // The sample shows the first 50 of the 51 it may import, not "of 52".
    expect(html).toContain("50 of 51 good write-ups, the ones that change first");
    expect(html).not.toContain("of 52 good write-ups");
  });

  it("with nothing new, says the good ones are already in, not that every write-up is", async () => {
    const browser = new Browser(server.url);
    await browser.login("lead@koan.test", DEMO_PASSWORD);
    const send = async (fields: Record<string, string>, items?: unknown[]) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      if (items) form.set("file", new File([JSON.stringify(items)], "kb.json"));
      const response = await browser.request("/kb/import", {
        method: "POST",
        body: form,
        headers: { Origin: server.url },
      });
      expect(response.status).toBe(200);
      return (await response.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'");
    };
    const once = [item("AGAIN-1", "Totals off by a cent after import")];
    const first = await send({ intent: "preview" }, once);
    const batch = first.match(/name="batch" value="([^"]+)"/)?.[1];
    expect(batch).toBeDefined();
    expect((await browser.post("/kb/import", { intent: "apply", batch: batch ?? "" })).status).toBe(
      200,
    );

    const same = await send({ intent: "preview" }, once);
    expect(same).toContain("every write-up in this file is already in Koan as it is");
    const withProblem = await send({ intent: "preview" }, [...once, { external_id: "AGAIN-2" }]);
    expect(withProblem).toContain("0 to create, 0 to update, 1 unchanged, 1 with problems");
    expect(withProblem).not.toContain("every write-up in this file is already in Koan");
    expect(withProblem).toContain(
      "the write-ups you may import are already in Koan as they are. The others are listed above",
    );
  });

  it("names what is wrong with the upload at its field, with a 400", async () => {
    const browser = new Browser(server.url);
    await browser.login("lead@koan.test", DEMO_PASSWORD);
    const post = (body: FormData | string, contentType?: string) =>
      browser.request("/kb/import", {
        method: "POST",
        body,
        headers: { Origin: server.url, ...(contentType ? { "Content-Type": contentType } : {}) },
      });
    const fieldError = async (response: Response) => {
      expect(response.status).toBe(400);
      const html = (await response.text()).replaceAll("<!-- -->", "");
      return html.match(/<p[^>]*id="field-file-error"[^>]*>([^<]*)</)?.[1] ?? html;
    };

    const none = new FormData();
    none.set("intent", "preview");
    expect(await fieldError(await post(none))).toBe(
      "Choose a JSON file or a zip of Markdown files.",
    );

    const big = new FormData();
    big.set("file", new File([new Uint8Array(10 * 1024 * 1024 + 1).fill(32)], "big.json"));
    expect(await fieldError(await post(big))).toBe(
      "That file is larger than 10 MB. Split it into smaller files and import each.",
    );

    expect(await fieldError(await post("x", "multipart/form-data"))).toBe(
      "The upload could not be read. Choose the file again.",
    );

    // With a second file part of another name, the one named "file" is previewed.
    const extra = new FormData();
    extra.set("file", new File([JSON.stringify([item("X-1", "One")])], "kb.json"));
    extra.set("attachment", new File(["x".repeat(1000)], "other.txt"));
    const both = await post(extra);
    expect(both.status).toBe(200);
    expect((await both.text()).replaceAll("<!-- -->", "")).toContain("1 to create");
  });
});
