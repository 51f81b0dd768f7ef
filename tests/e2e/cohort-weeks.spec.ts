import { expect, test } from "./fixtures";
import { logIn } from "./helpers";

// The cohort view's weekly chart names its weeks by their days in the reader's language
// ("Oct 12 – 18", "10월 12일~18일"), never by ISO week numbers ("2026-W42").

const TABLE = "Assignments resolved";

test("the weeks of the resolved chart read as days, in English", async ({ page }) => {
  await logIn(page, "lead@koan.test", { to: "/cohorts" });
  const table = page.getByRole("table", { name: new RegExp(TABLE) });
  await page.getByText("Show the numbers").nth(1).click();
  const weeks = table.getByRole("rowheader");
  await expect(weeks).toHaveCount(8);
  // Mon–Sun, within a month or across two: "Oct 12 – 18", "Oct 26 – Nov 1" (and with the
  // years across the new year: "Dec 28, 2026 – Jan 3, 2027").
  for (const week of await weeks.allTextContents()) {
    expect(week).toMatch(
      /^[A-Z][a-z]{2} \d{1,2}(, \d{4})?\s–\s([A-Z][a-z]{2} )?\d{1,2}(, \d{4})?$/,
    );
  }
  // The axis under the line: the week's first day.
  const axis = page.locator("figure.chart").nth(1).locator("svg text.chart-tick");
  await expect(axis.last()).toHaveText(/^[A-Z][a-z]{2} \d{1,2}$/);
  await expect(page.locator("main")).not.toContainText(/\d{4}-W\d{2}/);
  await expect(page.locator("main")).not.toContainText(/\bW\d{2}\b/);
});

test("the weeks read the Korean way for a Korean browser", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  await logIn(page, "lead@koan.test", { to: "/cohorts" });
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await page.getByText("숫자로 보기").nth(1).click();
  const weeks = page.getByRole("table", { name: /주별 해결된 배정/ }).getByRole("rowheader");
  await expect(weeks).toHaveCount(8);
  for (const week of await weeks.allTextContents()) {
    expect(week).toMatch(/^(\d{4}년 )?\d{1,2}월 \d{1,2}일~(\d{4}년 )?(\d{1,2}월 )?\d{1,2}일$/);
  }
  const axis = page.locator("figure.chart").nth(1).locator("svg text.chart-tick");
  await expect(axis.last()).toHaveText(/^\d{1,2}월 \d{1,2}일$/);
  await expect(page.locator("main")).not.toContainText(/\d{4}-W\d{2}/);
  await context.close();
});
