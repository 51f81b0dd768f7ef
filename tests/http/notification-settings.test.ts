import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Settings → Notifications: with e-mail set up, each kind that comes by e-mail (a review of one's
// evidence, the daily digest) has a choice of its own, so a person can keep the inbox item and
// stop the mail. Without e-mail, the form says only what shows up in the inbox.

const ORIGIN = "https://koan.example.com";
let mailServer: TestServer;
let plainServer: TestServer;
beforeAll(async () => {
  [mailServer, plainServer] = await Promise.all([
    // Nothing listens at port 9: mail waits in the outbox, which is all these tests need.
    startServer({
      APP_ORIGIN: ORIGIN,
      SMTP_URL: "smtp://127.0.0.1:9",
      MAIL_FROM: "Koan <koan@example.com>",
    }),
    startServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([mailServer?.stop(), plainServer?.stop()]);
});

const NEWCOMER_KINDS = [
  "changes_requested",
  "comment",
  "nudge",
  "approved",
  "assignment_resolved",
  "digest",
];

async function mailMutes(server: TestServer, email: string) {
  const rows = await server.db
    .selectFrom("mail_mutes as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("m.kind")
    .where("u.email", "=", email)
    .orderBy("m.kind")
    .execute();
  return rows.map((r) => r.kind);
}

describe("e-mail choices in Settings", () => {
  it("are offered in the reader's language, saved, and shown as saved", async () => {
    const jiwoo = new Browser(mailServer.url, ORIGIN);
    await jiwoo.login("jiwoo@koan.test", DEMO_PASSWORD);
    const page = await (await jiwoo.get("/settings")).text();
    expect(page).toContain("알림함과 이메일로 받을 알림");
    // One per kind that comes by e-mail, each named for its kind.
    expect(page.match(/name="mail"/g)).toHaveLength(3);
    expect(page).toContain('aria-label="승인된 체크포인트: 이메일로도 받기"');

    // Every inbox item kept; by e-mail only the changes asked.
    const saved = await jiwoo.post("/settings", {
      intent: "notifications",
      notify: NEWCOMER_KINDS,
      mail: ["changes_requested"],
      mailShown: "1",
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("저장했어요");
    expect(await mailMutes(mailServer, "jiwoo@koan.test")).toEqual(["approved", "digest"]);
    const again = await (await jiwoo.get("/settings")).text();
    expect(again).toMatch(/id="notify-mail-changes_requested"[^>]*checked/);
    expect(again).not.toMatch(/id="notify-mail-approved"[^>]*checked/);
    expect(again).toMatch(/id="notify-approved"[^>]*checked/);

    // All boxes cleared: no e-mail of any kind.
    await jiwoo.post("/settings", {
      intent: "notifications",
      notify: NEWCOMER_KINDS,
      mailShown: "1",
    });
    expect(await mailMutes(mailServer, "jiwoo@koan.test")).toEqual([
      "approved",
      "changes_requested",
      "digest",
    ]);
  });

  it("are not offered without e-mail, and a form without them leaves them as they were", async () => {
    const ana = new Browser(plainServer.url);
    await ana.login("ana@koan.test", DEMO_PASSWORD);
    const page = await (await ana.get("/settings")).text();
    expect(page).toContain("What shows up in your inbox");
    expect(page).not.toContain('name="mail"');
    await plainServer.db
      .insertInto("mail_mutes")
      .values({
        user_id: (
          await plainServer.db
            .selectFrom("users")
            .select("id")
            .where("email", "=", "ana@koan.test")
            .executeTakeFirstOrThrow()
        ).id,
        kind: "digest",
        created_at: new Date().toISOString(),
      })
      .execute();
    const saved = await ana.post("/settings", { intent: "notifications", notify: NEWCOMER_KINDS });
    expect(saved.status).toBe(200);
    expect(await mailMutes(plainServer, "ana@koan.test")).toEqual(["digest"]);
  });

  it("a kind turned off has its e-mail off too, saved and shown cleared with a hint (no JavaScript)", async () => {
    const jiwoo = new Browser(mailServer.url, ORIGIN);
    await jiwoo.login("jiwoo@koan.test", DEMO_PASSWORD);
    // The digest cleared in the inbox, its "Also by e-mail" box left ticked (as a page without
    // JavaScript lets one send it).
    const saved = await jiwoo.post("/settings", {
      intent: "notifications",
      notify: NEWCOMER_KINDS.filter((k) => k !== "digest"),
      mail: ["changes_requested", "approved", "digest"],
      mailShown: "1",
    });
    expect(saved.status).toBe(200);
    expect(await mailMutes(mailServer, "jiwoo@koan.test")).toEqual(["digest"]);
    const page = await (await jiwoo.get("/settings")).text();
    expect(page).not.toMatch(/id="notify-mail-digest"[^>]*checked/);
    expect(page).toMatch(/id="notify-mail-digest"[^>]*aria-describedby="notify-mail-digest-help"/);
    expect(page).toContain("알림함에서 켜 둔 알림만 이메일로도 받을 수 있어요.");
    expect(page).toMatch(/id="notify-mail-approved"[^>]*checked/);
    // Turned on again by a form without the e-mail choices, it does not start mailing unasked.
    await jiwoo.post("/settings", { intent: "notifications", notify: NEWCOMER_KINDS });
    expect(await mailMutes(mailServer, "jiwoo@koan.test")).toEqual(["digest"]);
    const english = new Browser(mailServer.url, ORIGIN);
    await english.login("newcomer@koan.test", DEMO_PASSWORD);
    await english.post("/settings", {
      intent: "notifications",
      notify: NEWCOMER_KINDS.filter((k) => k !== "approved"),
      mail: ["changes_requested", "approved", "digest"],
      mailShown: "1",
    });
    expect(await (await english.get("/settings")).text()).toContain(
      "E-mail comes only while this shows in your inbox: tick the box above to choose it.",
    );
  });
});
