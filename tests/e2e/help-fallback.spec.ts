import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { logIn, MENTOR_LOGINS, msgText, starterTicketAndInvite } from "./helpers";

// "I'm stuck" when the mentor turned "A mentee asks for help" off: the request goes to the lead,
// and the newcomer reads who was told, in their language. The mentor's choice is put back after.

async function signedIn(browser: Browser, email: string, locale: "en" | "ko" = "en") {
  // The log-in page speaks the browser's language.
  const context = await browser.newContext(
    locale === "ko"
      ? { locale: "ko-KR", extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" } }
      : {},
  );
  const page = await context.newPage();
  await logIn(page, email);
  return page;
}

/** A message with its `{placeholders}` matching anything, as a pattern. */
const pattern = (text: string) =>
  new RegExp(text.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[a-z]+\}/g, ".+"));

/** The mentor's "A mentee asks for help" box in Settings, set to `on` and saved. */
async function helpRequests(page: Page, locale: "en" | "ko", on: boolean) {
  await page.goto("/settings");
  const box = page.getByRole("checkbox", {
    name: msgText(locale, "mentoring.notify.helpRequested.label"),
  });
  await box.setChecked(on);
  await page.getByRole("button", { name: msgText(locale, "core.settings.notify.save") }).click();
  await expect(
    page.getByRole("status").filter({ hasText: msgText(locale, "core.settings.notify.saved") }),
  ).toBeVisible();
}

/**
 * A newcomer of this spec's own, invited by the lead, who claims this spec's own starter ticket
 * with the mentor Koan suggests first, logged in (in `locale`, which their browser asks for) on
 * the assignment page. The demo's newcomers are changed by other specs on the same server (a
 * claim released, a password reset), so none of them is relied on.
 */
async function newcomerWithMentor(browser: Browser, locale: "en" | "ko") {
  const title = `빌드가 새로 받은 코드에서 실패해요 (${locale}, ${Date.now()})`;
  const link = await starterTicketAndInvite(
    browser,
    { title, description: "빌드가 실패해요.", component: "build" },
    { emailPrefix: `stuck-fallback-${locale}`, name: `막힘 ${locale}` },
  );
  const context = await browser.newContext(
    locale === "ko"
      ? { locale: "ko-KR", extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" } }
      : {},
  );
  const page = await context.newPage();
  await page.goto(link);
  const password = "stuck but not alone 2026";
  await page.getByLabel(msgText(locale, "core.login.password"), { exact: true }).fill(password);
  await page.getByLabel(msgText(locale, "core.invite.confirm")).fill(password);
  await page.getByRole("button", { name: msgText(locale, "core.invite.submit") }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.goto(`/tickets?q=${encodeURIComponent(title)}`);
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  const ticketUrl = new URL(page.url()).pathname;
  const choice = page.getByRole("group", { name: msgText(locale, "tickets.work.pickMentor") });
  const mentorName = (await choice.locator(".choice strong").first().textContent()) ?? "";
  expect(Object.keys(MENTOR_LOGINS)).toContain(mentorName);
  await page.getByRole("button", { name: msgText(locale, "tickets.work.claim") }).click();
  await page.getByRole("link", { name: msgText(locale, "tickets.work.openMine") }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+$/);
  return { page, mentorName, ticketUrl };
}

/** The newcomer gives the ticket back, so the mentor's capacity is as other specs expect. */
async function release(page: Page, locale: "en" | "ko", ticketUrl: string) {
  await page.goto(ticketUrl);
  await page.getByRole("button", { name: msgText(locale, "tickets.work.release") }).click();
  await expect(
    page.getByRole("button", { name: msgText(locale, "tickets.work.claim") }),
  ).toBeVisible();
}

for (const who of [{ locale: "en" as const }, { locale: "ko" as const }]) {
  test(`'I'm stuck' reaches the lead when the mentor takes no requests for help (${who.locale})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const t = (key: string) => msgText(who.locale, key);
    const { page: newcomer, mentorName, ticketUrl } = await newcomerWithMentor(browser, who.locale);
    // 최유나 reads Koan in Korean, the other mentors in English.
    const mentorLocale = mentorName === "최유나" ? "ko" : "en";
    const mentor = await signedIn(browser, MENTOR_LOGINS[mentorName] ?? "", mentorLocale);
    await helpRequests(mentor, mentorLocale, false);
    try {
      await newcomer.reload();
      await newcomer.getByText(t("mentoring.stuck.button"), { exact: true }).first().click();
      await newcomer
        .getByLabel(pattern(t("mentoring.stuck.label")))
        .first()
        .fill(`${who.locale}: the build fails on a clean checkout`);
      await newcomer
        .getByRole("button", { name: t("mentoring.stuck.submit") })
        .first()
        .click();
      const told =
        who.locale === "en"
          ? "Your request couldn't go to your mentor right now, so your lead Seo-yeon Park was told instead, with your note."
          : "지금은 멘토에게 도움 요청을 보낼 수 없어서, 대신 리드 Seo-yeon Park 님에게 메모와 함께 알렸어요.";
      await expect(newcomer.getByRole("status").filter({ hasText: told })).toBeVisible();
      // The lead finds it in their inbox.
      const lead = await signedIn(browser, "lead@koan.test");
      await lead.goto("/inbox");
      await expect(
        lead.getByText(`${who.locale}: the build fails on a clean checkout`).first(),
      ).toBeVisible();
    } finally {
      await helpRequests(mentor, mentorLocale, true);
      await release(newcomer, who.locale, ticketUrl);
    }
  });
}
