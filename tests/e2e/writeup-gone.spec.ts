import { startServer, type TestServer } from "../support/server";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD } from "./helpers";

// A write-up deleted (in the database: no page of Koan deletes one) under the people using it.
//
// A reader types an out-of-date note on a write-up that stops being published while the page is
// open (its own server: the test turns the write-up back into a draft in the database, which no
// page of Koan does yet). The answer names the write-up and keeps the note to copy, inside Koan's
// header, instead of a bare "There is no such write-up." with the note lost. A newcomer whose
// write-up was deleted while its step waited for sign-off reads so on the step, drafts it again
// from the evidence and publishes it from the editor (it answered 409 "the step moved on").

let koan: TestServer;
test.beforeAll(async () => {
  koan = await startServer();
});
test.afterAll(async () => {
  await koan?.stop();
});

test("a note sent to a write-up no longer published names it and keeps the note", async ({
  page,
}) => {
  const newcomer = await koan.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "newcomer@koan.test")
    .executeTakeFirstOrThrow();
  const writeup = await koan.db
    .selectFrom("writeups")
    .select(["id", "title"])
    .where("status", "=", "published")
    .where((eb) => eb.or([eb("author_id", "is", null), eb("author_id", "!=", newcomer.id)]))
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const at = (path: string) => new URL(path, koan.url).toString();
  await page.goto(at("/login"));
  await page.getByLabel("E-mail").fill("newcomer@koan.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  // The page counts its view with a post once open; its answer is held until the write-up has
  // gone back to draft. Counting a view changes nothing on the page, so nothing is fetched again
  // after it: the page stays as the reader has it (it used to turn into "not found" under them).
  const pageData = `/kb/${writeup.id}.data`;
  let draftNow = () => {};
  const drafted = new Promise<void>((resolve) => {
    draftNow = resolve;
  });
  await page.route(`**${pageData}*`, async (route) => {
    if (route.request().method() === "POST" && route.request().postData()?.includes("view"))
      await drafted;
    await route.continue();
  });
  const sent: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes(pageData))
      sent.push(`${request.method()} ${request.postData()?.includes("flag") ? "flag" : ""}`);
  });
  await page.goto(at(`/kb/${writeup.id}`));
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByText("This looks out of date").click();
  const note = "Step 2 names billing/v2, which moved to billing/v3.";
  await page.getByLabel("What has changed?").fill(note);
  await koan.db
    .updateTable("writeups")
    .set({ status: "draft" })
    .where("id", "=", writeup.id)
    .execute();
  const viewCounted = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().includes(pageData),
  );
  draftNow();
  await viewCounted;
  await page.getByRole("button", { name: "Flag for review" }).click();
  await expect(
    page.getByText(`“${writeup.title}” is no longer published, so your note was not sent.`),
  ).toBeVisible();
  await expect(page.getByLabel("What has changed?")).toHaveValue(note);
  // The view, then the flag: nothing fetched between them.
  expect(sent.slice(0, sent.indexOf("POST flag") + 1)).toEqual(["POST ", "POST flag"]);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("a newcomer whose write-up was deleted while it waited for sign-off drafts it again and publishes it", async ({
  page,
}) => {
  // The demo's assignment whose Write-up step waits for sign-off, and its write-up.
  const step = await koan.db
    .selectFrom("assignments as a")
    .innerJoin("assignment_checkpoints as ac", "ac.assignment_id", "a.id")
    .innerJoin("track_checkpoints as tc", "tc.id", "ac.track_checkpoint_id")
    .innerJoin("users as n", "n.id", "a.newcomer_id")
    .innerJoin("writeups as w", "w.assignment_id", "a.id")
    .select(["a.id", "n.email", "w.id as writeupId"])
    .where("a.status", "=", "active")
    .where("tc.key", "=", "writeup")
    .where("ac.state", "=", "submitted")
    .executeTakeFirstOrThrow();
  await koan.db.deleteFrom("writeups").where("id", "=", step.writeupId).execute();
  const at = (path: string) => new URL(path, koan.url).toString();
  await page.goto(at("/login"));
  await page.getByLabel("E-mail").fill(step.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(at(`/assignments/${step.id}`));
  await expect(page.getByText("Your write-up was deleted from the knowledge base.")).toBeVisible();
  await page.getByRole("button", { name: "Draft it again from the evidence" }).click();
  await expect(page.getByText("Drafted again from the assignment's evidence.")).toBeVisible();
  await page.getByRole("button", { name: "Save and publish" }).click();
  await expect(page).toHaveURL(/\/kb\/\d+$/);
  // Published: in the knowledge base, and still the step's to sign off (not drafted behind anyone).
  const again = await koan.db
    .selectFrom("writeups")
    .select("status")
    .where("assignment_id", "=", step.id)
    .execute();
  expect(again).toEqual([{ status: "published" }]);
});
