import { expect, test } from "@playwright/test";
import { logIn, MENTOR_LOGINS } from "./helpers";

// The assignment page's small forms, with and without JavaScript: a comment or a pairing note
// refused comes back with the reason at its field, in the card it was written in, the text kept.

for (const javaScript of [true, false]) {
  test(`a blank comment is refused at the comment box of its own step, the text kept (${javaScript ? "with" : "without"} JavaScript)`, async ({
    browser,
  }) => {
    const page = await (await browser.newContext({ javaScriptEnabled: javaScript })).newPage();
    await logIn(page, "aiko@koan.test", undefined, { javaScript });
    await page.goto("/onboarding");
    await page.getByRole("link", { name: "Open your checkpoints" }).first().click();
    await expect(page).toHaveURL(/\/assignments\/\d+/);
    const current = page
      .getByRole("listitem")
      .filter({ has: page.getByText("Next step", { exact: true }) });
    await current.getByText(/^Comment on /).click();
    const box = current.getByRole("textbox", { name: "Comment", exact: true });
    await box.fill("   ");
    await current.getByRole("button", { name: "Post comment" }).click();

    await expect(box).toHaveAccessibleDescription(/Write a few words first\./);
    await expect(box).toHaveAttribute("aria-invalid", "true");
    await expect(box).toHaveValue("   ");
    // Said once, at this step's box: not at the top of the page, not in another card.
    await expect(page.getByText("Write a few words first.")).toHaveCount(1);
    await expect(page.getByRole("alert")).toHaveCount(0);

    await box.fill("Staging is down again, so I'm reading the logs.");
    await current.getByRole("button", { name: "Post comment" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Comment added." })).toBeVisible();
    await expect(page.getByText("Write a few words first.")).toHaveCount(0);
  });
}

test("the mentor's whitespace-only pairing note is refused under the notes field", async ({
  browser,
}) => {
  const newcomer = await (await browser.newContext()).newPage();
  await logIn(newcomer, "aiko@koan.test");
  await newcomer.goto("/onboarding");
  await newcomer.getByRole("link", { name: "Open your checkpoints" }).first().click();
  await expect(newcomer).toHaveURL(/\/assignments\/\d+/);
  await expect(newcomer.getByRole("heading", { name: "Checkpoints", level: 2 })).toBeVisible();
  const assignmentUrl = newcomer.url().split("#")[0] ?? "";
  const lede = (await newcomer.locator(".lede").textContent()) ?? "";
  const mentorName = Object.keys(MENTOR_LOGINS).find((name) => lede.includes(name)) ?? "";

  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, MENTOR_LOGINS[mentorName] ?? "");
  await mentor.goto(assignmentUrl);
  await mentor.getByText("Pairing session", { exact: true }).click();
  const notes = mentor.getByRole("textbox", { name: "What you worked on together" });
  await notes.fill("   ");
  await mentor.getByRole("button", { name: "Save the session note" }).click();
  await expect(notes).toHaveAccessibleDescription(/Say what you worked on together\./);
  await expect(notes).toHaveAttribute("aria-invalid", "true");
  await expect(notes).toHaveValue("   ");
  await expect(mentor.getByRole("alert")).toHaveCount(0);

  await notes.fill("Paired on the rounding test.");
  await mentor.getByRole("button", { name: "Save the session note" }).click();
  await expect(
    mentor.getByRole("status").filter({ hasText: "Pairing session noted on the assignment." }),
  ).toBeVisible();
});
