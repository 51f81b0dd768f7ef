import { expect, test } from "./fixtures";
import { expectAccessible, expectTablesFit, logIn, MENTOR_LOGINS } from "./helpers";

test("a newcomer filters the queue, claims a ticket with a mentor, and the mentor sees the new mentee", async ({
  browser,
}) => {
  const newcomer = await (await browser.newContext()).newPage();
  await logIn(newcomer, "newcomer@koan.test");
  await expect(newcomer.getByRole("heading", { name: "Suggested tickets for you" })).toBeVisible();

  await newcomer
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Tickets" })
    .click();
  await expect(newcomer.getByRole("heading", { name: "Tickets", level: 1 })).toBeVisible();
  await newcomer.getByLabel("Starter tickets only").check();
  await expect(newcomer).toHaveURL(/starter=1/);
  await newcomer.getByLabel("Component").selectOption("web-ui");
  await expect(newcomer).toHaveURL(/component=web-ui/);
  await newcomer.getByLabel("Status").selectOption("open");
  await expect(newcomer).toHaveURL(/status=open/);
  await newcomer.getByLabel("Search title and description").fill("focus ring");
  await newcomer.getByRole("button", { name: "Apply filters" }).click();
  await expect(newcomer).toHaveURL(/q=focus\+ring/);
  const results = newcomer
    .getByRole("region", { name: /ticket/ })
    .or(newcomer.locator("section[aria-labelledby=results-heading]"));
  await expect(results.getByRole("heading", { name: "1 ticket" })).toBeVisible();
  await expectAccessible(newcomer);

  // The queue's rows are plain links that navigate inside the app: no full page load.
  await newcomer.evaluate(() => {
    (window as unknown as { stayed: boolean }).stayed = true;
  });
  await newcomer.getByRole("link", { name: "Focus ring missing on the user menu" }).click();
  await expect(
    newcomer.getByRole("heading", { name: "Focus ring missing on the user menu" }),
  ).toBeVisible();
  expect(await newcomer.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
    true,
  );
  await expect(
    newcomer.getByRole("heading", { name: "Focus ring missing on the user menu" }),
  ).toBeVisible();
  const choice = newcomer.getByRole("group", { name: "Pick your mentor" });
  // The best-ranked mentor is preselected, with the reasons in words.
  const first = choice.getByRole("radio").first();
  await expect(first).toBeChecked();
  await expect(choice.locator(".choice").first()).toContainText(/mentee places? free/);
  const mentorName = (await choice.locator(".choice strong").first().textContent()) ?? "";
  expect(Object.keys(MENTOR_LOGINS)).toContain(mentorName);
  await expectAccessible(newcomer);
  await newcomer.getByRole("button", { name: "Claim this ticket" }).click();
  await expect(newcomer.getByRole("status")).toContainText("It's yours");
  await expect(
    newcomer.getByText(`You have this ticket, with ${mentorName} as mentor`),
  ).toBeVisible();
  await expect(newcomer.getByText(`Chose ${mentorName} as mentor`)).toBeVisible();

  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, MENTOR_LOGINS[mentorName] ?? "");
  await expect(mentor.getByRole("heading", { name: "Your mentees" })).toBeVisible();
  const row = mentor.getByRole("row", { name: /Minjun Kim/ });
  await expect(row).toContainText("Focus ring missing on the user menu");
  await expectAccessible(mentor);

  // On My onboarding the claimed ticket is the next step.
  await newcomer.goto("/onboarding");
  const nextStep = newcomer.getByRole("region", { name: "Your next step" });
  await expect(nextStep.getByText("Reproduce the bug", { exact: true })).toBeVisible();
  await expect(newcomer.getByRole("link", { name: "Open your checkpoints" })).toBeVisible();
  await expect(
    newcomer.getByRole("link", { name: "Focus ring missing on the user menu" }),
  ).toBeVisible();
});

test("a mentor creates a ticket; bad input is kept with messages at the fields", async ({
  page,
}) => {
  await logIn(page, "mentor@koan.test", { to: "/tickets/new" });
  await page.getByLabel("Title").fill("   ");
  // Only characters a component may hold, but not one it may start with: the message says so.
  await page.getByLabel("Component").fill(".github");
  await page.getByLabel("Description").fill("Steps: open **billing**.");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await expect(page.getByText("Title is required.")).toBeVisible();
  await expect(
    page.getByText(
      "Start the component with a letter or digit, then use letters, digits, spaces, - _ . /.",
    ),
  ).toBeVisible();
  await expect(page.getByLabel("Component")).toHaveValue(".github");
  await expect(page.getByLabel("Description")).toHaveValue("Steps: open **billing**.");
  await expectAccessible(page);
  await page.getByLabel("Title").fill("Receipt e-mail uses the wrong sender name");
  await page.getByLabel("Component").fill("billing");
  await page.getByLabel("Labels").fill("email, good first issue");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await expect(
    page.getByRole("heading", { name: "Receipt e-mail uses the wrong sender name" }),
  ).toBeVisible();
  await expect(page.locator(".prose strong")).toHaveText("billing");
  await page.getByRole("link", { name: "Edit ticket" }).click();
  await expect(page.getByRole("heading", { name: "Edit ticket" })).toBeVisible();
  await page.getByLabel("Status").selectOption("closed");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Say why the ticket is closed.")).toBeVisible();
  await page.getByLabel("If closed, why").selectOption("works_as_designed");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Closed: works as designed").first()).toBeVisible();
});

test("a lead imports a CSV: preview with a bad row, import, and the tickets are in the queue", async ({
  page,
}) => {
  await logIn(page, "lead@koan.test", { to: "/tickets" });
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import tickets" })).toBeVisible();
  await expectAccessible(page);
  const csv = [
    "title,body,component,labels,difficulty,external_id,url",
    '"Receipt total wraps on narrow screens","Seen at 360 px, see ""Steps""",web-ui,"starter,ui",1,E2E-1,',
    "결제 내역 날짜가 UTC로 표시됨,한국 시간으로 보여야 함,billing,starter,2,E2E-2,",
    "Broken row,,search,,7,E2E-3,",
  ].join("\n");
  await page
    .getByLabel("File", { exact: true })
    .setInputFiles({ name: "tickets.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 to create" })).toContainText(
    "1 with problems",
  );
  await expect(page.getByRole("cell", { name: /must be 1, 2 or 3/ })).toBeVisible();
  await expectAccessible(page);
  // On a phone the preview's rows read as cards: no table scrolls sideways to be read.
  await page.setViewportSize({ width: 360, height: 740 });
  await expectTablesFit(page, 2);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("button", { name: "Import 2 tickets" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible();
  await page.goto("/tickets?q=UTC");
  await expect(page.getByRole("link", { name: "결제 내역 날짜가 UTC로 표시됨" })).toBeVisible();
});
