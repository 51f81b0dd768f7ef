import type { Page } from "@playwright/test";
import { startServer, type TestServer } from "../support/server";
import { expect, test } from "./fixtures";
import { msgText } from "./helpers";

// A team's first day on a Koan of its own: not the workers' demo servers, but the built app
// started here on a fresh, empty database (SEED_ON_EMPTY=false, as a team runs it), on a port of
// its own. From the setup link in the server's log, the first lead makes their account in a
// Korean browser, finds the empty pages saying what to do, and invites a mentor.

let koan: TestServer;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  koan = await startServer({ SEED_ON_EMPTY: "false" });
});

test.afterAll(async () => {
  await koan?.stop();
});

/** A catalog message as the page shows it: its rich-text tags gone. */
const text = (locale: "en" | "ko", key: string) => msgText(locale, key).replace(/<\/?\w+>/g, "");

/** The first lead's one-time link, from the warning the server logs at start. */
async function setupLinkFromLog(): Promise<string> {
  let link = "";
  await expect
    .poll(() => {
      link = koan.output().match(/"firstLeadSetup":"(http:\/\/[^"]+\/setup\/[\w-]+)"/)?.[1] ?? "";
      return link;
    })
    .not.toBe("");
  return link;
}

async function emptyState(page: Page, title: string) {
  await expect(page.locator(".empty-state").getByText(title, { exact: true })).toBeVisible();
}

test("the first lead sets up an empty Koan from the log's link and invites a mentor, in Korean", async ({
  browser,
}) => {
  // A walk over many pages, on a server of its own beside the worker's.
  test.setTimeout(120_000);
  const link = await setupLinkFromLog();
  // This server's own pages: the context's base URL is the worker's demo server.
  const origin = new URL(link).origin;
  // The database is empty: no demo people, tickets or write-ups.
  expect(await koan.db.selectFrom("users").select("id").execute()).toEqual([]);
  expect(await koan.db.selectFrom("tickets").select("id").execute()).toEqual([]);

  // An English browser reads the setup page in English (and nothing is made by looking).
  const english = await browser.newContext({ locale: "en-US" });
  const look = await english.newPage();
  await look.goto(link);
  await expect(look.locator("html")).toHaveAttribute("lang", "en");
  await expect(
    look.getByRole("heading", { level: 1, name: text("en", "core.setup.heading") }),
  ).toBeVisible();
  await english.close();

  // A Korean browser reads it in Korean, as its Accept-Language asks.
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { level: 1, name: "팀의 Koan 시작하기" })).toBeVisible();
  await page.getByLabel(msgText("ko", "core.invite.name")).fill("박서연");
  await page.getByLabel(msgText("ko", "core.login.email")).fill("seoyeon@team.test");
  await page
    .getByLabel(msgText("ko", "core.login.password"), { exact: true })
    .fill("correct horse battery");
  await page.getByLabel(msgText("ko", "core.invite.confirm")).fill("correct horse battery");
  await page.getByRole("button", { name: msgText("ko", "core.setup.submit") }).click();

  // Signed in as the lead, on Team, with the first steps: nothing done yet but the track.
  await expect(page).toHaveURL(`${origin}/team`);
  const steps = page.getByRole("region", { name: msgText("ko", "team.firstSteps.heading") });
  await expect(steps).toBeVisible();
  await expect(steps.getByText(msgText("ko", "team.firstSteps.todo"), { exact: true })).toHaveCount(
    3,
  );
  await expect(steps.getByText(msgText("ko", "team.firstSteps.done"), { exact: true })).toHaveCount(
    1,
  );
  await expect(steps.getByRole("link", { name: "직접 쓰거나" })).toHaveAttribute(
    "href",
    "/tickets/new",
  );

  // The empty pages say so, and what to do next.
  await page.goto(`${origin}/tickets`);
  await emptyState(page, msgText("ko", "tickets.queue.empty.none"));
  await expect(page.locator(".empty-state").getByRole("link").first()).toBeVisible();
  await page.goto(`${origin}/kb`);
  await emptyState(page, msgText("ko", "knowledge.search.recent.empty.title"));
  await page.goto(`${origin}/cohorts`);
  await expect(page.getByText(msgText("ko", "team.cohorts.emptyTitle")).first()).toBeVisible();

  // Invite a mentor from the first step's link.
  await page.goto(`${origin}/team`);
  await steps.getByRole("link", { name: "멘토를 초대하세요" }).click();
  const invite = page.getByRole("region", { name: msgText("ko", "team.team.inviteHeading") });
  await invite.getByLabel(msgText("ko", "team.team.email")).fill("tomas@team.test");
  await invite.getByLabel(msgText("ko", "team.team.name")).fill("Tomás Rivera");
  await invite
    .getByLabel(msgText("ko", "team.team.role"))
    .selectOption({ label: msgText("ko", "team.team.roleOption.mentor") });
  await invite.getByLabel(msgText("ko", "team.team.components")).fill("billing, search");
  await page.getByRole("button", { name: msgText("ko", "team.team.create") }).click();
  await expect(page.getByText("tomas@team.test 초대가 준비됐어요")).toBeVisible();
  await expect(
    page.getByRole("textbox", { name: msgText("ko", "team.team.inviteLink") }),
  ).toHaveValue(/\/invite\/[\w-]+/);
  // The mentor step is done now; the newcomer and the starter ticket are still to come.
  await expect(steps.getByText(msgText("ko", "team.firstSteps.done"), { exact: true })).toHaveCount(
    2,
  );

  // The setup link has done its work: it answers that this Koan has its lead.
  const stranger = await browser.newContext({ locale: "en-US" });
  const again = await stranger.newPage();
  const response = await again.goto(link);
  expect(response?.status()).toBe(410);
  await expect(again.getByText(msgText("en", "core.setup.closed.done"))).toBeVisible();
  await stranger.close();
  await context.close();
});
