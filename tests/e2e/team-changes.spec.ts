import { expect, test } from "./fixtures";
import { logIn, MENTOR_LOGINS } from "./helpers";

// A lead gives an assignment to another mentor while its mentor is writing a review. With
// JavaScript, "Request changes" used to swap the page for a bare 403 and the review was gone: now
// the page says who mentors the newcomer now, and the review is there to copy.

for (const mentorEmail of ["priya@koan.test", "mentor@koan.test"]) {
  test(`a mentor replaced mid-review is told who mentors now, the review kept (${mentorEmail})`, async ({
    browser,
  }) => {
    const mentor = await (await browser.newContext()).newPage();
    await logIn(mentor, mentorEmail, { to: "/mentoring" });
    const reviews = mentor.getByRole("region", { name: "Waiting for your review" });
    const first = reviews.getByRole("link").first();
    test.skip((await first.count()) === 0, "nothing waits for this mentor's review");
    await first.click();
    await expect(mentor).toHaveURL(/\/assignments\/\d+/);
    const review = mentor.getByRole("textbox", { name: /^Your review/ }).first();
    const typed = "Good start. Please add the failing test before the fix, with the log line.";
    await review.fill(typed);

    // Meanwhile the lead gives the assignment to another mentor, from the ticket's page.
    const ticketHref = await mentor
      .getByRole("main")
      .locator('a[href^="/tickets/"]')
      .first()
      .getAttribute("href");
    const lead = await (await browser.newContext()).newPage();
    await logIn(lead, "lead@koan.test");
    await lead.goto(ticketHref ?? "/tickets");
    const choose = lead.getByRole("combobox", { name: "Mentor", exact: true });
    // Each option is "Name — why they fit": the first of the demo's other mentors.
    const options = await choose.locator("option").allTextContents();
    const next =
      Object.keys(MENTOR_LOGINS).find(
        (name) =>
          MENTOR_LOGINS[name] !== mentorEmail && options.some((o) => o.startsWith(`${name} —`)),
      ) ?? "";
    const label = options.find((o) => o.startsWith(`${next} —`)) ?? "";
    await choose.selectOption({ label });
    await lead.getByRole("button", { name: "Change mentor" }).click();
    await expect(lead.getByText("Mentor changed.")).toBeVisible();

    await mentor.getByRole("button", { name: "Request changes" }).first().click();
    await expect(
      mentor.getByRole("heading", { name: "You don't have access to this page" }),
    ).toBeVisible();
    await expect(
      mentor.getByText(
        new RegExp(`^${next} mentors .+ on this ticket now, so its reviews and notes are theirs`),
      ),
    ).toBeVisible();
    await expect(mentor.getByRole("textbox", { name: "What you wrote" })).toHaveValue(typed);
    await expect(mentor.getByRole("link", { name: "go to your home page" })).toBeVisible();
  });
}
