import { expect, test } from "@playwright/test";
import { logIn } from "./helpers";

test("a lead invites a newcomer, who sets a password and lands on My onboarding", async ({
  browser,
}) => {
  const leadContext = await browser.newContext();
  const lead = await leadContext.newPage();
  await logIn(lead, "lead@koan.test");
  await expect(lead.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();

  const email = `e2e-${Date.now()}@koan.test`;
  await lead.getByLabel("E-mail").fill(email);
  await lead.getByLabel("Name").fill("Jisoo Lee");
  await lead.getByLabel("Role").selectOption("newcomer");
  await lead.getByLabel("Start date").fill("2026-11-02");
  await lead.getByRole("button", { name: "Create invite link" }).click();
  await expect(lead.getByRole("status")).toContainText(`Invite ready for ${email}`);
  const link = await lead.getByLabel("Invite link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(lead.getByRole("listitem").filter({ hasText: email })).toBeVisible();

  const newcomerContext = await browser.newContext();
  const newcomer = await newcomerContext.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { name: "Welcome to Koan" })).toBeVisible();
  await expect(newcomer.getByLabel("Your name")).toHaveValue("Jisoo Lee");
  await newcomer.getByLabel("Your name").fill("이지수");
  await newcomer.getByLabel("Password", { exact: true }).fill("short");
  await newcomer.getByLabel("Password again").fill("short");
  await newcomer.getByRole("button", { name: "Join Koan" }).click();
  await expect(newcomer.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(newcomer.getByLabel("Your name")).toHaveValue("이지수");

  await newcomer.getByLabel("Password", { exact: true }).fill("a calm notebook");
  await newcomer.getByLabel("Password again").fill("a calm notebook");
  await newcomer.getByRole("button", { name: "Join Koan" }).click();
  await expect(newcomer).toHaveURL(/\/onboarding$/);
  await expect(newcomer.getByRole("heading", { name: "My onboarding" })).toBeVisible();
  await expect(newcomer.getByText("Welcome, 이지수.")).toBeVisible();
  await expect(newcomer.getByText("November 2026 cohort")).toBeVisible();

  // The link is spent.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This invite can't be used" })).toBeVisible();

  // The lead sees the new person on the team once the page reloads.
  await lead.reload();
  await expect(lead.getByRole("link", { name: "이지수" })).toBeVisible();
});

test("log in with the keyboard alone, with focus visible", async ({ page }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("E-mail")).toBeFocused();
  const outline = await page
    .getByLabel("E-mail")
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.type("mentor@koan.test");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type("koan-demo-2026");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/mentoring$/);
  await expect(page.getByRole("heading", { name: "Mentoring", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Log out" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login\?loggedOut=1$/);
  await expect(page.getByRole("status")).toHaveText("You are logged out.");
});

test("a wrong password keeps the e-mail and says what is wrong", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill("newcomer@koan.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "That e-mail and password don't match an active account.",
  );
  await expect(page.getByLabel("E-mail")).toHaveValue("newcomer@koan.test");
});

test("anonymous visitors go to log in and come back where they were going", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings$/);
  await page.getByLabel("E-mail").fill("newcomer@koan.test");
  await page.getByLabel("Password").fill("koan-demo-2026");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
});

test("the shell fits a 360 px screen and shows navigation by role", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await logIn(page, "lead@koan.test");
  // On a phone the navigation sits behind the header's Menu.
  await page.locator("summary", { hasText: "Menu" }).click();
  const nav = page.getByRole("navigation", { name: "Menu" });
  await expect(nav.getByRole("link", { name: "Team" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Mentoring" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "My onboarding" })).toHaveCount(0);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.locator(".site-menu").getByRole("button", { name: "Log out" })).toBeVisible();
});
