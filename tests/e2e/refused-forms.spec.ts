import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { logIn, msgText } from "./helpers";

// A lead changes someone's role while that person has a form open. Without scripts the refused
// form came back as a bare page (no header, no navigation) and what was typed was gone. Now the
// 403 is a Koan page in the person's language, with each typed field under its label in a
// read-only box, and an import names the file it did not import. Each test invites its own person,
// so the demo's people keep their roles.

type Locale = "en" | "ko";

/**
 * The lead, without scripts too: a choice made in a select before the page hydrates is put back by
 * React's hydration, and the role would be saved unchanged.
 */
async function leadWithoutScripts(browser: Browser): Promise<Page> {
  const lead = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await logIn(lead, "lead@koan.test", { javaScript: false });
  return lead;
}

/** A person the lead invites as `role` in `locale`, joined without scripts: their page. */
async function joined(
  browser: Browser,
  lead: Page,
  role: "mentor" | "lead",
  locale: Locale,
  name: string,
): Promise<Page> {
  await lead.goto("/team");
  await lead.getByLabel("E-mail").fill(`refused-${role}-${locale}-${Date.now()}@koan.test`);
  await lead.getByLabel("Name").fill(name);
  await lead.getByLabel("Role").selectOption(role);
  await lead.getByLabel("Language of the invite").selectOption(locale);
  await lead.getByRole("button", { name: "Create invite link" }).click();
  const link = await lead.getByLabel("Invite link").inputValue();

  const page = await (
    await browser.newContext({
      javaScriptEnabled: false,
      locale: locale === "ko" ? "ko-KR" : "en-US",
    })
  ).newPage();
  await page.goto(link);
  const t = (key: string) => msgText(locale, key);
  await page.getByLabel(t("core.invite.name")).fill(name);
  await page
    .getByLabel(t("core.login.password"), { exact: true })
    .fill("a calm notebook by the sea");
  await page.getByLabel(t("core.invite.confirm")).fill("a calm notebook by the sea");
  await page.getByRole("button", { name: t("core.invite.submit") }).click();
  await expect(page).not.toHaveURL(/\/invite\//);
  return page;
}

/** The lead makes `name` a `role` from their team page. */
async function changeRole(lead: Page, name: string, role: "newcomer" | "mentor") {
  await lead.goto("/team");
  await lead.getByRole("link", { name }).first().click();
  await lead.getByRole("combobox", { name: "Role" }).selectOption(role);
  await lead.getByRole("button", { name: "Save changes" }).click();
  await expect(lead.getByText("Saved.")).toBeVisible();
}

/** The refused page is Koan's: its heading, and the header's main navigation, in `locale`. */
async function expectKoanRefusal(page: Page, locale: Locale) {
  await expect(
    page.getByRole("heading", { level: 1, name: msgText(locale, "core.error.forbidden.heading") }),
  ).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: msgText(locale, "core.shell.mainNav") }),
  ).toBeVisible();
}

for (const locale of ["en", "ko"] as const) {
  test(`without scripts, a lead made a mentor keeps the synonym words they typed, on a Koan page (${locale})`, async ({
    browser,
  }) => {
    const lead = await leadWithoutScripts(browser);
    const name = locale === "ko" ? `한지민 ${Date.now()}` : `Jamie Lead ${Date.now()}`;
    const person = await joined(browser, lead, "lead", locale, name);
    await person.goto("/kb/synonyms");
    const word = msgText(locale, "knowledge.synonyms.word");
    const synonym = msgText(locale, "knowledge.synonyms.synonym");
    await person.getByRole("textbox", { name: word, exact: true }).fill("정산");
    await person.getByRole("textbox", { name: synonym, exact: true }).fill("settlement");

    await changeRole(lead, name, "mentor");
    await person
      .getByRole("button", { name: msgText(locale, "knowledge.synonyms.add"), exact: true })
      .click();

    await expectKoanRefusal(person, locale);
    await expect(person.getByRole("textbox", { name: word, exact: true })).toHaveValue("정산");
    await expect(person.getByRole("textbox", { name: word, exact: true })).toHaveAttribute(
      "readonly",
      "",
    );
    await expect(person.getByRole("textbox", { name: synonym, exact: true })).toHaveValue(
      "settlement",
    );
  });

  test(`without scripts, a mentor made a newcomer is told which ticket file was not imported, on a Koan page (${locale})`, async ({
    browser,
  }) => {
    const lead = await leadWithoutScripts(browser);
    const name = locale === "ko" ? `오세훈 ${Date.now()}` : `Robin Mentor ${Date.now()}`;
    const person = await joined(browser, lead, "mentor", locale, name);
    await person.goto("/tickets/import");
    const fileName = locale === "ko" ? "지난주 티켓.csv" : "last-week.csv";
    await person.getByLabel(msgText(locale, "tickets.upload.file"), { exact: true }).setInputFiles({
      name: fileName,
      mimeType: "text/csv",
      buffer: Buffer.from("title,body\nExport hangs,It stops at 99%\n"),
    });

    await changeRole(lead, name, "newcomer");
    await person.getByRole("button", { name: msgText(locale, "tickets.upload.preview") }).click();

    await expectKoanRefusal(person, locale);
    await expect(
      person.getByText(msgText(locale, "core.error.notImported.named").replace("{file}", fileName)),
    ).toBeVisible();
  });
}
