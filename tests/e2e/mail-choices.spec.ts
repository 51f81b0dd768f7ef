import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { expect, test } from "./fixtures";
import { logIn, msgText } from "./helpers";

// Settings → Notifications with e-mail set up: an "Also by e-mail" box follows its inbox box. With
// the inbox box cleared, it is cleared and disabled, with a hint; ticked again, it comes back as it
// was. English and Korean. This file starts a server of its own with SMTP configured (nothing
// listens there: mail only waits in the outbox), on E2E_MAIL_PORT (E2E_PORT + 90 when unset),
// which is also its APP_ORIGIN: forms are only taken from Koan's own origin.

const DIR = "test-results/e2e/mail-server";
const PORT = Number(process.env.E2E_MAIL_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 90);
let server: ChildProcess | undefined;
let origin = "";

test.beforeAll(async () => {
  test.setTimeout(90_000);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const child = spawn(process.execPath, ["build/server.js"], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_PATH: `${DIR}/koan.db`,
      LOG_LEVEL: "info",
      APP_ORIGIN: `http://127.0.0.1:${PORT}`,
      SMTP_URL: "smtp://127.0.0.1:9",
      MAIL_FROM: "Koan <koan@example.com>",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  let output = "";
  origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server:\n${output}`)), 80_000);
    // What it says on stderr too: a port already taken is only told there.
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (/"port":\d+/.test(output)) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${PORT}`);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
});
test.afterAll(() => {
  server?.kill("SIGTERM");
});

for (const who of [
  { email: "ana@koan.test", locale: "en" as const },
  { email: "jiwoo@koan.test", locale: "ko" as const },
]) {
  test(`"Also by e-mail" follows its inbox box (${who.locale})`, async ({ browser }) => {
    const t = (key: string) => msgText(who.locale, key);
    const context = await browser.newContext({
      baseURL: origin,
      ...(who.locale === "ko"
        ? { locale: "ko-KR", extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" } }
        : {}),
    });
    const page = await context.newPage();
    await logIn(page, who.email, { to: "/settings" });
    const digestLabel = t("mentoring.notify.digest.label");
    const inbox = page.getByRole("checkbox", { name: digestLabel, exact: true });
    const mail = page.getByRole("checkbox", {
      name: t("core.settings.notify.mailFor").replace("{kind}", digestLabel),
    });
    await expect(inbox).toBeChecked();
    await expect(mail).toBeChecked();
    await expect(mail).toBeEnabled();

    // Inbox cleared: the e-mail box is cleared and disabled, and says why.
    await inbox.uncheck();
    await expect(mail).not.toBeChecked();
    await expect(mail).toBeDisabled();
    await expect(mail).toHaveAccessibleDescription(t("core.settings.notify.mailNeedsInbox"));
    // Ticked again: the e-mail choice is back as it was.
    await inbox.check();
    await expect(mail).toBeChecked();
    await expect(mail).toBeEnabled();

    // Saved with the inbox box cleared: shown so after the save and after a reload.
    await inbox.uncheck();
    await page.getByRole("button", { name: t("core.settings.notify.save") }).click();
    await expect(
      page.getByRole("status").filter({ hasText: t("core.settings.notify.saved") }),
    ).toBeVisible();
    await expect(mail).not.toBeChecked();
    await expect(mail).toBeDisabled();
    await page.reload();
    await expect(inbox).not.toBeChecked();
    await expect(mail).not.toBeChecked();
    await expect(mail).toBeDisabled();
    // Turned on again, the e-mail stays off until chosen: the save cleared it with its kind.
    await inbox.check();
    await expect(mail).toBeEnabled();
    await expect(mail).not.toBeChecked();
  });
}
