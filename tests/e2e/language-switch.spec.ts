import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, layoutShift, logIn, msgText } from "./helpers";

// The signed-out pages' language switch (log-in, invite) keeps what the person had typed: the
// page comes back in the other language with the e-mail (the invite's name) already in its field,
// and nothing moves once it has drawn. Without scripts it sends only the language: a form sends
// all its fields, so the typed e-mail could only come with the password. Creates one invite.

type Lang = "en" | "ko";

/** Switches the page's language with its own switch, and waits for the page in that language. */
async function switchTo(page: Page, from: Lang, to: Lang, javaScript: boolean) {
  await page.getByLabel(msgText(from, "core.language.label")).selectOption(to);
  await page.getByRole("button", { name: msgText(from, "core.language.save") }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", to);
  if (javaScript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

for (const javaScript of [true, false]) {
  test(`the log-in page's switch sends only what it needs, English ↔ 한국어 (${javaScript ? "with" : "without"} scripts)`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/login?redirectTo=%2Ftickets");
    if (javaScript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await page.getByLabel("E-mail").fill("seojun@koan.test");
    await page.getByLabel("Password").fill("typed-but-not-kept");

    const sent = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/language"));
    await switchTo(page, "en", "ko", javaScript);
    // The switch is a form of its own: it sends the language and the page to come back to, and
    // with scripts the e-mail typed; never a password, not even an empty password field.
    const body = new URLSearchParams((await sent).postData() ?? "");
    expect([...body.keys()].sort()).toEqual(
      javaScript ? ["email", "locale", "returnTo"] : ["locale", "returnTo"],
    );
    expect(body.get("locale")).toBe("ko");
    if (javaScript) expect(body.get("email")).toBe("seojun@koan.test");
    await expect(page.getByRole("heading", { name: "Koan에 로그인" })).toBeVisible();
    // Without scripts the switch cannot take the e-mail along without the password beside it.
    await expect(page.getByLabel("이메일")).toHaveValue(javaScript ? "seojun@koan.test" : "");
    // A password is never sent back into a page.
    await expect(page.getByLabel("비밀번호")).toHaveValue("");
    await expect(page.getByLabel("언어")).toHaveValue("ko");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Ftickets$/);
    if (javaScript) {
      expect(await layoutShift(page)).toBe(0);
      await expectAccessible(page);
    }

    // Read once: a reload shows an empty field.
    await page.reload();
    await expect(page.getByLabel("이메일")).toHaveValue("");

    // Back to English, keeping an address typed on the Korean page.
    await page.getByLabel("이메일").fill("민준@koan.test");
    await switchTo(page, "ko", "en", javaScript);
    await expect(page.getByRole("heading", { name: "Log in to Koan" })).toBeVisible();
    await expect(page.getByLabel("E-mail")).toHaveValue(javaScript ? "민준@koan.test" : "");

    // Enter in the e-mail field still signs in (the log-in button, not the switch), and the
    // redirect the page was opened with still leads on.
    await page.getByLabel("E-mail").fill("seojun@koan.test");
    await page.getByLabel("Password").fill("koan-demo-2026");
    await page.getByLabel("Password").press("Enter");
    await expect(page).toHaveURL(/\/tickets$/);
    await context.close();
  });
}

test("the invite page's switch keeps the name typed, 한국어 ↔ English", async ({
  browser,
  page,
}) => {
  await logIn(page, "lead@koan.test", { to: "/team" });
  const email = `switch-${Date.now()}@koan.test`;
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Name").fill("Minjun");
  await page.getByLabel("Role").selectOption("newcomer");
  await page.getByLabel("Start date").fill("2026-11-02");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByLabel("Invite link").inputValue();

  const context = await browser.newContext({ locale: "ko-KR" });
  const newcomer = await context.newPage();
  await newcomer.goto(link);
  await expect(newcomer.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(newcomer.locator("html")).toHaveAttribute("lang", "ko");
  await expect(newcomer.getByLabel("이름")).toHaveValue("Minjun");
  await newcomer.getByLabel("이름").fill("김민준");
  await switchTo(newcomer, "ko", "en", true);
  await expect(newcomer.getByLabel("Your name")).toHaveValue("김민준");
  expect(await layoutShift(newcomer)).toBe(0);
  await newcomer.getByLabel("Your name").fill("Kim Minjun");
  await switchTo(newcomer, "en", "ko", true);
  await expect(newcomer.getByLabel("이름")).toHaveValue("Kim Minjun");
  await expectAccessible(newcomer);
  await context.close();

  // Without scripts, the switch works whatever is typed, and sends nothing of the invite form.
  const noScripts = await browser.newContext({ javaScriptEnabled: false, locale: "ko-KR" });
  const plain = await noScripts.newPage();
  await plain.goto(link);
  await plain.getByLabel("이름").fill("김민준");
  await plain.getByLabel("비밀번호 확인").fill("typed-secret");
  const sent = plain.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/language"));
  await switchTo(plain, "ko", "en", false);
  const body = new URLSearchParams((await sent).postData() ?? "");
  expect([...body.keys()].sort()).toEqual(["locale", "returnTo"]);
  await expect(plain.getByRole("heading", { name: "Welcome to Koan" })).toBeVisible();
  await noScripts.close();
});
