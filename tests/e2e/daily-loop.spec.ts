import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  expectAccessible,
  expectNoSidewaysScroll,
  keepScreenshot,
  logIn,
  MENTOR_LOGINS,
  msgPattern,
  msgText,
  stepCard,
} from "./helpers";

// The daily loop (issue 13) walked at desktop and phone widths: My onboarding in words, the
// compact assignment page with "I'm stuck" beside the current step, and the mentor seeing the
// request for help with their actions for a stuck mentee.

// The desktop walk is in light, the phone walk in dark (as a phone at night): the screens sweep
// checks every page in both schemes; these check the loop's states (help asked, nudged) in each.
for (const viewport of [
  { width: 1280, height: 800, name: "desktop", colorScheme: "light" },
  { width: 360, height: 740, name: "phone", colorScheme: "dark" },
] as const) {
  test(`the daily loop at ${viewport.width} px in ${viewport.colorScheme}: onboarding, a compact assignment page, help asked and seen`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const newcomer = await (
      await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        colorScheme: viewport.colorScheme,
      })
    ).newPage();
    await logIn(newcomer, "aiko@koan.test", { to: "/onboarding" });
    await expect(newcomer.getByRole("heading", { name: "My onboarding", level: 1 })).toBeVisible();
    // What's next, in words.
    await expect(newcomer.getByText(/^Next: /).first()).toBeVisible();
    // Aiko holds her one ticket: the limit is said here, with no tickets offered to claim.
    await expect(newcomer.getByRole("heading", { name: "One ticket at a time" })).toBeVisible();
    await expect(newcomer.getByText(/You have 1 active ticket, your limit of 1\./)).toBeVisible();
    await expect(newcomer.getByRole("heading", { name: "Next tickets for you" })).toHaveCount(0);
    await expectNoSidewaysScroll(newcomer);
    await expectAccessible(newcomer);
    await keepScreenshot(newcomer, `onboarding-${viewport.name}`);

    if (viewport.name === "desktop") {
      // An open starter ticket's page says the same instead of offering the claim.
      await newcomer.goto("/tickets?starter=1&status=open");
      await newcomer.locator("main a[href^='/tickets/']").first().click();
      await expect(newcomer).toHaveURL(/\/tickets\/\d+$/);
      await expect(
        newcomer.getByText(/You have 1 active ticket, your limit of 1\. Finish or release/),
      ).toBeVisible();
      await expect(newcomer.getByRole("button", { name: "Claim this ticket" })).toHaveCount(0);
      await newcomer.goto("/onboarding");
    }
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
    await keepScreenshot(newcomer, `assignment-${viewport.name}`);

    // "I'm stuck" is a compact button beside the current step that opens a small form.
    const stuck = current.getByText("I'm stuck", { exact: true });
    await expect(stuck).toBeVisible();
    await stuck.click();
    // Sent with no note: the form stays open and says what to do, at the field.
    await current.getByRole("button", { name: "Ask your mentor for help" }).click();
    const noteField = newcomer.getByLabel(/What are you stuck on/);
    await expect(noteField).toHaveAccessibleDescription(/Write a few words first\./);
    await expect(noteField).toHaveAttribute("aria-invalid", "true");
    const note = `${viewport.name}: staging login fails, 로그인 실패`;
    await noteField.fill(note);
    await newcomer.getByRole("button", { name: "Ask your mentor for help" }).click();
    await expect(
      newcomer.getByRole("status").filter({ hasText: "Your mentor has been told" }),
    ).toBeVisible();
    // On the step's card too the request is theirs, said to them as "You" (not their own name).
    const comments = current.getByRole("list", { name: /^Comments on / });
    await expect(comments.getByText("You", { exact: true }).first()).toBeVisible();
    await expect(comments).toContainText("You asked for help");
    await expect(comments).not.toContainText("Aiko Tanaka");
    const assignmentUrl = newcomer.url().split("#")[0] ?? "";

    // The mentor: the request is labelled as one, shown on the assignment page with their actions.
    const mentor = await (
      await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        colorScheme: viewport.colorScheme,
      })
    ).newPage();
    await logIn(mentor, MENTOR_LOGINS[mentorName ?? ""] ?? "");
    await mentor.goto("/inbox");
    await expect(mentor.getByText("Asked for help").first()).toBeVisible();
    await mentor.goto(assignmentUrl);
    await expect(
      mentor.getByRole("heading", { name: /asked for help|Stuck: no activity/ }),
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
    // Aiko's request for help is marked on her row: the nudge is no progress of hers.
    await expect(
      mentor.getByRole("row").filter({ hasText: "Aiko Tanaka" }).getByText("asked for help"),
    ).toBeVisible();
    await expectNoSidewaysScroll(mentor);
    // Every column of a pairing is on screen, the last activity (and a stuck badge) too: on a
    // phone the rows read as cards instead of a table scrolled sideways.
    const rows = mentor.getByRole("table").first().getByRole("row");
    expect(await rows.count()).toBeGreaterThan(1);
    const lastCell = rows.nth(1).getByRole("cell").last();
    const box = await lastCell.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(viewport.width);
    await expectAccessible(mentor);
  });
}

/** The number on the header's Inbox link ("things that need you"); 0 when there is no badge. */
async function inboxCount(page: Page): Promise<number> {
  const badge = page.locator(".account-inbox .badge");
  if (!(await badge.count())) return 0;
  return Number.parseInt((await badge.first().textContent()) ?? "0", 10);
}

test("works as designed: the mentor is told live, the undo keeps each step, publishing sends the write-up, the mentor reopens", async ({
  browser,
}) => {
  test.setTimeout(150_000); // two people, a dozen page loads, on a shared machine
  // Sam's mentor is 최유나, who reads Korean pages: her side is found by its Korean names.
  const ko = (key: string) => msgText("ko", key);
  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, "yuna@koan.test", { to: "/inbox" });
  await expect(
    mentor.getByRole("heading", { name: ko("team.inbox.heading"), level: 1 }),
  ).toBeVisible();
  const before = await inboxCount(mentor);

  const newcomer = await (await browser.newContext()).newPage();
  await logIn(newcomer, "sam@koan.test");
  await newcomer.getByRole("link", { name: "Open your checkpoints" }).first().click();
  await expect(newcomer).toHaveURL(/\/assignments\/\d+/);
  const assignmentUrl = newcomer.url().split("#")[0] ?? "";
  const fix = stepCard(newcomer, "5. Fix and review");
  await expect(fix.getByText("Waiting for review", { exact: true })).toBeVisible();
  await expect(newcomer.locator("#progress-text")).toHaveText("4 of 7 checkpoints done");
  await newcomer.getByRole("button", { name: "This works as designed" }).click();
  await expect(
    newcomer.getByRole("status").filter({ hasText: "Marked as works as designed" }),
  ).toBeVisible();
  // Skipped steps count as skipped, not as done.
  await expect(newcomer.locator("#progress-text")).toHaveText(
    "4 of 5 checkpoints done · 2 skipped",
  );
  await expect(fix.getByText("Skipped", { exact: true })).toBeVisible();
  // On a phone the longer line goes under the bar: the page does not scroll sideways.
  const wide = newcomer.viewportSize();
  await newcomer.setViewportSize({ width: 360, height: 740 });
  await expectNoSidewaysScroll(newcomer, "a works-as-designed assignment at 360 px");
  if (wide) await newcomer.setViewportSize(wide);

  // The open inbox catches up when its window is focused: the count and the item, no reload.
  await expect(async () => {
    await mentor.evaluate(() => window.dispatchEvent(new Event("focus")));
    expect(await inboxCount(mentor)).toBe(before + 1);
  }).toPass({ timeout: 20_000 });
  const told = mentor.getByRole("link", {
    name: ko("team.notify.wadSays").replace("{name}", "Sam Whitfield"),
  });
  await expect(told).toBeVisible();
  await told.click();
  await expect(mentor).toHaveURL(assignmentUrl);
  await expect(mentor.getByRole("note")).toContainText("Sam Whitfield");
  const mentorWide = mentor.viewportSize();
  await mentor.setViewportSize({ width: 360, height: 740 });
  await expectNoSidewaysScroll(mentor, "the Korean mentor's view of it at 360 px");
  if (mentorWide) await mentor.setViewportSize(mentorWide);
  await mentor.getByRole("link", { name: ko("mentoring.assignment.back") }).click();
  await expect(mentor.getByText(ko("tickets.event.worksAsDesigned")).first()).toBeVisible();

  // Back to fixing it: Fix and review is waiting for review again, as before.
  await newcomer.getByRole("button", { name: "Back to fixing it" }).click();
  await expect(
    newcomer.getByRole("status").filter({ hasText: "Back to fixing it." }),
  ).toBeVisible();
  await expect(fix.getByText("Waiting for review", { exact: true })).toBeVisible();
  await expect(newcomer.locator("#progress-text")).toHaveText("4 of 7 checkpoints done");

  // Declared again, the write-up is next; publishing the drafted write-up is the step's evidence.
  await newcomer.getByRole("button", { name: "This works as designed" }).click();
  const writeup = stepCard(newcomer, "7. Write-up");
  await writeup.getByRole("link", { name: "Edit and publish" }).click();
  await expect(newcomer).toHaveURL(/\/kb\/\d+\/edit$/);
  // Drafted earlier as a fix, the draft followed the declaration: it opens as works as designed,
  // the answer that needs no fix written (publishing asks for what a reader needs).
  await expect(newcomer.getByLabel("Resolution")).toHaveValue("works_as_designed");
  await newcomer.getByRole("button", { name: "Save and publish" }).click();
  await expect(newcomer).toHaveURL(/\/kb\/\d+$/);
  await expect(
    newcomer.getByRole("status").filter({ hasText: "Published — waiting for 최유나 to sign off." }),
  ).toBeVisible();
  await newcomer.goto(assignmentUrl);
  await expect(writeup.getByText("Waiting for review", { exact: true })).toBeVisible();
  await expect(writeup.getByLabel("What you found")).toHaveCount(0);

  // Signed off, it closes as works as designed; its mentor can reopen it.
  await mentor.goto(assignmentUrl);
  await stepCard(mentor, `7. ${ko("mentoring.step.writeup.title")}`)
    .getByRole("button", { name: ko("mentoring.card.approve") })
    .click();
  await expect(
    mentor.getByRole("status").filter({ hasText: ko("mentoring.flash.approvedResolved") }),
  ).toBeVisible();
  await mentor.getByRole("button", { name: ko("mentoring.assignment.reopen") }).click();
  await expect(
    mentor.getByRole("status").filter({ hasText: ko("mentoring.flash.reopened") }),
  ).toBeVisible();

  // Sam is back where he started: Fix and review waiting for review, the write-up to do.
  await newcomer.reload();
  await expect(fix.getByText("Waiting for review", { exact: true })).toBeVisible();
  await expect(newcomer.locator("#progress-text")).toHaveText("4 of 7 checkpoints done");
});

test("a stuck mentee: the mentor hands over, the new mentor releases the claim", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  // A stuck claim, named and linked on Tomás's board: he hands Ana over to a mentor with room.
  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, "mentor@koan.test");
  await mentor.getByRole("link", { name: /^Ana Sousa: Dunning/ }).click();
  await expect(mentor).toHaveURL(/\/assignments\/\d+/);
  const stuckUrl = mentor.url().split("#")[0] ?? "";
  const ticketUrl =
    (await mentor.getByRole("link", { name: "← The ticket" }).getAttribute("href")) ?? "";
  await expect(mentor.getByRole("heading", { name: /^Stuck: no activity for/ })).toBeVisible();
  const help = mentor.getByRole("region", { name: "Help Ana Sousa along" });
  await help.locator("summary", { hasText: "Hand over" }).click();
  const options = await help.getByLabel("New mentor").locator("option").allTextContents();
  expect(options.some((o) => o.startsWith("Tomás Rivera"))).toBe(false);
  // Someone who reads English pages if one has room (최유나's are Korean).
  const next =
    ["Daniel Osei", "Priya Raman", "최유나"].find((name) =>
      options.some((o) => o.startsWith(`${name} — `)),
    ) ?? "";
  expect(next, `hand-over choices: ${options.join(" | ")}`).not.toBe("");
  await help
    .getByLabel("New mentor")
    .selectOption({ label: options.find((o) => o.startsWith(`${next} — `)) ?? "" });
  await help.getByLabel(/Note for them/).fill("Ana needs a billing-free afternoon");
  await help.getByRole("button", { name: "Hand over", exact: true }).click();
  await expect(
    mentor.getByRole("status").filter({ hasText: "Handed over. Both of them have been told." }),
  ).toBeVisible();
  // The assignment is no longer Tomás's to see: he is back on his board, told so.
  await expect(mentor).toHaveURL(/\/mentoring\?handedOver=1$/);
  await expect(mentor.getByRole("heading", { name: "Mentoring", level: 1 })).toBeVisible();
  await mentor.goto(stuckUrl);
  await expect(
    mentor.getByRole("heading", { name: "You don't have access to this page" }),
  ).toBeVisible();

  // The new mentor releases the claim: the ticket goes back to the queue.
  const locale = next === "최유나" ? "ko" : "en";
  const second = await (await browser.newContext()).newPage();
  await logIn(second, MENTOR_LOGINS[next] ?? "");
  await second.goto(stuckUrl);
  const theirs = second.getByRole("region", {
    name: msgPattern(locale, "mentoring.actions.heading"),
  });
  await theirs
    .locator("summary", { hasText: msgText(locale, "mentoring.actions.release") })
    .click();
  await theirs
    .getByLabel(msgText(locale, "mentoring.actions.releaseReason"))
    .fill("Let's find one that fits the week");
  await theirs
    .getByRole("button", { name: msgText(locale, "mentoring.actions.releaseSubmit") })
    .click();
  await expect(
    second.getByRole("status").filter({ hasText: msgText(locale, "mentoring.flash.released") }),
  ).toBeVisible();

  // Put the demo data back: Ana claims the ticket again, with Tomás.
  const ana = await (await browser.newContext()).newPage();
  await logIn(ana, "ana@koan.test");
  await ana.goto(ticketUrl);
  await ana.getByRole("radio", { name: /Tomás Rivera/ }).check();
  await ana.getByRole("button", { name: "Claim this ticket" }).click();
  await expect(ana.getByRole("status")).toContainText("It's yours");
});
