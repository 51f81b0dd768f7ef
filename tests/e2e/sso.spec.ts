import net from "node:net";
import { startOidcProvider, type TestProvider } from "../support/oidc-provider";
import { startServer, type TestServer } from "../support/server";
import { expect, test } from "./fixtures";

// Single sign-on in Chromium: a real OpenID provider on loopback and a Koan server of its own
// pointed at it (the shared e2e server has no provider configured).

let provider: TestProvider;
let koan: TestServer;
let origin: string;

test.beforeAll(async () => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  origin = `http://localhost:${port}`;
  provider = await startOidcProvider({ redirectUri: `${origin}/auth/oidc/callback` });
  provider.accounts.set("yuna", { email: "yuna@koan.test", email_verified: true });
  koan = await startServer({
    PORT: String(port),
    APP_ORIGIN: origin,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: "Koan Test ID",
  });
});

test.afterAll(async () => {
  await koan?.stop();
  await provider?.stop();
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
