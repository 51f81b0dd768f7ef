import iconv from "iconv-lite";
import { expect, test } from "./fixtures";
import {
  bigFile,
  expectAccessible,
  expectTablesFit,
  logIn,
  msgText,
  screenshotAtWidths,
} from "./helpers";

// 한지우 reads Koan in Korean: the ticket queue and a ticket the team filed in Korean.
// Nothing is changed (the demo database is shared by the specs).

const KOREAN_TICKET = "한글 검색에서 띄어쓰기가 다르면 결과가 안 나옴";

test("한지우 sees the ticket queue in Korean and opens a Korean ticket", async ({ page }) => {
  test.setTimeout(120_000); // axe twice on a machine shared with other builds
  await logIn(page, "jiwoo@koan.test");
  await page.waitForLoadState("networkidle"); // the home page settles before we leave it
  await page.goto("/tickets");
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page).toHaveTitle("티켓 · Koan");
  await expect(page.getByRole("heading", { name: "티켓", level: 1 })).toBeVisible();

  const filters = page.getByRole("form", { name: "티켓 필터" });
  await expect(filters.getByLabel("제목과 설명에서 검색")).toBeVisible();
  await expect(filters.getByLabel("컴포넌트")).toBeVisible();
  await expect(filters.getByLabel("난이도")).toBeVisible();
  await expect(filters.getByLabel("입문 티켓만")).toBeVisible();
  await expect(filters.getByRole("button", { name: "필터 적용" })).toBeVisible();

  // The count, the badges and the relative dates, in Korean. Past 50 tickets (other specs on this
  // worker's database file some before this one runs), the count says the page too.
  const count = page.getByRole("heading", { name: /^티켓 \d+개( · \d+쪽 중 \d+쪽)?$/, level: 2 });
  await expect(count).toBeVisible();
  const row = page.getByRole("listitem").filter({ hasText: KOREAN_TICKET });
  await expect(row.getByText("열림", { exact: true })).toBeVisible();
  await expect(row.getByText("입문", { exact: true })).toBeVisible();
  await expect(row.getByText("쉬움", { exact: true })).toBeVisible();
  await expect(row.getByText(/^\d+일 전 등록$/)).toBeVisible();
  await expectAccessible(page);

  // Filtering keeps the page Korean; the status filter names statuses in Korean. A select applies
  // as it changes and keeps focus: the new count is a live region, read out where focus stays.
  await page.getByLabel("상태").focus();
  await page.getByLabel("상태").selectOption({ label: "열림" });
  await expect(page).toHaveURL(/status=open/);
  await expect(page.getByLabel("상태")).toBeFocused();
  await expect(count).toHaveAttribute("aria-live", "polite");
  await page.getByLabel("제목과 설명에서 검색").fill("띄어쓰기");
  await page.getByRole("button", { name: "필터 적용" }).click();
  await expect(page.getByRole("heading", { name: "티켓 1개", level: 2 })).toBeVisible();

  await page.getByRole("link", { name: KOREAN_TICKET }).click();
  await expect(page.getByRole("heading", { name: KOREAN_TICKET, level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(`${KOREAN_TICKET} · Koan`);
  await expect(page.getByRole("heading", { name: "설명" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "누가 맡았나요" })).toBeVisible();
  // The date it was filed, as Korean readers write dates; the content stays as written.
  await expect(page.getByText(/\d{4}년 \d{1,2}월 \d{1,2}일, .+ 님이 등록/)).toBeVisible();
  await expect(page.getByText("tokenize()")).toBeVisible();
  await expect(page.getByRole("heading", { name: "활동" })).toBeVisible();
  await expect(page.getByText("만들었어요")).toBeVisible();
  await expectAccessible(page);
});

test("screenshots of the Korean ticket queue at 1280 and 360 px", async ({ page }) => {
  test.setTimeout(90_000);
  await logIn(page, "jiwoo@koan.test");
  await page.waitForLoadState("networkidle");
  await page.goto("/tickets");
  await expect(page.getByRole("heading", { name: "티켓", level: 1 })).toBeVisible();
  await screenshotAtWidths(page, "ko-tickets", { fullPage: false });
  await page.goto(`/tickets?q=${encodeURIComponent("띄어쓰기")}`);
  await page.getByRole("link", { name: KOREAN_TICKET }).click();
  await expect(page.getByRole("heading", { name: KOREAN_TICKET, level: 1 })).toBeVisible();
  await screenshotAtWidths(page, "ko-ticket");
});

test("a CSV saved by Excel on Korean Windows (code page 949) previews in readable Korean", async ({
  browser,
}) => {
  const context = await browser.newContext({
    locale: "ko-KR",
    extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
  });
  const page = await context.newPage();
  await logIn(page, "lead@koan.test", { to: "/tickets/import" });
  await expect(page.getByRole("heading", { name: "티켓 가져오기", level: 1 })).toBeVisible();
  const csv = [
    "title,body,component,labels,difficulty,external_id,url",
    "똠얌꿍 주문의 결제 금액이 두 번 표시됨,주문 상세에서 보임,billing,입문,1,CP949-1,",
    "값이 모자란 행,설명만",
  ].join("\r\n");
  await page.getByLabel("파일", { exact: true }).setInputFiles({
    name: "주문.csv",
    mimeType: "text/csv",
    buffer: iconv.encode(csv, "cp949"),
  });
  await page.getByRole("button", { name: "가져오기 미리보기" }).click();
  await expect(page.getByRole("heading", { name: "“주문.csv” 미리보기" })).toBeVisible();
  await expect(page.getByText(/CP949, EUC-KR\)으로 읽었어요/)).toBeVisible();
  // 똠 is beyond EUC-KR's 2,350 syllables: read, not garbled.
  await expect(
    page.getByRole("cell", { name: "똠얌꿍 주문의 결제 금액이 두 번 표시됨" }),
  ).toBeVisible();
  // A row with too few values is a problem of the whole row, said in Korean.
  await expect(page.getByRole("cell", { name: "행 전체" })).toBeVisible();
  await expectAccessible(page);
  // On a phone the preview's rows read as cards: no table scrolls sideways to be read.
  await page.setViewportSize({ width: 360, height: 740 });
  await expectTablesFit(page, 2); // the problems, and the rows to be imported
  await context.close();
});

test("최유나 files a ticket nothing answers yet, then closes it as a duplicate of a write-up she names by its link", async ({
  page,
}) => {
  test.setTimeout(120_000); // axe on a machine shared with other builds
  await logIn(page, "yuna@koan.test");
  // The write-up she has in mind, open in the knowledge base: its link is what she copies.
  await page.goto(`/kb?q=${encodeURIComponent("결제 오류")}`);
  const answer = page.getByRole("main").getByRole("link", { name: /E4012/ }).first();
  const answerTitle = (await answer.textContent())?.trim() ?? "";
  const answerLink = new URL((await answer.getAttribute("href")) ?? "", page.url()).href;

  await page.goto("/tickets/new");
  await page.getByLabel("제목").fill("다크 모드에서 표 테두리가 안 보여요");
  await page.getByLabel("컴포넌트").fill("web-ui");
  await page.getByLabel("설명").fill("다크 모드로 바꾸면 표 칸이 구분되지 않습니다.");
  await page.getByRole("button", { name: "티켓 만들기" }).click();
  await expect(
    page.getByRole("heading", { name: "다크 모드에서 표 테두리가 안 보여요", level: 1 }),
  ).toBeVisible();
  // Nothing in the knowledge base is about it: no list of write-ups sharing a plain word.
  const related = page.getByRole("region", { name: "이미 답이 있을지도 몰라요" });
  await expect(
    related.getByText("지식 베이스에 아직 이 티켓과 비슷한 기록이 없어요.", { exact: false }),
  ).toBeVisible();
  await expect(related.getByRole("listitem")).toHaveCount(0);

  // Not a write-up's number or link: refused at the field, with what she typed kept.
  await related.getByText("다른 해결 기록이 답인가요?").click();
  const field = related.getByLabel("해결 기록 번호나 링크");
  await field.fill("/tickets/12");
  await related.getByRole("button", { name: "중복으로 닫기" }).click();
  await expect(
    page.getByText("42 같은 번호나 /kb/42 같은 해결 기록 링크를 입력하세요."),
  ).toBeVisible();
  await expect(related.getByLabel("해결 기록 번호나 링크")).toHaveValue("/tickets/12");
  await expectAccessible(page);

  await related.getByLabel("해결 기록 번호나 링크").fill(answerLink);
  await related.getByRole("button", { name: "중복으로 닫기" }).click();
  await expect(page.getByText("중복으로 닫고, 답이 되는 해결 기록과 연결했어요.")).toBeVisible();
  await expect(page.getByRole("main").getByText(answerTitle).first()).toBeVisible();
});

test("최유나 picks a file over the import's 10 MB: told at the field in Korean, nothing is sent", async ({
  page,
}, testInfo) => {
  await logIn(page, "yuna@koan.test", { to: "/tickets/import" });
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  const file = page.getByLabel(msgText("ko", "tickets.upload.file"), { exact: true });
  await file.setInputFiles(bigFile(testInfo, "티켓.csv", 13 * 1024 * 1024));
  await page.getByRole("button", { name: msgText("ko", "tickets.upload.preview") }).click();
  await expect(page.getByRole("alert")).toHaveText(msgText("ko", "tickets.import.tooLarge"));
  await expect(file).toBeFocused();
  await expect(file).toHaveAttribute("aria-invalid", "true");
  expect(posts).toEqual([]);
  // A file within the limit goes through as before.
  await file.setInputFiles({
    name: "티켓.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("title,component\n결제 화면 오류,billing\n"),
  });
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.getByRole("button", { name: msgText("ko", "tickets.upload.preview") }).click();
  await expect.poll(() => posts.length).toBe(1);
});

test("최유나 files a Korean ticket quoting ECONNRESET and is shown the English write-up quoting it", async ({
  page,
}) => {
  await logIn(page, "yuna@koan.test", { to: "/tickets/new" });
  await page.getByLabel("제목").fill("택배 조회가 가끔 ECONNRESET으로 실패");
  await page.getByLabel("컴포넌트").fill("integrations");
  await page
    .getByLabel("설명")
    .fill(
      "배송 추적 API 를 부르면 하루에 몇십 건씩 read ECONNRESET 으로 실패하고 다시 부르면 됩니다.",
    );
  await page.getByRole("button", { name: "티켓 만들기" }).click();
  await expect(
    page.getByRole("heading", { name: "택배 조회가 가끔 ECONNRESET으로 실패", level: 1 }),
  ).toBeVisible();
  // The same error, written up in English: the code they share says it is about the same failure.
  const related = page.getByRole("region", { name: "이미 답이 있을지도 몰라요" });
  await expect(
    related.getByRole("link", { name: "Merchant webhooks fail with ECONNRESET at night" }),
  ).toBeVisible();
  // It is the answer: she closes the ticket as its duplicate (the queue is left as it was).
  await related
    .getByRole("button", { name: /^중복으로 닫기 .*Merchant webhooks fail with ECONNRESET/ })
    .click();
  await expect(page.getByText("중복으로 닫고, 답이 되는 해결 기록과 연결했어요.")).toBeVisible();
});
