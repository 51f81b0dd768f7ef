import { expect, test } from "./fixtures";
import { expectNoSidewaysScroll, logIn } from "./helpers";

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
  await expectNoSidewaysScroll(page);
  await expect(page.locator(".site-menu").getByRole("button", { name: "Log out" })).toBeVisible();
});
