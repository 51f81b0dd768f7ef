import { expect, test } from "./fixtures";
import { logIn } from "./helpers";

// Two reviewers with the review list open: one resolves a flag, the other, from the page loaded
// before, presses Resolve on it too. The second hears calmly who resolved it, with the write-up
// named and linked, and the list below is fresh; no error page.

test("Resolve on a flag someone else just resolved says who did, with the write-up linked", async ({
  browser,
}) => {
  const newcomer = await (await browser.newContext()).newPage();
  await logIn(newcomer, "newcomer@koan.test", { to: "/kb/1" });
  const title = ((await newcomer.getByRole("heading", { level: 1 }).textContent()) ?? "").trim();
  await newcomer.getByText("This looks out of date").click();
  await newcomer.getByLabel("What has changed?").fill("The discount codes moved to billing v3.");
  await newcomer.getByRole("button", { name: "Flag for review" }).click();
  await expect(newcomer.getByRole("status")).toContainText("Thanks: mentors and leads will see");

  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, "mentor@koan.test");
  const lead = await (await browser.newContext()).newPage();
  await logIn(lead, "lead@koan.test");
  const resolveOn = `Resolve the flag on “${title}”`;
  for (const page of [mentor, lead]) {
    await page.goto("/kb/review");
    await expect(page.getByRole("button", { name: resolveOn, exact: true })).toBeVisible();
  }

  await mentor.getByRole("button", { name: resolveOn, exact: true }).click();
  await expect(mentor.getByRole("status")).toHaveText(
    `Resolved the flag on “${title}”. Thank you for keeping the write-ups true.`,
  );

  await lead.getByRole("button", { name: resolveOn, exact: true }).click();
  const said = lead.getByRole("status");
  await expect(said).toHaveText(
    `Tomás Rivera already resolved the flag on “${title}”: nothing more to do for it. The list below is up to date.`,
  );
  await expect(lead.getByRole("heading", { level: 1, name: "Write-ups to review" })).toBeVisible();
  await expect(lead.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(lead.getByRole("button", { name: resolveOn, exact: true })).toHaveCount(0);
  await said.getByRole("link", { name: `“${title}”` }).click();
  await expect(lead).toHaveURL(/\/kb\/1$/);
  await expect(lead.getByRole("heading", { level: 1 })).toHaveText(title);
});
