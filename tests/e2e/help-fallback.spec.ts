import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, logIn, MENTOR_LOGINS, msgText } from "./helpers";

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
  await logIn(page, email, DEMO_PASSWORD, { locale });
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
 * A demo newcomer working a ticket with a mentor, logged in (in `locale`, which their browser
 * asks for: these accounts have no language of their own), on their assignment page; other specs
 * on the same server may have released some claims, so the first that still has one.
 */
async function newcomerWithMentor(browser: Browser, locale: "en" | "ko", candidates: string[]) {
  for (const name of candidates) {
    // Other specs on the same server change some of these accounts (account.spec.ts gives
    // fatima a new password): one that can't sign in with the demo password is passed over.
    const context = await browser.newContext(
      locale === "ko"
        ? { locale: "ko-KR", extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" } }
        : {},
    );
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel(msgText(locale, "core.login.email")).fill(`${name}@koan.test`);
    await page.getByLabel(msgText(locale, "core.login.password")).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: msgText(locale, "core.login.submit") }).click();
    const signedInHere = await Promise.race([
      page.waitForURL((url) => url.pathname !== "/login").then(() => true),
      page
        .getByRole("alert")
        .waitFor()
        .then(() => false),
    ]).catch(() => false);
    if (!signedInHere) {
      await context.close();
      continue;
    }
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await page.goto("/onboarding");
    const link = page.locator('main a[href^="/assignments/"]').first();
    if (!(await link.count())) continue;
    await link.click();
    await expect(page).toHaveURL(/\/assignments\/\d+/);
    const lede = (await page.locator(".lede").textContent()) ?? "";
    const mentorName = Object.keys(MENTOR_LOGINS).find((name) => lede.includes(name));
    if (mentorName && (await page.getByText(msgText(locale, "mentoring.stuck.button")).count()))
      return { page, mentorName };
    await page.context().close();
  }
  throw new Error(`none of ${candidates.join(", ")} works a ticket with a mentor`);
}

for (const who of [
  { locale: "en" as const, candidates: ["leo", "sam", "ana", "fatima", "noah", "aiko"] },
  { locale: "ko" as const, candidates: ["aiko", "noah", "fatima", "ana", "sam", "leo"] },
]) {
  test(`'I'm stuck' reaches the lead when the mentor takes no requests for help (${who.locale})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const t = (key: string) => msgText(who.locale, key);
    const { page: newcomer, mentorName } = await newcomerWithMentor(
      browser,
      who.locale,
      who.candidates,
    );
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
    }
  });
}
