import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, expectAccessible, keepScreenshot, screenshotAtWidths } from "./helpers";

// Koan's frame in Korean: the login page's language switch, the shell a Korean newcomer sees
// (박서준, whose language is Korean), and a Korean 404 page. Changes no data.

test("the login page's switch turns the page Korean, and 박서준 sees a Korean shell", async ({
  page,
}) => {
  test.setTimeout(120_000); // axe twice and three screenshots on a shared machine
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Log in to Koan" })).toBeVisible();
  // A choice made before the page hydrates is put back by React's hydration of the select.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  await page.getByLabel("Language").selectOption("ko");
  await page.getByRole("button", { name: "Change language" }).click();

  // The page reloads in Korean: lang, heading, labels and button.
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { name: "Koan에 로그인" })).toBeVisible();
  await expect(page).toHaveTitle("로그인 · Koan");
  await expect(page.getByLabel("언어")).toHaveValue("ko");
  await expectAccessible(page);

  // A wrong password: the message in Korean, the e-mail kept.
  await page.getByLabel("이메일").fill("seojun@koan.test");
  await page.getByLabel("비밀번호").fill("not-the-password");
  await page.getByRole("button", { name: "로그인", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("이메일과 비밀번호가 맞는 활성 계정이 없어요.");
  await expect(page.getByLabel("이메일")).toHaveValue("seojun@koan.test");

  await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "로그인", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);

  // The shell: navigation, search, inbox and log-out in Korean; the name as he writes it.
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  const nav = page.getByRole("navigation", { name: "주 메뉴" });
  await expect(nav.getByRole("link", { name: "내 온보딩" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "티켓" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "지식 베이스" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "지식 베이스 검색" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^알림함/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "로그아웃" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /박서준\s*신규 입사자/ })).toBeVisible();

  // Settings: Korean headings, the language setting, and a Korean relative time.
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "설정" })).toBeVisible();
  await expect(page).toHaveTitle("설정 · Koan");
  await expect(page.getByRole("heading", { name: "로그인한 기기" })).toBeVisible();
  await expect(page.getByText(/(방금|분 전|시간 전) 활동/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "모든 기기에서 로그아웃" })).toBeVisible();
  await expectAccessible(page);

  await screenshotAtWidths(page, "ko-settings");
  await page.setViewportSize({ width: 360, height: 800 });
  // The phone menu opens and speaks Korean.
  await page.getByText("메뉴", { exact: true }).click();
  await expect(
    page.getByRole("navigation", { name: "메뉴" }).getByRole("link", { name: "티켓" }),
  ).toBeVisible();
  await keepScreenshot(page, "ko-menu-360", { fullPage: false });
});

test("a missing page says so in Korean", async ({ page, baseURL }) => {
  test.setTimeout(60_000);
  await page.context().addCookies([{ name: "koan_lang", value: "ko", url: baseURL ?? "" }]);
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { name: "페이지를 찾을 수 없어요" })).toBeVisible();
  await expect(page.getByRole("link", { name: "홈 페이지로 가세요" })).toBeVisible();
  await expectAccessible(page);
  await screenshotAtWidths(page, "ko-404");
  await page.goto("/login");
  await screenshotAtWidths(page, "ko-login");
});
