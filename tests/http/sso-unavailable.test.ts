import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser, readableHtml } from "../support/http";
import { Jar, signInAtProvider } from "../support/oidc-jar";
import { startOidcProvider, type TestProvider } from "../support/oidc-provider";
import { freePort } from "../support/ports";
import { startServer, type TestServer } from "../support/server";

// Single sign-on while the company's provider is down (the real local provider, answering 503 to
// everything): the person reads that the provider is not answering and to try again in a
// minute, in their language, not that Koan could not verify an answer; the lead's Integrations
// page says Koan could not reach the provider, whether it failed at the start or at the
// callback. Its own Koan, so that the provider's configuration has not been discovered before
// the first test.

let provider: TestProvider;
let server: TestServer;
let origin: string;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({ redirectUri: `${origin}/auth/oidc/callback` });
  provider.accounts.set("seo-yeon", { email: "lead@koan.test", email_verified: true });
  server = await startServer({
    PORT: String(port),
    APP_ORIGIN: origin,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: "Koan Test ID",
  });
});
afterAll(async () => {
  await server?.stop();
  await provider?.stop();
});

const SAID = {
  en: "Koan Test ID is not answering right now. Try again in a minute.",
  ko: "지금 Koan Test ID에서 응답이 없어요. 1분 뒤에 다시 시도하세요.",
} as const;

/** The log-in page a refusal lands on, read in `language`: its error notice's text. */
async function shown(jar: Jar, location: string, language: "en" | "ko") {
  const page = await jar.fetch(`${origin}${location}`, {
    headers: { "Accept-Language": language },
  });
  expect(page.status).toBe(200);
  return (await page.text()).replace(/<!-- -->/g, "");
}

describe("single sign-on while the provider is down", () => {
  it("says so when the sign-in starts, in English and Korean, and the next try goes through", async () => {
    provider.down = true;
    const jar = new Jar();
    const start = await jar.fetch(`${origin}/auth/oidc`, {
      method: "POST",
      headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({}),
    });
    expect(start.status).toBe(302);
    const location = start.headers.get("location") ?? "";
    expect(location).toBe("/login?sso=unavailable");
    const en = await shown(jar, location, "en");
    expect(en).toContain(SAID.en);
    expect(en).toMatch(/role="alert"/);
    expect(await shown(jar, location, "ko")).toContain(SAID.ko);

    // The lead's Integrations page says the provider could not be reached, in the lead's language.
    const status = await server.db
      .selectFrom("integration_status")
      .select(["last_error", "last_error_at"])
      .where("name", "=", "sso")
      .executeTakeFirst();
    expect(status?.last_error).toMatch(/^core\.integrations\.error\.ssoUnreachable/);
    expect(status?.last_error_at).not.toBeNull();
    const lead = new Browser(server.url, origin);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    for (const [locale, text] of [
      ["en", "Koan could not reach the identity provider"],
      ["ko", "ID 공급자에 연결하지 못했어요"],
    ] as const) {
      await server.db
        .updateTable("users")
        .set({ locale })
        .where("email", "=", "lead@koan.test")
        .execute();
      const integrations = await lead.get("/settings/integrations");
      expect(integrations.status).toBe(200);
      expect(readableHtml(await integrations.text())).toContain(text);
    }
    await server.db
      .updateTable("users")
      .set({ locale: null })
      .where("email", "=", "lead@koan.test")
      .execute();

    // Back up: the provider's configuration is looked up again, and the sign-in works.
    provider.down = false;
    const back = new Jar();
    const callback = await signInAtProvider(back, { origin, issuer: provider.issuer }, "seo-yeon");
    expect((await back.fetch(callback)).headers.get("location")).toBe("/team");
  });

  it("says the same when the provider goes down between its sign-in page and Koan's callback", async () => {
    for (const language of ["en", "ko"] as const) {
      const jar = new Jar();
      const callback = await signInAtProvider(jar, { origin, issuer: provider.issuer }, "seo-yeon");
      provider.down = true;
      try {
        const refused = await jar.fetch(callback);
        expect(refused.status).toBe(302);
        const location = refused.headers.get("location") ?? "";
        expect(location).toBe("/login?sso=unavailable");
        const html = await shown(jar, location, language);
        expect(html).toContain(SAID[language]);
        expect(html).not.toContain(language === "en" ? "could not verify" : "확인하지 못했어요");
      } finally {
        provider.down = false;
      }
      // Nobody was signed in.
      expect((await jar.fetch(`${origin}/settings`)).status).toBe(302);
    }
    // The lead's Integrations page says the provider could not be reached.
    const status = await server.db
      .selectFrom("integration_status")
      .select("last_error")
      .where("name", "=", "sso")
      .executeTakeFirstOrThrow();
    expect(status.last_error).toMatch(/^core\.integrations\.error\.ssoUnreachable/);
  });
});
