import type { TestProvider } from "../support/oidc-provider";
import { type SsoKoan, startSsoKoan } from "../support/sso";
import { expect, test } from "./fixtures";

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
