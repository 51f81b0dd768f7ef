import { expect, type Page, test } from "@playwright/test";
import { expectAccessible, logIn, screenshotAtWidths } from "./helpers";

// 최유나 (a mentor whose language is Korean) searches the knowledge base and opens a write-up.
// Pages read in Korean; write-ups stay as written. Nothing is changed but a view count.

const KOREAN_DAY = /\d{4}년 \d{1,2}월 \d{1,2}일/;
const PG_TIMEOUT = "결제 오류 E4012: PG 응답 대기 시간 초과";

async function searchInKorean(page: Page) {
  await page.goto("/kb");
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { name: "지식 베이스", level: 1 })).toBeVisible();
  // With no query: recently published write-ups, dated the Korean way.
  const recent = page.getByRole("region", { name: "최근 게시된 해결 기록" });
  await expect(recent.getByText(KOREAN_DAY).first()).toBeVisible();
  await page.getByRole("searchbox", { name: "해결 기록 검색" }).fill("결제 오류 타임아웃");
  await page.getByRole("button", { name: "검색", exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  const results = page.getByRole("region", { name: /해결 기록 \d+개/ });
  await expect(results.getByRole("link", { name: PG_TIMEOUT })).toBeVisible();
  // The result's meta: the resolution kind in Korean.
  await expect(results.getByText("설정 변경").first()).toBeVisible();
}

test("최유나 searches the knowledge base in Korean and opens a Korean write-up", async ({
  page,
}) => {
  test.setTimeout(120_000); // axe twice, on a busy machine
  await logIn(page, "yuna@koan.test");
  await searchInKorean(page);

  // The filters, folded away, are labelled in Korean.
  await page.getByText("필터", { exact: true }).click();
  await expect(page.getByLabel("컴포넌트", { exact: true })).toBeVisible();
  await expect(page.getByLabel("해결 유형", { exact: true })).toBeVisible();
  await expect(page.getByLabel("게시일 시작")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: PG_TIMEOUT }).click();
  await expect(page.getByRole("heading", { name: PG_TIMEOUT, level: 1 })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  // The resolution kind and the section headings are translated …
  await expect(page.locator(".page-header .badge").getByText("설정 변경")).toBeVisible();
  await expect(page.getByRole("heading", { name: "증상", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "근본 원인", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "디버깅 과정", level: 2 })).toBeVisible();
  await expect(page.getByText(/게시/).filter({ hasText: KOREAN_DAY }).first()).toBeVisible();
  // … the content is as written: Korean with the English error text inside it.
  await expect(
    page.getByText("PaymentGatewayError: E4012 read timeout after 3000ms", { exact: false }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "도움이 됐나요?" })).toBeVisible();
  await expect(page.getByRole("button", { name: "네, 도움이 됐어요" })).toBeVisible();
  await expect(page).toHaveTitle(`${PG_TIMEOUT} · Koan`);
  await expectAccessible(page);
});

test("screenshots of the Korean search page and write-up at 1280 and 360 px", async ({ page }) => {
  test.setTimeout(90_000);
  await logIn(page, "yuna@koan.test");
  await searchInKorean(page);
  await screenshotAtWidths(page, "ko-kb-search");
  await page.getByRole("link", { name: PG_TIMEOUT }).click();
  await expect(page.getByRole("heading", { name: "증상", level: 2 })).toBeVisible();
  await screenshotAtWidths(page, "ko-kb-writeup");
});
