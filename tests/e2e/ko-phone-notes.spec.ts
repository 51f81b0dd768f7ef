import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { logIn, MENTOR_LOGINS, msgPattern, msgText, starterTicketAndInvite } from "./helpers";

// The small note forms of the daily loop on a phone, in Korean: "막혔어요", a step's comment, the
// mentor's nudge and a write-up's "내용이 오래된 것 같아요". A note that was sent empties and folds
// away, as a page loaded afresh shows it; before, the sent text stayed in its open box, one tap
// from being sent twice. A refused note stays open with the reason at its field. The nudge, marked
// read in the inbox, leaves focus on its item.

const ko = (key: string) => msgText("ko", key);
const TICKET = "휴대폰에서 알림 배지가 읽은 뒤에도 남아 있어요";

/** A Korean-speaking person's phone. */
async function koreanPhone(browser: Browser, javaScript = true): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    locale: "ko-KR",
    javaScriptEnabled: javaScript,
    extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
  });
  return context.newPage();
}

/** A lead files a starter ticket of this spec's own and invites a newcomer; the invite link. */
const ticketAndInvite = (browser: Browser) =>
  starterTicketAndInvite(
    browser,
    {
      title: TICKET,
      description: "알림함을 열어 읽어도 앱 아이콘의 숫자가 그대로예요.",
      component: "notifications",
    },
    { emailPrefix: "ko-phone", name: "정다은" },
  );

test("on a phone in Korean, a sent help request, comment and nudge empty and fold away, and the nudge is marked read in place", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const link = await ticketAndInvite(browser);

  // The newcomer joins on her phone and claims the ticket.
  const page = await koreanPhone(browser);
  await page.goto(link);
  await page.getByLabel(ko("core.login.password"), { exact: true }).fill("조용한 아침 산책 2026");
  await page.getByLabel(ko("core.invite.confirm")).fill("조용한 아침 산책 2026");
  await page.getByRole("button", { name: ko("core.invite.submit") }).tap();
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.goto(`/tickets?q=${encodeURIComponent("알림 배지")}`);
  await page.getByRole("link", { name: TICKET }).tap();
  const choice = page.getByRole("group", { name: ko("tickets.work.pickMentor") });
  const mentorName = (await choice.locator(".choice strong").first().textContent()) ?? "";
  await page.getByRole("button", { name: ko("tickets.work.claim") }).tap();
  await page.getByRole("link", { name: ko("tickets.work.openMine") }).tap();
  await expect(page).toHaveURL(/\/assignments\/\d+$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const assignmentUrl = page.url();
  const step = page.getByRole("listitem").filter({
    has: page.getByRole("heading", { name: ko("mentoring.step.reproduce.title") }),
  });

  // "막혔어요": sent, the box is folded and empty.
  await step.getByText(ko("mentoring.stuck.button"), { exact: true }).tap();
  const stuckNote = step.getByLabel(msgPattern("ko", "mentoring.stuck.label"));
  await stuckNote.fill("스테이징알림서버에접속이안돼요 push-gateway 로그도 비어 있어요");
  await step.getByRole("button", { name: ko("mentoring.stuck.submit") }).tap();
  await expect(
    page.getByRole("status").filter({ hasText: ko("mentoring.flash.helpAsked") }),
  ).toBeVisible();
  await expect(stuckNote).toBeHidden();
  await step.getByText(ko("mentoring.stuck.button"), { exact: true }).tap();
  await expect(stuckNote).toHaveValue("");

  // A comment: refused blank, it stays open with the reason; sent, it empties and folds.
  await step.getByText(msgPattern("ko", "mentoring.card.commentOn")).tap();
  const comment = step.getByRole("textbox", {
    name: `${ko("mentoring.card.comment")} (1단계: ${ko("mentoring.step.reproduce.title")})`,
    exact: true,
  });
  await comment.fill("   ");
  await step.getByRole("button", { name: ko("mentoring.card.postComment") }).tap();
  await expect(comment).toHaveAttribute("aria-invalid", "true");
  await expect(comment).toBeVisible();
  await comment.fill("배지 숫자는 서버에서 오는 값이에요. 내일 다시 볼게요.");
  await step.getByRole("button", { name: ko("mentoring.card.postComment") }).tap();
  await expect(
    page.getByRole("status").filter({ hasText: ko("mentoring.flash.commentAdded") }),
  ).toBeVisible();
  await expect(step.getByText("배지 숫자는 서버에서 오는 값이에요.")).toBeVisible();
  await expect(comment).toBeHidden();
  await step.getByText(msgPattern("ko", "mentoring.card.commentOn")).tap();
  await expect(comment).toHaveValue("");

  // The mentor's nudge, on their phone (Korean: the demo's mentors chose no language but 최유나,
  // who chose Korean).
  const mentor = await koreanPhone(browser);
  await logIn(mentor, MENTOR_LOGINS[mentorName] ?? "");
  await mentor.goto(assignmentUrl);
  await mentor.getByText(ko("mentoring.actions.nudge"), { exact: true }).tap();
  const message = mentor.getByLabel(new RegExp(`^${ko("mentoring.actions.nudgeMessage")}`));
  await message.fill("3시에 같이 볼까요?");
  await mentor.getByRole("button", { name: ko("mentoring.actions.sendNudge") }).tap();
  await expect(
    mentor.getByRole("status").filter({ hasText: msgPattern("ko", "mentoring.flash.nudged") }),
  ).toBeVisible();
  await expect(message).toBeHidden();
  await mentor.getByText(ko("mentoring.actions.nudge"), { exact: true }).tap();
  await expect(message).toHaveValue("");

  // The newcomer marks the nudge read from the keyboard: the button goes, and focus moves to the
  // item's link rather than back to the top of the page.
  await page.goto("/inbox");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const markRead = page
    .getByRole("button", { name: new RegExp(`^${ko("team.inbox.markRead")}\\s*:`) })
    .first();
  const item = page.locator(".inbox-item").filter({ has: markRead }).getByRole("link");
  // Its name: the title, and the ticket it is about (aria-label) when it has one.
  const title = (await item.getAttribute("aria-label")) ?? (await item.textContent()) ?? "";
  await markRead.focus();
  await page.keyboard.press("Enter");
  await expect(markRead).toHaveCount(0);
  await expect(page.getByRole("link", { name: title, exact: true })).toBeFocused();
});

test("on a phone in Korean, a write-up's out-of-date flag empties once sent", async ({
  browser,
}) => {
  const page = await koreanPhone(browser);
  await logIn(page, "jiwoo@koan.test", { to: "/kb/1" });
  await page.getByText(ko("knowledge.writeup.flag.summary"), { exact: true }).tap();
  const note = page.getByLabel(ko("knowledge.writeup.flag.label"));
  await note.fill("설정 화면 이름이 '알림 설정'으로 바뀌었어요.");
  await page.getByRole("button", { name: ko("knowledge.writeup.flag.submit") }).tap();
  await expect(
    page.getByRole("status").filter({ hasText: ko("knowledge.writeup.flagThanks") }),
  ).toBeVisible();
  await expect(note).toBeHidden();
  await page.getByText(ko("knowledge.writeup.flag.summary"), { exact: true }).tap();
  await expect(note).toHaveValue("");
});

test("without JavaScript, a blank out-of-date flag comes back open with the reason at its field", async ({
  browser,
}) => {
  const page = await koreanPhone(browser, false);
  await logIn(page, "jiwoo@koan.test", { javaScript: false, to: "/kb/1" });
  await page.getByText(ko("knowledge.writeup.flag.summary"), { exact: true }).tap();
  await page.getByLabel(ko("knowledge.writeup.flag.label")).fill("   ");
  await page.getByRole("button", { name: ko("knowledge.writeup.flag.submit") }).tap();
  const note = page.getByLabel(ko("knowledge.writeup.flag.label"));
  await expect(note).toBeVisible();
  await expect(note).toHaveAttribute("aria-invalid", "true");
  await expect(note).toHaveAccessibleDescription(
    new RegExp(ko("core.field.flagNote.required").replace(/[.?]/g, "\\$&")),
  );
});
