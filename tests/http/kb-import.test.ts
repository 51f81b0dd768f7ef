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
    expect(html).toContain("The first 50 of 51 good write-ups");
    expect(html).not.toContain("of 52 good write-ups");
  });
});
