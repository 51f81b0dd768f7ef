import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { logIn, MENTOR_LOGINS, stepCard } from "./helpers";

// The assignment page's small forms, with and without JavaScript: a comment or a pairing note
// refused comes back with the reason at its field, in the card it was written in, the text kept.

for (const javaScript of [true, false]) {
  test(`a blank comment is refused at the comment box of its own step, the text kept (${javaScript ? "with" : "without"} JavaScript)`, async ({
    browser,
  }) => {
    const page = await (await browser.newContext({ javaScriptEnabled: javaScript })).newPage();
    await logIn(page, "aiko@koan.test", { javaScript, to: "/onboarding" });
    await page.getByRole("link", { name: "Open your checkpoints" }).first().click();
    await expect(page).toHaveURL(/\/assignments\/\d+/);
    const current = page
      .getByRole("listitem")
      .filter({ has: page.getByText("Next step", { exact: true }) });
    await current.getByText(/^Comment on /).click();
    const box = current.getByRole("textbox", { name: /^Comment \(step \d+: / });
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
  await logIn(newcomer, "aiko@koan.test", { to: "/onboarding" });
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

/** The names of the page's buttons, as a screen reader's list of buttons gives them. */
async function buttonNames(page: Page) {
  const tree = await page.locator("main").ariaSnapshot();
  return [...tree.matchAll(/(?<![a-z])button "([^"]*)"/g)].map((m) => m[1] ?? "");
}

/**
 * The names of the page's form fields, folded or not, as a screen reader's list of form fields
 * gives them (their labels' text, the visually hidden part included).
 */
function fieldNames(page: Page) {
  return page
    .locator("main")
    .evaluate((main) =>
      [...main.querySelectorAll("input:not([type=hidden]), textarea, select")].map((field) =>
        [...((field as HTMLInputElement).labels ?? [])].map((l) => l.textContent).join(" "),
      ),
    );
}

/** Opens every step still to come (their cards, folded, hold the same forms). */
async function unfoldLater(page: Page, heading: string) {
  const later = page.getByRole("region", { name: heading });
  await expect(later.locator("summary").first()).toBeVisible();
  for (const summary of await later.locator("summary", { hasText: /^\d+\.\s/ }).all()) {
    await summary.click();
  }
}

test("each step's buttons and fields say which step they act on, in English and in Korean", async ({
  browser,
}) => {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, "aiko@koan.test", { to: "/onboarding" });
  await page.getByRole("link", { name: "Open your checkpoints" }).first().click();
  await expect(page).toHaveURL(/\/assignments\/\d+/);
  await unfoldLater(page, "Coming up");
  // Every card has the same buttons; each is heard with its step, and looks as before.
  const submit = page.getByRole("button", {
    name: "Submit for review (step 3: Root cause)",
    exact: true,
  });
  await expect(submit).toBeVisible();
  await expect(submit).toHaveText(/^Submit for review/);
  await expect(submit.locator(".visually-hidden")).toHaveText(" (step 3: Root cause)");
  await page.getByText("Comment on Root cause", { exact: true }).click();
  await expect(
    page.getByRole("button", { name: "Post comment (step 3: Root cause)", exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Attach (step 3: Root cause)", exact: true }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit for review", exact: true })).toHaveCount(0);
  const names = await buttonNames(page);
  expect(names.filter((n) => n.startsWith("Submit for review")).length).toBeGreaterThanOrEqual(4);
  expect(names.length).toBe(new Set(names).size);
  // The same for the fields: each card's "What you found" is heard with its step, seen as before.
  for (const label of [
    "What you found",
    "Links (optional)",
    "Time spent, minutes (optional)",
    "Comment",
  ]) {
    const field = page.getByLabel(`${label} (step 3: Root cause)`, { exact: true });
    await expect(field).toBeVisible();
    await expect(page.getByLabel(label, { exact: true })).toHaveCount(0);
  }
  const notesLabel = stepCard(page, "3. Root cause").locator("label", {
    hasText: "What you found",
  });
  await expect(notesLabel.locator(".visually-hidden")).toHaveText(" (step 3: Root cause)");
  const fields = await fieldNames(page);
  expect(fields.filter((n) => n.startsWith("What you found")).length).toBeGreaterThanOrEqual(4);
  expect(fields.length).toBe(new Set(fields).size);
  await page.context().close();

  const ko = await (await browser.newContext()).newPage();
  await logIn(ko, "jiwoo@koan.test", { to: "/onboarding" }); // her setting: Korean
  await ko.getByRole("link", { name: "체크포인트 열기" }).first().click();
  await expect(ko).toHaveURL(/\/assignments\/\d+/);
  await unfoldLater(ko, "다음 단계들");
  await expect(
    ko.getByRole("button", { name: "검토 요청하기 (3단계: 근본 원인)", exact: true }),
  ).toBeVisible();
  await ko.getByText("근본 원인 단계에 댓글 달기", { exact: true }).click();
  await expect(
    ko.getByRole("button", { name: "댓글 올리기 (3단계: 근본 원인)", exact: true }),
  ).toBeVisible();
  const koNames = await buttonNames(ko);
  expect(koNames.length).toBe(new Set(koNames).size);
  await expect(
    ko.getByRole("textbox", { name: "알아낸 것 (3단계: 근본 원인)", exact: true }),
  ).toBeVisible();
  await expect(
    ko.getByRole("spinbutton", { name: "걸린 시간(분) (선택) (3단계: 근본 원인)", exact: true }),
  ).toBeVisible();
  const koFields = await fieldNames(ko);
  expect(koFields.length).toBe(new Set(koFields).size);
  await ko.context().close();

  // A mentor's review box, in Korean (최유나's setting): Leo Fischer's step waits for her.
  const yuna = await (await browser.newContext()).newPage();
  await logIn(yuna, "yuna@koan.test", { to: "/mentoring" });
  await yuna.getByRole("region", { name: "검토 대기 중" }).getByRole("link").first().click();
  await expect(yuna).toHaveURL(/\/assignments\/\d+/);
  await expect(
    yuna.getByRole("textbox", { name: "검토 의견 (3단계: 근본 원인)", exact: true }),
  ).toBeVisible();
  const reviewFields = await fieldNames(yuna);
  expect(reviewFields.length).toBe(new Set(reviewFields).size);
  await yuna.context().close();
});

test("evidence refused in a step still to come keeps that step open, focus at the refused field", async ({
  page,
}) => {
  await logIn(page, "aiko@koan.test", { to: "/onboarding" });
  await page.getByRole("link", { name: "Open your checkpoints" }).first().click();
  await expect(page).toHaveURL(/\/assignments\/\d+/);
  const later = page.getByRole("region", { name: "Coming up" });
  await later.locator("summary", { hasText: "3. Root cause" }).click();
  const notes = stepCard(page, "3. Root cause").getByRole("textbox", { name: "What you found" });
  await notes.fill("   ");
  await page
    .getByRole("button", { name: "Submit for review (step 3: Root cause)", exact: true })
    .click();
  // The refusal is said at the field, in the same open step, and focus is there (not on the
  // page's heading, where a re-mounted card had sent it).
  await expect(notes).toHaveAttribute("aria-invalid", "true");
  await expect(notes).toBeVisible();
  await expect(notes).toBeFocused();
  await expect(notes).toHaveValue("   ");
  await expect(notes).toHaveAccessibleDescription(/\S/);
});

test("a slow refusal leaves focus in the field the newcomer moved to meanwhile, and fetches nothing more", async ({
  page,
}) => {
  await logIn(page, "aiko@koan.test", { to: "/onboarding" });
  await page.getByRole("link", { name: "Open your checkpoints" }).first().click();
  await expect(page).toHaveURL(/\/assignments\/\d+/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const current = page
    .getByRole("listitem")
    .filter({ has: page.getByText("Next step", { exact: true }) });
  const notes = current.getByRole("textbox", { name: /^What you found/ });
  const links = current.getByRole("textbox", { name: /^Links/ });
  const submit = current.getByRole("button", { name: /^(Submit for review|Mark done) \(step/ });
  // The answer is held back, as on a slow phone: the person goes on to the next field meanwhile.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const pageData = /\/assignments\/\d+\.data/;
  await page.route(pageData, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  const fetched: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "GET" && pageData.test(r.url())) fetched.push(r.url());
  });
  await submit.click();
  await links.click();
  await page.keyboard.type("not a ");
  release();
  await expect(current.getByText("Write what you found, or add at least one link.")).toBeVisible();
  // Two frames: the answer is drawn and any focus move after it has happened.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  await page.keyboard.type("link");
  await expect(links).toBeFocused();
  await expect(links).toHaveValue("not a link");
  await expect(notes).toHaveValue("");
  // A refused form changed nothing: neither the page's nor the shell's data is fetched again.
  expect(fetched).toEqual([]);
  await page.unroute(pageData);
  await submit.click();
  await expect(current.getByText(/Line 1 is not a link/)).toBeVisible();
  await expect(links).toHaveValue("not a link");
  expect(fetched).toEqual([]);
});
