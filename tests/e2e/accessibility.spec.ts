import { expect, test } from "./fixtures";
import { expectAccessible, logIn, smallTargets } from "./helpers";

test("log-in, 404 and invalid-invite pages have no serious axe violations", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page);
  // Sent empty, the log-in form comes back as a new document (it reloads the page): focus goes to
  // the first field marked invalid, which says its error, not to the top of the page.
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("E-mail")).toBeFocused();
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/invite/not-a-token");
  await expectAccessible(page);
});

test("Settings → Integrations has no serious axe violations, in light and dark", async ({
  page,
}) => {
  await logIn(page, "lead@koan.test", { to: "/settings" });
  await page.getByRole("link", { name: "Open integrations" }).click();
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: /E-mail/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Slack/ })).toBeVisible();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectAccessible(page, { coloursOnly: scheme === "dark" });
  }
});

test("newcomer and mentor pages, and the 403 page, have no serious axe violations", async ({
  browser,
}) => {
  const newcomer = await (await browser.newContext()).newPage();
  await logIn(newcomer, "newcomer@koan.test", { to: "/onboarding" });
  await expectAccessible(newcomer);
  await newcomer.goto("/team");
  await expect(
    newcomer.getByRole("heading", { name: "You don't have access to this page" }),
  ).toBeVisible();
  await expectAccessible(newcomer);

  const mentor = await (await browser.newContext({ colorScheme: "dark" })).newPage();
  await logIn(mentor, "mentor@koan.test");
  await expectAccessible(mentor);
});

test("an invite form with errors stays accessible and keeps what was typed", async ({ page }) => {
  await logIn(page, "lead@koan.test");
  await page.getByLabel("E-mail").fill("not an email");
  await page.getByLabel("Mentee capacity").fill("99");
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByText("Enter an e-mail address like name@example.com.")).toBeVisible();
  await expect(page.getByText("Capacity can be at most 20.")).toBeVisible();
  await expect(page.getByLabel("E-mail")).toHaveValue("not an email");
  await expect(page.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
  // Focus leaves the submit button for the first field in error, which reads out its message.
  await expect(page.getByLabel("E-mail")).toBeFocused();
  await expect(page.getByLabel("E-mail")).toHaveAccessibleDescription(
    /Enter an e-mail address like name@example\.com\./,
  );
  await expectAccessible(page);
});

test("the cohort dashboard's charts have a data table; the track editor previews without saving", async ({
  page,
}) => {
  await logIn(page, "lead@koan.test", { to: "/cohorts" });
  const chart = page.getByRole("img", { name: /days per checkpoint/i });
  await expect(chart).toBeVisible();
  // Its description reads the bars out (from hidden markup that can mark a step's language).
  await expect(chart).toHaveAccessibleDescription(/^Median days .*Root cause: \d/);
  await page.getByText("Show the numbers").first().click();
  await expect(page.getByRole("rowheader", { name: "Root cause" }).first()).toBeVisible();
  // The top recurring toil: at most five chores with the minutes spent, and the way to the board.
  const toil = page.getByRole("region", { name: "Top recurring toil" });
  const chores = toil.getByRole("listitem");
  await expect(chores.first()).toContainText(/\d+ (h|min)( \d+ min)? · \d+ times?/);
  expect(await chores.count()).toBeLessThanOrEqual(5);
  await toil.getByRole("link", { name: "Open the toil board" }).click();
  await expect(page).toHaveURL(/\/kb\/toil$/);
  await page.goto("/tracks");
  await expect(page.getByRole("heading", { name: "Checkpoint track", level: 1 })).toBeVisible();
  await expectAccessible(page);
});

test("focus goes to the new heading on the way from and back to an error page", async ({
  page,
}) => {
  await logIn(page, "newcomer@koan.test", { to: "/kb/999999" });
  const notFound = page.getByRole("heading", { name: "Page not found", level: 1 });
  await expect(notFound).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  // Leaving the error page inside the app: the next page's heading, not <body>.
  await page.getByRole("link", { name: "go to your home page" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.locator("main h1")).toBeFocused();
  // And back to it: its heading says where the reader is.
  await page.goBack();
  await expect(notFound).toBeFocused();
});

test("marking the last inbox item to read by keyboard leaves focus on that item", async ({
  page,
}) => {
  // Daniel's demo inbox holds an unread notice (a new mentee); no other spec reads his inbox.
  await logIn(page, "daniel@koan.test", { to: "/inbox" });
  const item = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("button", { name: /^Mark read/ }) })
    .first();
  const title = item.getByRole("link");
  // Its name: the title, and the ticket it is about (aria-label) when it has one.
  const name = (await title.getAttribute("aria-label")) ?? (await title.textContent()) ?? "";
  await item.getByRole("button", { name: /^Mark read/ }).focus();
  await page.keyboard.press("Enter");
  // The button goes once pressed; focus moves to the item's own link, not to <body>.
  await expect(page.getByRole("button", { name: new RegExp(`^Mark read.*${name}`) })).toBeHidden();
  await expect(page.getByRole("link", { name, exact: true })).toBeFocused();
});

test("marking an inbox item read by keyboard moves focus on to the next one to read", async ({
  page,
}) => {
  // Noah's demo inbox holds several unread notices; no other spec reads his inbox.
  await logIn(page, "noah@koan.test", { to: "/inbox" });
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const buttons = page.locator("main .inbox-action button:visible");
  const names = () => buttons.evaluateAll((all) => all.map((b) => b.textContent ?? ""));
  const focused = () =>
    page.evaluate(() =>
      document.activeElement?.closest(".inbox-action") ? document.activeElement.textContent : null,
    );
  const before = await names();
  expect(before.length).toBeGreaterThanOrEqual(2);
  await buttons.first().focus();
  await page.keyboard.press("Enter");
  // The read item goes below the others once the page catches up; Tab from it skipped them.
  // Focus is on the next item's "Mark read", and stays there once the list is redrawn.
  await expect.poll(focused).toBe(before[1]);
  await expect(buttons).toHaveCount(before.length - 1);
  expect(await focused()).toBe(before[1]);
  await page.keyboard.press("Enter");
  await expect(buttons).toHaveCount(before.length - 2);
  if (before.length > 2) await expect.poll(focused).toBe(before[2]);
});

test("content in the other language than the page's is marked with its own lang", async ({
  browser,
}) => {
  // An English page: Korean titles, snippets and bodies are read with a Korean voice.
  const page = await (await browser.newContext()).newPage();
  await logIn(page, "newcomer@koan.test", { to: "/kb?q=E4012" });
  const korean = "결제 오류 E4012: PG 응답 대기 시간 초과";
  const result = page.getByRole("link", { name: korean });
  await expect(result).toHaveAttribute("lang", "ko");
  await expect(page.locator(".snippet").first()).toHaveAttribute("lang", "ko");
  await result.click();
  await expect(page.getByRole("heading", { name: korean, level: 1 })).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("region", { name: "Symptom" }).locator(".prose")).toHaveAttribute(
    "lang",
    "ko",
  );
  await page.goto("/tickets/62");
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "ko");
  // The page's own language needs no mark.
  await page.goto("/tickets/1");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveAttribute("lang", /./);
  await page.context().close();
  // A Korean page: an English write-up's title and body are marked English.
  const ko = await (await browser.newContext()).newPage();
  await logIn(ko, "jiwoo@koan.test", { to: "/kb/1" }); // her setting: Korean
  await expect(ko.locator("html")).toHaveAttribute("lang", "ko");
  await expect(ko.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "en");
  await expect(ko.locator(".prose").first()).toHaveAttribute("lang", "en");
  await ko.context().close();
});

test("ticket titles, step names and chores are marked with their own lang on the inbox, boards, onboarding, cohorts and toil pages", async ({
  browser,
}) => {
  // The demo's content is English; these pages are Korean (최유나's and 박서준's setting, and the
  // lead's browser). Koan's own Korean words around it (a default step's name, an inbox item's
  // "검토 요청: …") are the page's language and carry no mark.
  const yuna = await (await browser.newContext()).newPage();
  await logIn(yuna, "yuna@koan.test", { to: "/mentoring" });
  await expect(yuna.locator("html")).toHaveAttribute("lang", "ko");
  const review = yuna.getByRole("region", { name: "검토 대기 중" }).getByRole("listitem").first();
  // "Leo Fischer: 근본 원인 · Remember-me checkbox …": the step is Korean, the ticket English.
  await expect(review.getByRole("link").locator("span")).not.toHaveAttribute("lang", /./);
  await expect(review.locator(".small span").first()).toHaveAttribute("lang", "en");
  const pairing = yuna.getByRole("region", { name: "내 멘티" }).getByRole("row").nth(1);
  await expect(pairing.getByRole("link")).toHaveAttribute("lang", "en");
  await yuna.goto("/inbox");
  const group = yuna.getByRole("heading", { level: 2 }).first();
  await expect(group.locator("span").first()).toHaveAttribute("lang", "en");
  const item = yuna.locator(".inbox-item").first();
  await expect(item.locator(".inbox-title a")).not.toHaveAttribute("lang", /./);
  await expect(item.locator(".inbox-body")).toHaveAttribute("lang", "en");
  await yuna.context().close();

  const seojun = await (await browser.newContext()).newPage();
  await logIn(seojun, "seojun@koan.test", { to: "/onboarding" });
  const suggested = seojun.getByRole("region", { name: "추천 티켓" }).getByRole("link");
  await expect(suggested.first()).toHaveAttribute("lang", "en");
  await seojun.context().close();

  const lead = await (
    await browser.newContext({
      locale: "ko-KR",
      extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
    })
  ).newPage();
  await logIn(lead, "lead@koan.test", { to: "/cohorts" });
  await expect(lead.locator("html")).toHaveAttribute("lang", "ko");
  const stuck = lead.getByRole("region", { name: "막힘" }).getByRole("link").first();
  await expect(stuck.locator("span")).toHaveAttribute("lang", "en");
  const chore = lead.locator(".toil-top li > span > span:not(.muted)").first();
  await expect(chore).toHaveAttribute("lang", "en");
  await lead.goto("/kb/toil");
  await expect(lead.getByRole("rowheader").first()).toHaveAttribute("lang", "en");
  await expect(lead.locator(".lede strong")).toHaveAttribute("lang", "en");
  // A time with its unit ("4시간 45분", "236일 전") is read on one line, not broken before 45분 or 전.
  const linesOf = await lead.evaluate(() =>
    [...document.querySelectorAll("tbody td")]
      .filter((cell) => /[0-9]\s*(시간|분|일 전)/.test(cell.textContent ?? ""))
      .map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return `${cell.textContent}: ${tops.size}`;
      }),
  );
  expect(linesOf.length).toBeGreaterThan(10);
  expect(linesOf.filter((line) => !line.endsWith(": 1"))).toEqual([]);
  await lead.context().close();

  // On an English page, English content needs no mark.
  const en = await (await browser.newContext()).newPage();
  await logIn(en, "lead@koan.test", { to: "/kb/toil" });
  await expect(en.getByRole("rowheader").first()).toHaveText(/\w/);
  await expect(en.getByRole("rowheader").first()).not.toHaveAttribute("lang", /./);
  await en.goto("/cohorts");
  const englishChore = en.locator(".toil-top li > span > span:not(.muted)").first();
  await expect(englishChore).toHaveText(/\w/);
  await expect(englishChore).not.toHaveAttribute("lang", /./);
  await en.context().close();
});

test("on a phone, the import pages' file samples scroll in regions named by their headings", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await logIn(page, "mentor@koan.test");
  // Code samples, not tables, each a focusable region of its own name (they were all "Table,
  // scrolls sideways", two landmarks with one name).
  for (const [path, names] of [
    ["/tickets/import", ["CSV", "JSON"]],
    ["/kb/import", ["JSON", "Markdown in a zip"]],
  ] as const) {
    await page.goto(path);
    for (const name of names) {
      const sample = page.getByRole("region", { name, exact: true });
      await expect(sample).toHaveAttribute("tabindex", "0");
      await expect(sample.locator("pre")).toBeVisible();
    }
    await expect(page.getByRole("region", { name: "Table, scrolls sideways" })).toHaveCount(0);
  }
  await context.close();
});

test("a form that fails twice gives its error message focus both times", async ({ page }) => {
  await logIn(page, "lead@koan.test", { to: "/tracks" });
  const titles = page.getByLabel("Title", { exact: true });
  const second = await titles.nth(1).inputValue();
  const summary = page.getByRole("alert").filter({ hasText: /was not saved/ });
  for (const attempt of [1, 2]) {
    // Two checkpoints with one title: refused, and the track is not saved.
    await page.getByLabel("Title", { exact: true }).first().fill(second);
    await page.getByRole("button", { name: /^Save as version/ }).focus();
    await page.keyboard.press("Enter");
    await expect(summary, `attempt ${attempt}`).toBeFocused();
    await expect(summary).toContainText("titles must be unique");
  }
});

test("on a phone, the inbox's and the assignment page's links and buttons are 24 px by themselves; disclosure triangles are not read", async ({
  browser,
}) => {
  const page = await (
    await browser.newContext({ viewport: { width: 360, height: 740 } })
  ).newPage();
  await logIn(page, "ana@koan.test");
  const small = () => smallTargets(page);
  await page.goto("/inbox");
  // Folded lists too: a finished item's title is as easy to tap as a new one's.
  for (const summary of await page.locator("main details > summary").all()) await summary.click();
  await expect(page.locator(".inbox-title a").first()).toBeVisible();
  expect(await small()).toEqual([]);
  await page.goto("/onboarding");
  await page.getByRole("link", { name: "Open your checkpoints" }).first().click();
  await expect(page).toHaveURL(/\/assignments\/\d+/);
  await expect(page.getByRole("link", { name: "← The ticket" })).toBeVisible();
  expect(await small()).toEqual([]);
  // The triangles beside the menu and the folded steps are drawn, not read: the names are words.
  await expect(page.locator("summary", { hasText: "Menu" })).toHaveAccessibleName("Menu");
  await expect(page.locator(".checkpoint-line summary").first()).toHaveAccessibleName(/^\d+\./);
  // A step unfolded under "Coming up" (an h3) is headed a level below it.
  const later = page.getByRole("region", { name: "Coming up" });
  await later.locator("summary").first().click();
  await expect(later.getByRole("heading", { level: 4 }).first()).toBeVisible();
  await expect(later.getByRole("heading", { level: 3 })).toHaveCount(1);
  await page.context().close();
});

test("on a phone, the '← back' links and the other pages' links, buttons and summaries are 24 px by themselves", async ({
  browser,
}) => {
  const page = await (
    await browser.newContext({ viewport: { width: 360, height: 740 } })
  ).newPage();
  await logIn(page, "lead@koan.test");
  /** The first link in the page's main to a path like `pattern`. */
  const firstPath = (pattern: RegExp) =>
    page
      .locator("main a[href]")
      .evaluateAll(
        (links, source) =>
          links.map((a) => a.getAttribute("href") ?? "").find((h) => new RegExp(source).test(h)),
        pattern.source,
      );
  // And every link, button and summary on these pages: lists of links, table cells, badges and
  // folded previews were 16 to 22 px tall.
  const small = async (path: string | undefined) =>
    expect(await smallTargets(page), `small targets on ${path}`).toEqual([]);
  await page.goto("/tickets");
  const ticket = await firstPath(/^\/tickets\/\d+$/);
  await page.goto("/kb");
  await small("/kb");
  const writeup = await firstPath(/^\/kb\/\d+$/);
  await page.goto("/team");
  await small("/team");
  const member = await firstPath(/^\/team\/\d+$/);
  for (const path of ["/cohorts", "/mentoring", "/tracks", "/tickets/7", "/kb/1"]) {
    await page.goto(path);
    await small(path);
  }
  for (const [path, name] of [
    [ticket, "← Tickets"],
    [`${ticket}/edit`, "← Back to the ticket"],
    ["/tickets/new", "← Tickets"],
    [writeup, "← Knowledge base"],
    [`${writeup}/edit`, "← Back to the write-up"],
    ["/kb/new", "← Knowledge base"],
    ["/kb/toil", "← Knowledge base"],
    ["/kb/gaps", "← Knowledge base"],
    ["/kb/review", "← Knowledge base"],
    [member, "← Team"],
  ]) {
    await page.goto(path ?? "");
    const box = await page.getByRole("link", { name, exact: true }).boundingBox();
    expect(box?.height, `${name} on ${path}`).toBeGreaterThanOrEqual(24);
    await small(path);
  }
  await page.context().close();
});

test("tabbing down the track editor, the focused control is never under the sticky save bar", async ({
  browser,
}) => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 360, height: 740 },
  ]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await logIn(page, "lead@koan.test", { to: "/tracks" });
    await page.getByLabel("Title", { exact: true }).first().focus();
    for (let tab = 1; tab <= 30; tab++) {
      await page.keyboard.press("Tab");
      const covered = await page.evaluate(() => {
        const focused = document.activeElement as HTMLElement | null;
        const bar = document.querySelector(".track-save");
        if (!focused || !bar || bar.contains(focused)) return null;
        // A control is in sight when it is, or its first 40 px are (a tall guide's text area).
        const box = focused.getBoundingClientRect();
        return Math.min(box.bottom, box.top + 40) > bar.getBoundingClientRect().top + 1
          ? (focused.getAttribute("aria-label") ?? focused.textContent?.trim().slice(0, 40) ?? "")
          : null;
      });
      expect(covered, `${viewport.width} px, Tab ${tab}`).toBeNull();
    }
    await context.close();
  }
});

test("the track editor's error list names the checkpoint of each error, and an edit is not called a failed save", async ({
  page,
}) => {
  await logIn(page, "lead@koan.test", { to: "/tracks" });
  const summary = page.getByRole("alert");
  // The new checkpoint's guide without its title, then "Add to the list": nothing was saved.
  await page
    .getByLabel("Guide (optional)", { exact: true })
    .last()
    .fill("Write down what you learned.");
  await page.getByRole("button", { name: "Add to the list" }).click();
  await expect(summary).toContainText("Fix what is marked below:");
  await expect(summary).not.toContainText("was not saved");
  await expect(
    summary.getByRole("link", { name: "New checkpoint: Give the new checkpoint a title." }),
  ).toBeVisible();
  // A checkpoint's title emptied, then saved: the error says which checkpoint it is.
  await page.getByLabel("Title", { exact: true }).nth(2).fill("");
  await page.getByRole("button", { name: /^Save as version/ }).click();
  await expect(summary).toContainText("was not saved");
  await expect(
    summary.getByRole("link", { name: "Checkpoint 3: Give the checkpoint a title." }),
  ).toBeVisible();
});

test("a checkpoint's guide preview says when the guide has changed since, and renders it on request", async ({
  page,
}) => {
  await logIn(page, "lead@koan.test", { to: "/tracks" });
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const step = page.locator(".track-steps > li").first();
  const preview = step.locator("details.track-preview");
  await preview.locator("summary").click();
  // The saved guide, rendered.
  await expect(preview.locator(".prose")).toBeVisible();
  await step
    .getByLabel("Guide (optional)", { exact: true })
    .fill("Run it **twice** before you change anything.");
  // The old rendering is not shown as if it were the guide now.
  await expect(preview.locator(".prose")).toBeHidden();
  await expect(preview).toContainText("You changed this guide after this preview.");
  await preview.getByRole("button", { name: "Preview guides" }).click();
  await expect(preview.locator(".prose strong")).toHaveText("twice");
  await expect(preview).not.toContainText("You changed this guide");
  await expect(
    page.getByText("This is a preview of your changes: nothing is saved yet."),
  ).toBeVisible();
});

test("on a phone, an API token reads as a card with its Revoke button on screen", async ({
  browser,
}) => {
  const page = await (
    await browser.newContext({ viewport: { width: 360, height: 740 } })
  ).newPage();
  await logIn(page, "sam@koan.test", { to: "/settings/tokens" });
  await page.getByLabel("Name", { exact: true }).fill("Team chat bot for billing alerts");
  await page.getByRole("button", { name: "Create token" }).click();
  const revoke = page.getByRole("button", { name: "Revoke Team chat bot for billing alerts" });
  await expect(revoke).toBeVisible();
  // Past the table's edge before (its right edge at 396 px), to be scrolled to sideways.
  const box = await revoke.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(360);
  await expect(page.getByRole("cell", { name: "never", exact: true })).toBeVisible();
  await revoke.click();
  await expect(page.getByText("Token revoked: it no longer works.")).toBeVisible();
  await page.context().close();
});
