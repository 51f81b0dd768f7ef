import { expect, test } from "./fixtures";
import { expectAccessible, logIn, screenshotAtWidths } from "./helpers";

// Mentoring pages in Korean: 최유나 (mentor) and 한지우 (newcomer) have Korean as their language.
// Read-only: nothing here changes the demo data.

const KOREAN_DATE = /\d{4}년 \d{1,2}월 \d{1,2}일|\d+(일|시간|분) 전|어제|오늘/;

test("최유나 sees her mentoring board and an assignment's track in Korean", async ({ page }) => {
  test.setTimeout(120_000); // two axe runs and four screenshots on a shared machine
  await logIn(page, "yuna@koan.test", { to: "/mentoring" });
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { level: 1, name: "멘토링" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "검토 대기 중" })).toBeVisible();
  await expectAccessible(page);

  await page.locator("main a[href^='/assignments/']").first().click();
  await expect(page).toHaveURL(/\/assignments\/\d+/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { name: "체크포인트", exact: true })).toBeVisible();
  // The default track's steps in Korean, and a Korean relative date in the lede.
  await expect(page.getByText("버그 재현").first()).toBeVisible();
  await expect(page.locator(".lede")).toContainText(KOREAN_DATE);
  await expect(page.locator(".lede")).toContainText("맡음");
  await expect(page.getByRole("progressbar")).toBeVisible();
  // The steps done, under "완료 및 대기 중" (an h3), are headed a level below it.
  const done = page.getByRole("region", { name: "완료 및 대기 중" });
  await expect(done.getByRole("heading", { level: 4 }).first()).toBeVisible();
  await expect(done.getByRole("heading", { level: 3 })).toHaveCount(1);
  await expectAccessible(page);
  await screenshotAtWidths(page, "ko-assignment");
});

test("한지우 sees My onboarding in Korean, with what happened in Korean", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, "jiwoo@koan.test", { to: "/onboarding" });
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { level: 1, name: "내 온보딩" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "수정은 이렇게 진행돼요" })).toBeVisible();
  await expect(page.locator(".journey")).toContainText("근본 원인");
  const happened = page.locator(".happened");
  if (await happened.count()) {
    await expect(happened.first()).toContainText(/요[.:]|요$/);
    await expect(happened.first()).not.toContainText(/asked for|waiting for|approved/);
  }
  await expect(page.locator(".lede")).toContainText("환영해요");
  await expectAccessible(page);
  await screenshotAtWidths(page, "ko-onboarding");
});
