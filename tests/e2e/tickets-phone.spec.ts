import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, expectNoSidewaysScroll, layoutShift, logIn, msgText } from "./helpers";

// The ticket queue on a phone (360 px): the search box stays, the other filters fold behind
// "Filters (1 active)", so the first ticket is on the first screen; the disclosure opens by
// keyboard, its filters still work (with scripts and without), and it is open when a filter is
// set. On a wide screen every filter shows, with no disclosure. English and Korean. Changes no data.

const PHONE = { width: 360, height: 740 };
type Lang = "en" | "ko";

async function queueAt(browser: Browser, lang: Lang, javaScript = true): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE,
    locale: lang === "ko" ? "ko-KR" : "en-US",
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  // A mentor: the queue's header also holds "New ticket" and "Import".
  await logIn(page, "mentor@koan.test", { javaScript, to: "/tickets" });
  if (javaScript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  return page;
}

async function expectFirstTicketOnFirstScreen(page: Page) {
  const results = page.getByRole("region", { name: /tickets|티켓/ });
  const first = results.getByRole("listitem").first();
  await expect(first).toBeVisible();
  // Asked again until it holds: a search typed in the box may still redraw the list once more
  // (the item seen visible is then replaced, and has no box for a moment).
  await expect
    .poll(
      async () => {
        const box = await first.boundingBox();
        return box === null ? Number.POSITIVE_INFINITY : box.y + box.height;
      },
      { message: "the first ticket's bottom edge" },
    )
    .toBeLessThanOrEqual(PHONE.height);
}

/** Each filter's box is as wide as its longest choice needs ("아직 해결 안 됨" was cut off). */
async function expectChoicesWhole(filters: Locator) {
  const cut = await filters.locator("select").evaluateAll((selects) =>
    (selects as HTMLSelectElement[]).flatMap((select) => {
      const shown = select.getBoundingClientRect().width;
      select.style.width = "max-content";
      const needed = select.getBoundingClientRect().width;
      select.style.width = "";
      return needed > shown + 0.5 ? [`${select.name}: ${needed} px needed, ${shown} px shown`] : [];
    }),
  );
  expect(cut).toEqual([]);
}

for (const lang of ["en", "ko"] as const) {
  test(`on a phone the queue starts on the first screen and its folded filters work by keyboard (${lang})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000); // axe twice on a shared machine
    const page = await queueAt(browser, lang);
    const t = (key: string) => msgText(lang, key);
    const filters = page.getByRole("form", { name: t("tickets.filters.aria") });
    await expect(filters.getByRole("searchbox", { name: t("tickets.filters.q") })).toBeVisible();
    // The disclosure's summary, with no filter set.
    const disclosure = filters.getByText(lang === "ko" ? "필터" : "Filters", { exact: true });
    await expect(disclosure).toBeVisible();
    await expect(filters.getByLabel(t("tickets.filters.component"))).toBeHidden();
    await expectFirstTicketOnFirstScreen(page);
    expect(await layoutShift(page, "main")).toBe(0);
    await expectAccessible(page);

    // By keyboard: from the search box to its button, then the disclosure, which opens with Enter
    // and shows where the keyboard is.
    await filters.getByRole("searchbox").focus();
    await page.keyboard.press("Tab");
    await expect(filters.getByRole("button", { name: t("tickets.filters.search") })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(disclosure).toBeFocused();
    const outline = await disclosure.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe("none");
    await page.keyboard.press("Enter");
    const component = filters.getByLabel(t("tickets.filters.component"));
    await expect(component).toBeVisible();
    await expectChoicesWhole(filters);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);

    // A filter chosen applies at once; the disclosure then says so and stays open.
    await component.selectOption("billing");
    await expect(page).toHaveURL(/component=billing/);
    await expect(filters.getByText(/\(1/)).toBeVisible();
    await expect(component).toBeVisible();
    await expect(component).toHaveValue("billing");
    const rows = page.getByRole("region", { name: /tickets|티켓/ }).getByRole("listitem");
    await expect(rows.first()).toContainText("billing");
    // Reloaded with the filter set, it comes open from the server.
    await page.reload();
    await expect(component).toBeVisible();

    // The search box works the same.
    await page.goto("/tickets");
    await filters.getByRole("searchbox").fill("webhook");
    await filters.getByRole("searchbox").press("Enter");
    await expect(page).toHaveURL(/q=webhook/);
    await expect(rows.filter({ hasText: /webhook/i }).first()).toBeVisible();
    await expectFirstTicketOnFirstScreen(page);

    // On a wide screen every filter shows, and there is no disclosure to open; with a search set,
    // the clear link sits beside "Apply filters", as it did before the filters folded.
    await page.goto("/tickets?q=webhook");
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(component).toBeVisible();
    await expect(disclosure).toBeHidden();
    const apply = await filters
      .getByRole("button", { name: t("tickets.filters.apply") })
      .boundingBox();
    const clear = await filters
      .getByRole("link", { name: t("tickets.filters.clear") })
      .boundingBox();
    if (!apply || !clear) throw new Error("Apply filters and Clear filters are shown");
    expect(Math.abs(clear.y + clear.height / 2 - (apply.y + apply.height / 2))).toBeLessThan(4);
    expect(clear.x).toBeGreaterThan(apply.x + apply.width);
    await expectChoicesWhole(filters);
    await page.context().close();
  });
}

test("on a phone without scripts, the folded filters open and apply", async ({ browser }) => {
  const page = await queueAt(browser, "en", false);
  const filters = page.getByRole("form", { name: "Filter tickets" });
  await expectFirstTicketOnFirstScreen(page);
  await filters.getByText("Filters", { exact: true }).click();
  await filters.getByLabel("Component").selectOption("billing");
  await filters.getByLabel("Starter tickets only").check();
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/component=billing/);
  await expect(page).toHaveURL(/starter=1/);
  await expect(filters.getByText("Filters (2 active)")).toBeVisible();
  await expect(filters.getByLabel("Component")).toHaveValue("billing");
  await expect(filters.getByLabel("Component")).toBeVisible();
  await page.context().close();
});
