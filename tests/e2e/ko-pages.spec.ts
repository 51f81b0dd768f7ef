import { expect, test } from "./fixtures";
import { expectKoreanPage, logIn, ownAssignment, ROLE_PAGES, watchHydration } from "./helpers";

// Issue 14 "done when": a Korean-speaking newcomer, mentor and lead go through all their pages
// without meeting an English UI string. 최유나 chose Korean in Settings; the newcomer and the lead
// chose nothing and read Koan in their browser's language. Each walks every page their menu
// reaches, plus the pages one click further (a ticket, a write-up, an assignment, the
// integrations), in a Korean browser. Content (ticket titles, write-ups, names) stays in its own
// language; the newcomer's suggested tickets say why in Korean.

const MORE: Record<"newcomer" | "mentor" | "lead", string[]> = {
  newcomer: ["/kb?q=결제"],
  mentor: ["/tickets/1", "/kb/1", "/kb/new", "/kb?q=결제", "/settings/tokens"],
  lead: [
    "/settings/integrations",
    "/settings/tokens",
    "/tickets/1",
    "/tickets/new",
    "/tickets/import",
    "/kb",
    "/kb?q=invoice",
    "/kb/1",
    "/kb/import",
  ],
};

for (const [role, email] of [
  ["newcomer", "newcomer@koan.test"],
  ["mentor", "yuna@koan.test"],
  ["lead", "lead@koan.test"],
] as const) {
  test(`a Korean-speaking ${role} meets no English UI on any of their pages`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({
      locale: "ko-KR",
      extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    const page = await context.newPage();
    const expectHydrated = watchHydration(page);
    await logIn(page, email);
    const paths = [...ROLE_PAGES[role], ...MORE[role]];
    if (role === "newcomer") paths.push(...(await ownAssignment(page)));
    else {
      // A mentee's assignment page, from the mentoring board.
      await page.goto("/mentoring");
      const assignment = await page
        .locator('main a[href^="/assignments/"]')
        .first()
        .getAttribute("href");
      expect(assignment, "a mentee's assignment on the board").toBeTruthy();
      paths.push(assignment ?? "");
    }
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(400);
      await expectHydrated(path);
      await expectKoreanPage(page);
    }
    await context.close();
  });
}
