import type { TestProvider } from "../support/oidc-provider";
import { type SsoKoan, startSsoKoan } from "../support/sso";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, expectAccessible, screenshotAtWidths } from "./helpers";

// Single sign-on in Chromium: a real OpenID provider on loopback and a Koan server of its own
// pointed at it (the shared e2e server has no provider configured).

let sso: SsoKoan;
let provider: TestProvider;
let origin: string;

test.beforeAll(async () => {
  sso = await startSsoKoan({
    host: "localhost",
    accounts: { yuna: { email: "yuna@koan.test", email_verified: true } },
  });
  ({ provider, origin } = sso);
});

test.afterAll(async () => {
  await sso?.stop();
});

test("sign in with the company provider and land in Koan", async ({ page }) => {
  await page.goto(`${origin}/login`);
  await page.getByRole("button", { name: "Sign in with Koan Test ID" }).click();
  // The provider's own sign-in page.
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill("yuna");
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page).toHaveURL(`${origin}/mentoring`);
  await expect(page.getByText("최유나").first()).toBeVisible();
});

test("a refusal is explained on the log-in page", async ({ page }) => {
  provider.accounts.set("nobody", { email: "nobody@elsewhere.example", email_verified: true });
  await page.goto(`${origin}/login`);
  await page.getByRole("button", { name: "Sign in with Koan Test ID" }).click();
  await page.locator('input[name="login"]').fill("nobody");
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page).toHaveURL(`${origin}/login?sso=no_account`);
  await expect(page.getByText("No Koan account or open invite matches")).toBeVisible();
});

test("the provider's button is the one primary action of the log-in and invite pages", async ({
  page,
}) => {
  // An invite to open: made by the lead on this server, signing in with a password.
  await page.goto(`${origin}/login`);
  const provider = page.getByRole("button", { name: "Sign in with Koan Test ID" });
  const logIn = page.getByRole("button", { name: "Log in" });
  await expect(provider).toHaveClass(/\bbutton-primary\b/);
  await expect(logIn).toHaveClass(/\bbutton-secondary\b/);
  // As on the setup page: a heading under the page's own names the password form below it.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in to Koan");
  await expect(
    page.getByRole("heading", { level: 2, name: "Or log in with your password" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page, { coloursOnly: true });
  await page.emulateMedia({ colorScheme: "light" });
  await screenshotAtWidths(page, "login-sso-and-password");

  await page.getByLabel("E-mail").fill("lead@koan.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await logIn.click();
  await expect(page).toHaveURL(`${origin}/team`);
  await page.getByLabel("E-mail").fill(`one-primary-${Date.now()}@koan.test`);
  await page.getByLabel("Name").fill("Ha-eun Cho");
  await page.getByLabel("Role").selectOption("newcomer");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByLabel("Invite link").inputValue();
  await page.context().clearCookies();

  await page.goto(link);
  await expect(page.getByRole("button", { name: "Sign in with Koan Test ID" })).toHaveClass(
    /\bbutton-primary\b/,
  );
  await expect(page.getByRole("button", { name: "Join Koan" })).toHaveClass(/\bbutton-secondary\b/);
  await expect(
    page.getByRole("heading", { level: 2, name: "Or join with a password" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page, { coloursOnly: true });
  await page.emulateMedia({ colorScheme: "light" });
  await screenshotAtWidths(page, "invite-sso-and-password");
});
