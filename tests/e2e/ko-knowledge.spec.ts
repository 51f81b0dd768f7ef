import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, expectKoreanPage, logIn, screenshotAtWidths } from "./helpers";

// 최유나 (a mentor whose language is Korean) searches the knowledge base and opens a write-up.
// Pages read in Korean; write-ups stay as written. Nothing is changed but a view count. Then a
// Korean search that finds nothing becomes a knowledge gap, and the lead's documentation ticket
// for it is written in Korean (one new starter ticket, in the docs component).

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

test("a Korean search that finds nothing becomes a documentation ticket written in Korean", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const korean = {
    locale: "ko-KR",
    extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
  };
  const query = "펭귄 사육장 온도 경보";
  // A newcomer in a Korean browser searches for something nobody has written up.
  const newcomerContext = await browser.newContext(korean);
  const newcomer = await newcomerContext.newPage();
  await logIn(newcomer, "newcomer@koan.test", { to: "/kb" });
  const reported = newcomer.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/kb"),
  );
  await newcomer.getByRole("searchbox", { name: "해결 기록 검색" }).fill(query);
  await expect(newcomer.getByText("아직 이 문제를 다룬 해결 기록이 없어요")).toBeVisible();
  expect((await reported).status()).toBe(200);
  await newcomerContext.close();

  // The lead, also in Korean, turns the gap into a ticket: it is written in Korean.
  const leadContext = await browser.newContext(korean);
  const lead = await leadContext.newPage();
  await logIn(lead, "lead@koan.test", { to: "/kb/gaps" });
  await expect(lead.getByRole("heading", { name: "지식 빈틈", level: 1 })).toBeVisible();
  await lead.getByRole("button", { name: `“${query}”의 문서화 티켓 만들기` }).click();
  await expect(lead).toHaveURL(/\/tickets\/\d+$/);
  await expect(lead.getByRole("heading", { name: `문서화: "${query}"`, level: 1 })).toBeVisible();
  const body = lead.locator(".prose").first();
  await expect(body).toContainText(`아무것도 찾지 못한 검색어예요: "${query}" (1번, 처음`);
  await expect(body).not.toContainText("found nothing");
  await expectKoreanPage(lead);
  await leadContext.close();
});

test("on a phone, a lead makes a documentation ticket from the search that found nothing", async ({
  browser,
}) => {
  // Before, the empty result only linked to writing a write-up: the lead had to find the gaps
  // page to turn the search into a ticket.
  const context = await browser.newContext({
    locale: "ko-KR",
    extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const lead = await context.newPage();
  await logIn(lead, "lead@koan.test");
  const query = "수족관 여과기 금붕어";
  await lead.goto("/kb");
  const reported = lead.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/kb"),
  );
  await lead.getByRole("searchbox", { name: "해결 기록 검색" }).fill(query);
  await expect(lead.getByText("아직 이 문제를 다룬 해결 기록이 없어요")).toBeVisible();
  expect((await reported).status()).toBe(200);
  // The gaps page lists it as a card: its button whole on the screen, not cut off at the edge of
  // a table scrolling sideways.
  await lead.goto("/kb/gaps");
  const make = lead.getByRole("button", { name: `“${query}”의 문서화 티켓 만들기` });
  await expect(make).toBeVisible();
  const box = await make.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 999)).toBeLessThanOrEqual(390);
  await lead.goBack();
  await lead.getByRole("button", { name: "문서화 티켓 만들기", exact: true }).click();
  await expect(lead).toHaveURL(/\/tickets\/\d+$/);
  const ticketPath = new URL(lead.url()).pathname;
  await expect(lead.getByRole("heading", { name: `문서화: "${query}"`, level: 1 })).toBeVisible();

  // The same search now leads to that ticket instead of offering another; the gaps list is clear.
  await lead.goto(`/kb?q=${encodeURIComponent(query)}`);
  await expect(lead.getByRole("link", { name: "티켓 보기" })).toHaveAttribute("href", ticketPath);
  await expect(lead.getByRole("button", { name: "문서화 티켓 만들기" })).toHaveCount(0);
  await expectKoreanPage(lead);
  await lead.goto("/kb/gaps");
  await expect(lead.getByRole("button", { name: `“${query}”의 문서화 티켓 만들기` })).toHaveCount(
    0,
  );
  await context.close();
});

test("typing Korean: every composing step keeps results on screen, and keys typed in English mode read as Korean", async ({
  page,
}) => {
  await logIn(page, "yuna@koan.test", { to: "/kb" });
  const box = page.getByRole("searchbox", { name: "해결 기록 검색" });
  const heading = page.locator("#kb-results");
  // What a Korean keyboard puts in the box, keystroke by keystroke, for 세션 and for 에러: the
  // last syllable is composed letter by letter (셋 is 세 with the ㅅ that begins 션).
  for (const steps of [
    ["세", "셋", "세셔", "세션"],
    ["에", "엘", "에러"],
    ["결제", "결제버", "결제벝", "결제버트", "결제버튼"],
  ]) {
    for (const step of steps) {
      await box.fill(step);
      await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(step)}(&|$)`));
      await expect(heading, `after “${step}”`).toHaveText(/해결 기록 \d+개/);
    }
  }
  // 결제 오류 typed with the keyboard left in English mode: read as Korean, saying so, with the
  // words as typed a click away.
  await box.fill("rufwp dhfb");
  await expect(page.getByText("결제 오류", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: PG_TIMEOUT })).toBeVisible();
  await expect(page.getByRole("link", { name: "rufwp dhfb" })).toHaveAttribute("href", /exact=1/);
});

test("an input method composing a syllable searches once it is composed, not at each step", async ({
  page,
  context,
}) => {
  await logIn(page, "yuna@koan.test", { to: "/kb" });
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const searched: string[] = [];
  page.on("request", (request) => {
    const q = new URL(request.url()).searchParams.get("q");
    if (new URL(request.url()).pathname.startsWith("/kb") && q !== null) searched.push(q);
  });
  await page.getByRole("searchbox", { name: "해결 기록 검색" }).click();
  // Chromium's own input method events, as a Korean keyboard sends them: compositionstart, a
  // change (isComposing) per step, then compositionend when the syllables are committed.
  const ime = await context.newCDPSession(page);
  for (const text of ["ㄱ", "결", "결ㅈ", "결제"]) {
    await ime.send("Input.imeSetComposition", {
      text,
      selectionStart: text.length,
      selectionEnd: text.length,
    });
  }
  // Longer than the pause a search waits for: no step was searched.
  await page.waitForTimeout(500);
  expect(searched).toEqual([]);
  await ime.send("Input.insertText", { text: "결제" });
  await expect(page).toHaveURL(/q=%EA%B2%B0%EC%A0%9C(&|$)/);
  await expect(page.locator("#kb-results")).toHaveText(/해결 기록 \d+개/);
  expect(searched).toEqual(["결제"]);
});

test("on a phone, publishing with parts left to write names them at the top, each a way to its field", async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, "yuna@koan.test", { to: "/kb/new" });
  // The links below move focus with scripts: a form sent before they load comes back as a new
  // page, whose links are plain jumps until it, too, has loaded them.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("제목").fill("환불 알림이 두 번 가요");
  await page.getByLabel("증상").fill("알림이 두 번 와요.");
  await page.getByRole("button", { name: "저장하고 게시" }).click();
  const top = page.getByRole("alert");
  await expect(top).toContainText("게시하려면 다음 항목을 채워 주세요:");
  await top.getByRole("link", { name: "수정 내용" }).click();
  // The field is in view and focused, its error still beside it, what was typed kept.
  const fix = page.getByRole("textbox", { name: "수정 내용", exact: true });
  await expect(fix).toBeFocused();
  await expect(fix).toBeInViewport();
  await expect(page.locator("#field-fix-error")).toContainText("게시하려면 무엇을 바꿨는지");
  await expect(top).toHaveCount(1);
  await expect(page.getByLabel("제목")).toHaveValue("환불 알림이 두 번 가요");
  await expectAccessible(page);
});

test("Korean words typed together are read as typed apart: 세션만료 finds what 세션 만료 finds", async ({
  page,
}) => {
  await logIn(page, "yuna@koan.test", { to: "/kb" });
  const box = page.getByRole("searchbox", { name: "해결 기록 검색" });
  // No demo write-up holds 세션만료, nor session and expired together: each holds one of them.
  await box.fill("세션 만료");
  const results = page.getByRole("region", { name: /해결 기록 \d+개/ });
  const first = results.getByRole("list").getByRole("link").first();
  await expect(first).toBeVisible();
  const title = (await first.textContent()) ?? "";
  await box.fill("세션만료");
  await expect(page.getByText("세션 만료", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "세션만료" })).toHaveAttribute("href", /exact=1/);
  await expect(first).toHaveText(title);
});

test("published from / until are days on the reader's calendar (Asia/Seoul), and a bad one is named at its field", async ({
  page,
}) => {
  await logIn(page, "yuna@koan.test");
  await searchInKorean(page);
  await page.getByRole("link", { name: PG_TIMEOUT }).first().click();
  // The day the write-up's page says it was published, on 최유나's calendar.
  const published = await page
    .getByText(/\d{4}년 \d{1,2}월 \d{1,2}일 게시/)
    .first()
    .textContent();
  const [, year, month, date] = /(\d{4})년 (\d{1,2})월 (\d{1,2})일/.exec(published ?? "") ?? [];
  const day = `${year}-${month?.padStart(2, "0")}-${date?.padStart(2, "0")}`;
  const dayBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);
  const q = encodeURIComponent("결제 오류 타임아웃");
  const results = page.getByRole("region", { name: /해결 기록 \d+개/ });
  await page.goto(`/kb?q=${q}&from=${day}&to=${day}`);
  await expect(results.getByRole("link", { name: PG_TIMEOUT })).toBeVisible();
  await page.goto(`/kb?q=${q}&to=${dayBefore}`);
  await expect(page.getByRole("link", { name: PG_TIMEOUT })).toHaveCount(0);
  // A day that isn't one: searched without it, and said so under the date field.
  await page.goto(`/kb?q=${q}&from=2026-13-01`);
  await expect(results.getByRole("link", { name: PG_TIMEOUT })).toBeVisible();
  const from = page.getByLabel("게시일 시작");
  await expect(from).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#kb-from-error")).toHaveText(
    "“2026-13-01”: 없는 날짜라서 이 조건은 빼고 찾았어요. 달력에서 날짜를 골라 주세요.",
  );
  // An "until" before the "from" found nothing, as if nothing were written: now it says so at
  // the field, keeps the day as picked, and searches without it.
  await page.goto(`/kb?q=${q}&from=${day}&to=${dayBefore}`);
  await expect(results.getByRole("link", { name: PG_TIMEOUT })).toBeVisible();
  const until = page.getByLabel("게시일 끝");
  await expect(until).toHaveAttribute("aria-invalid", "true");
  await expect(until).toHaveValue(dayBefore);
  await expect(page.locator("#kb-to-error")).toContainText("게시일 시작");
  await expectKoreanPage(page);
});
