import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, logIn } from "./helpers";

// The daily loop (issue 13) walked at desktop and phone widths: My onboarding in words, the
// compact assignment page with "I'm stuck" beside the current step, and the mentor seeing the
// request for help with their actions for a stuck mentee.

const MENTOR_LOGINS: Record<string, string> = {
  "Tomás Rivera": "mentor@koan.test",
  "Priya Raman": "priya@koan.test",
  "Daniel Osei": "daniel@koan.test",
  최유나: "yuna@koan.test",
};

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const viewport of [
  { width: 1280, height: 800, name: "desktop" },
  { width: 360, height: 740, name: "phone" },
]) {
  test(`the daily loop at ${viewport.width} px: onboarding, a compact assignment page, help asked and seen`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const newcomer = await (
      await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })
    ).newPage();
    await logIn(newcomer, "aiko@koan.test");
    await newcomer.goto("/onboarding");
    await expect(newcomer.getByRole("heading", { name: "My onboarding", level: 1 })).toBeVisible();
    // What's next, in words.
    await expect(newcomer.getByText(/^Next: /).first()).toBeVisible();
    await expectNoSidewaysScroll(newcomer);
    await expectAccessible(newcomer);
    await newcomer.screenshot({ path: `tmp/onboarding-${viewport.name}.png`, fullPage: true });

    await newcomer.getByRole("link", { name: "Open your checkpoints" }).first().click();
    await expect(newcomer).toHaveURL(/\/assignments\/\d+/);
    await expect(newcomer.getByRole("heading", { name: "Checkpoints", level: 2 })).toBeVisible();
    const lede = (await newcomer.locator(".lede").textContent()) ?? "";
    const mentorName = Object.keys(MENTOR_LOGINS).find((name) => lede.includes(name));
    expect(mentorName).toBeDefined();

    // One step open (the current one), its form the only evidence form on the page.
    await expect(newcomer.locator("textarea[name=notes]:visible")).toHaveCount(1);
    const current = newcomer
      .getByRole("listitem")
      .filter({ has: newcomer.getByText("Next step", { exact: true }) });
    await expect(current).toHaveCount(1);
    // Later steps are a short list: their titles, no forms until opened.
    await expect(newcomer.getByRole("heading", { name: "Coming up" })).toBeVisible();
    const height = await newcomer.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(viewport.width < 500 ? 3200 : 2400);
    await expectNoSidewaysScroll(newcomer);
    await expectAccessible(newcomer);
    await newcomer.screenshot({ path: `tmp/assignment-${viewport.name}.png`, fullPage: true });

    // "I'm stuck" is a compact button beside the current step that opens a small form.
    const stuck = current.getByText("I'm stuck", { exact: true });
    await expect(stuck).toBeVisible();
    await stuck.click();
    const note = `${viewport.name}: staging login fails, 로그인 실패`;
    await current.getByLabel(/What are you stuck on/).fill(note);
    await current.getByRole("button", { name: "Ask your mentor for help" }).click();
    await expect(
      newcomer.getByRole("status").filter({ hasText: "Your mentor has been told" }),
    ).toBeVisible();
    const assignmentUrl = newcomer.url().split("#")[0] ?? "";

    // The mentor: the request is labelled as one, shown on the assignment page with their actions.
    const mentor = await (
      await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })
    ).newPage();
    await logIn(mentor, MENTOR_LOGINS[mentorName ?? ""] ?? "");
    await mentor.goto("/inbox");
    await expect(mentor.getByText("Asked for help").first()).toBeVisible();
    await mentor.goto(assignmentUrl);
    await expect(
      mentor.getByRole("heading", { name: /asked for help|Stuck: no progress/ }),
    ).toBeVisible();
    await expect(mentor.getByRole("blockquote").getByText(note)).toBeVisible();
    const actions = mentor.getByRole("region", { name: /^Help / });
    await actions.getByText("Nudge", { exact: true }).click();
    await actions.getByLabel(/Message/).fill("Let's pair at 3?");
    await actions.getByRole("button", { name: "Send the nudge" }).click();
    await expect(mentor.getByRole("status").filter({ hasText: "Nudged" })).toBeVisible();
    await expect(mentor.getByRole("region", { name: "Notes and decisions" })).toContainText(
      "Let's pair at 3?",
    );
    await expectNoSidewaysScroll(mentor);
    await expectAccessible(mentor);

    // The mentor's board names and links the claims; the cohort view is for leads (not here).
    await mentor.goto("/mentoring");
    await expect(mentor.getByRole("heading", { name: "Mentoring", level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(mentor);
  });
}
