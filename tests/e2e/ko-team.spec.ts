import { expect, test } from "./fixtures";
import { catalog, escapeRegExp, expectAccessible, logIn, screenshotAtWidths } from "./helpers";

/**
 * Every notification kind's Korean name. Which kind comes first depends on what the spec files
 * run before this one on the same worker's database did (a comment's 댓글 came first once).
 */
const KIND_NAMES = Object.entries(catalog("ko"))
  .filter(([key]) => key.startsWith("team.inbox.kind."))
  .map(([, name]) => name);

// The team's pages in Korean: 최유나's inbox (she chose Korean), and a lead's team page and cohort
// view after the lead switches to Korean in Settings (switched back at the end: shared demo data).

test("최유나 reads her inbox in Korean", async ({ page }) => {
  await logIn(page, "yuna@koan.test", { to: "/inbox" });
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { level: 1, name: "알림함" })).toBeVisible();
  await expect(page).toHaveTitle("알림함 · Koan");
  // Notification kinds and their times are Korean; relative times read "3일 전" and the like.
  const meta = page.locator(".inbox-meta").first();
  await expect(meta).toBeVisible();
  expect(KIND_NAMES).toEqual(expect.arrayContaining(["검토 요청", "새 멘티", "댓글"]));
  await expect(meta.locator(".badge").first()).toHaveText(
    new RegExp(`^(${KIND_NAMES.map(escapeRegExp).join("|")})$`),
  );
  await expect(meta.locator("time")).toHaveText(/(\d+(일|시간|분|주|개월|년) 전|어제|그저께|방금)/);
  await expect(page.locator("main")).not.toContainText(/Review requested|New mentee|days ago/);
  await expectAccessible(page);
  await screenshotAtWidths(page, "ko-inbox");
});

test("a lead sees the team page and the cohort view in Korean, then goes back to the browser's language", async ({
  page,
}) => {
  await logIn(page, "lead@koan.test", { to: "/settings" });
  // A choice made before the page hydrates is put back by React's hydration of the select.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  try {
    await page.goto("/team");
    await expect(page.getByRole("heading", { level: 1, name: "팀" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "초대하기" })).toBeVisible();
    await expect(page.getByRole("button", { name: "초대 링크 만들기" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "이름" })).toBeVisible();
    await page.getByLabel("사람 찾기").fill("지우");
    await page.getByRole("button", { name: "찾기", exact: true }).click();
    await expect(page.getByText("“지우”에 맞는 사람이 1명 있어요.")).toBeVisible();
    await expect(page.getByRole("link", { name: "한지우" })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("사람 찾기").fill("없는 사람");
    await page.getByRole("button", { name: "찾기", exact: true }).click();
    await expect(
      page.getByText("이름이나 이메일이 “없는 사람”에 맞는 사람이 없어요"),
    ).toBeVisible();
    await page.getByRole("link", { name: /명 모두 보기/ }).click();
    await expect(page.getByRole("link", { name: "한지우" })).toBeVisible();
    await expectAccessible(page);

    await page.goto("/cohorts");
    await expect(page.getByRole("heading", { level: 1, name: "기수" })).toBeVisible();
    await expect(page).toHaveTitle("기수 · Koan");
    await expect(page.getByRole("heading", { name: "시간이 어디에 드는지" })).toBeVisible();
    // Chart titles, and the numbers behind them as tables with Korean headings.
    const charts = page.locator("figure.chart figcaption");
    await expect(charts.first()).toHaveText(/체크포인트별 소요 일수 중앙값/);
    await expect(page.getByText(/주별 해결된 배정, 최근 8주/).first()).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "멘토" })).toBeVisible();
    await expect(
      page.getByRole("heading", { name: "시간이 가장 많이 드는 반복 작업" }),
    ).toBeVisible();
    // A month picked from the list is written the Korean way.
    await expect(page.getByRole("combobox", { name: "기수" })).toContainText(/\d{4}년 \d{1,2}월/);
    await expectAccessible(page);
    await screenshotAtWidths(page, "ko-cohorts");
    // A cohort picked applies at once, focus staying on the select: the lines saying which cohort
    // the page shows, and how it is doing, are a live region, read out as they change.
    const picker = page.getByRole("combobox", { name: "기수" });
    await picker.focus();
    await picker.selectOption({ index: 1 });
    await expect(page).toHaveURL(/cohort=/);
    await expect(picker).toBeFocused();
    const summary = page.locator(".page-header [aria-live=polite]");
    await expect(summary).toHaveAttribute("aria-atomic", "true");
    await expect(summary.locator(".lede")).toContainText(/\d{4}년 \d{1,2}월 기수/);
  } finally {
    await page.goto("/settings");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await page.getByRole("combobox", { name: "언어" }).selectOption("");
    await page.getByRole("button", { name: "언어 바꾸기" }).click();
    await expect(page.getByRole("combobox", { name: "Language" })).toBeVisible();
  }
});

test("a lead reading English invites in Korean: the link opens the invite in Korean, and the newcomer can switch", async ({
  page,
  browser,
}) => {
  await logIn(page, "lead@koan.test", { to: "/team" });
  const email = `ko-invite-${Date.now()}@koan.test`;
  // An invite has no language of its own until the lead chooses one: the reader's browser decides.
  await expect(page.getByLabel("Language of the invite")).toHaveValue("");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Name").fill("윤서아");
  await page.getByLabel("Language of the invite").selectOption("ko");
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByRole("status")).toContainText(`Invite ready for ${email}`);
  const link = await page.getByLabel("Invite link").inputValue();
  expect(link).toMatch(/\?lang=ko$/);
  // The waiting list says which language each invite went out in.
  await expect(page.getByRole("listitem").filter({ hasText: email })).toContainText("한국어");

  // A browser set to English opens it in Korean, and can choose English instead.
  const context = await browser.newContext({ locale: "en-US" });
  try {
    const newcomer = await context.newPage();
    await newcomer.goto(link);
    await expect(newcomer.locator("html")).toHaveAttribute("lang", "ko");
    await expect(
      newcomer.getByRole("heading", { level: 1, name: "Koan에 오신 걸 환영해요" }),
    ).toBeVisible();
    await expect(newcomer.getByLabel("이름")).toHaveValue("윤서아");
    await expectAccessible(newcomer);
    await expect(newcomer.locator("html")).toHaveAttribute("data-hydrated", "true");
    await newcomer.getByRole("combobox", { name: "언어" }).selectOption("en");
    await newcomer.getByRole("button", { name: "언어 바꾸기" }).click();
    await expect(newcomer.locator("html")).toHaveAttribute("lang", "en");
    await expect(
      newcomer.getByRole("heading", { level: 1, name: "Welcome to Koan" }),
    ).toBeVisible();
  } finally {
    await context.close();
  }
});
