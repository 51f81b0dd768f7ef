import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, expectAccessible, layoutShift, logIn, msgText } from "./helpers";

// Several browser contexts, argon2 on every password and axe on two pages.
test.describe.configure({ timeout: 120_000 });

/** core.settings.password.changed in Korean, with one other session ended. */
const KO_CHANGED_ONE_OTHER = "비밀번호를 바꿨어요. 다른 세션 1개를 로그아웃했어요.";

test("a newcomer changes their password in Settings; their other session ends, this one stays", async ({
  browser,
}) => {
  const here = await (await browser.newContext()).newPage();
  const laptop = await (await browser.newContext()).newPage();
  await logIn(here, "jiwoo@koan.test");
  await logIn(laptop, "jiwoo@koan.test");

  // 한지우 uses Koan in Korean (her language setting): Settings speaks Korean to her.
  const ko = (key: string) => msgText("ko", key);
  await here.goto("/settings");
  await expect(here.locator("html")).toHaveAttribute("lang", "ko");
  await expect(
    here.getByRole("heading", { name: ko("core.password.heading"), level: 2 }),
  ).toBeVisible();
  await expectAccessible(here);
  await here.getByLabel(ko("core.password.current")).fill("not my password");
  await here.getByLabel(ko("core.password.new"), { exact: true }).fill("지우의 새로운 비밀번호");
  await here.getByLabel(ko("core.password.confirm")).fill("지우의 새로운 비밀번호");
  await here.getByRole("button", { name: ko("core.password.change") }).click();
  await expect(here.getByText(ko("core.settings.password.wrong"))).toBeVisible();

  await here.getByLabel(ko("core.password.current")).fill(DEMO_PASSWORD);
  await here.getByLabel(ko("core.password.new"), { exact: true }).fill("지우의 새로운 비밀번호");
  await here.getByLabel(ko("core.password.confirm")).fill("지우의 새로운 비밀번호");
  await here.getByRole("button", { name: ko("core.password.change") }).click();
  await expect(here.locator("[data-form-result]")).toContainText(KO_CHANGED_ONE_OTHER);

  await laptop.goto("/settings");
  await expect(laptop).toHaveURL(/\/login/);
  await here.goto("/settings");
  await expect(
    here.getByRole("heading", { name: ko("core.settings.heading"), level: 1 }),
  ).toBeVisible();

  const fresh = await (await browser.newContext()).newPage();
  await logIn(fresh, "jiwoo@koan.test", { password: "지우의 새로운 비밀번호" });

  // Later specs log in as 한지우 with the demo password: give it back.
  await fresh.goto("/settings");
  await fresh.getByLabel(ko("core.password.current")).fill("지우의 새로운 비밀번호");
  await fresh.getByLabel(ko("core.password.new"), { exact: true }).fill(DEMO_PASSWORD);
  await fresh.getByLabel(ko("core.password.confirm")).fill(DEMO_PASSWORD);
  await fresh.getByRole("button", { name: ko("core.password.change") }).click();
  await expect(fresh.locator("[data-form-result]")).toContainText(KO_CHANGED_ONE_OTHER.slice(0, 8));
  await logIn(here, "jiwoo@koan.test");
});

test("a lead makes a password-reset link; the member sets a new password with it, once", async ({
  browser,
}) => {
  const member = await (await browser.newContext()).newPage();
  await logIn(member, "fatima@koan.test");

  const lead = await (await browser.newContext()).newPage();
  await logIn(lead, "lead@koan.test", { to: "/team" });
  // The team list's own search, as a lead of a big team finds one person.
  await lead.getByLabel("Find someone").fill("BENALI");
  // The count is read out: it lands in a live region that was already on the page.
  const people = lead.getByRole("region", { name: "People" });
  await people.locator("[aria-live=polite]").evaluate((el) => el.setAttribute("data-before", ""));
  await lead.getByRole("button", { name: "Find", exact: true }).click();
  // It lands on the list, not on the invite form at the top of the page.
  await expect(lead).toHaveURL(/\/team\?q=BENALI#people-heading$/);
  await expect(lead.getByRole("heading", { name: "People", level: 2 })).toBeInViewport();
  await expect(lead.getByText("1 person matches “BENALI”.")).toBeVisible();
  await expect(people.locator("[data-before][aria-live=polite]")).toHaveText(
    /^1 person matches “BENALI”\./,
  );
  // Nobody found is read out too, not only shown as the empty state's heading.
  await lead.getByLabel("Find someone").fill("zzqx");
  await lead.getByRole("button", { name: "Find", exact: true }).click();
  await expect(people.locator("[data-before][aria-live=polite]")).toContainText(
    "Nobody’s name or e-mail holds “zzqx”",
  );
  await lead.getByLabel("Find someone").fill("BENALI");
  await lead.getByRole("button", { name: "Find", exact: true }).click();
  await expect(lead.getByText("1 person matches “BENALI”.")).toBeVisible();
  await expect(lead.getByRole("row")).toHaveCount(2);
  await lead.getByRole("link", { name: "Fatima Zahra Benali" }).click();
  await expect(lead.getByRole("heading", { name: "Fatima Zahra Benali", level: 1 })).toBeVisible();
  // The next part's heading does not sit against the button above it.
  const makeLink = await lead
    .getByRole("button", { name: "Make a password-reset link" })
    .boundingBox();
  const deactivate = await lead
    .getByRole("heading", { name: "Deactivate", level: 3 })
    .boundingBox();
  expect(
    (deactivate?.y ?? 0) - ((makeLink?.y ?? 0) + (makeLink?.height ?? 0)),
  ).toBeGreaterThanOrEqual(16);
  await lead.getByRole("button", { name: "Make a password-reset link" }).click();
  await expect(lead.getByText("Reset link made.")).toBeVisible();
  const link = await lead.getByLabel("Password-reset link").inputValue();
  expect(link).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/);

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(guest);
  await guest.getByLabel("New password", { exact: true }).fill("short");
  await guest.getByLabel("New password again").fill("short");
  await guest.getByRole("button", { name: "Set new password" }).click();
  await expect(guest.getByText("Use at least 12 characters.")).toBeVisible();
  await guest.getByLabel("New password", { exact: true }).fill("fatima's fresh password");
  await guest.getByLabel("New password again").fill("fatima's fresh password");
  await guest.getByRole("button", { name: "Set new password" }).click();
  await expect(guest).toHaveURL(/\/login\?passwordReset=1$/);
  await expect(guest.getByText("Your new password is set")).toBeVisible();
  await logIn(guest, "fatima@koan.test", { password: "fatima's fresh password" });

  // Her earlier session ended, and the link is spent.
  await member.goto("/onboarding");
  await expect(member).toHaveURL(/\/login/);
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByText("already been used")).toBeVisible();
});

test("someone with no time zone of their own finds their browser's chosen, and nothing below it moves when it is", async ({
  browser,
}) => {
  for (const { email, lang, width, zone } of [
    { email: "daniel@koan.test", lang: "ko", width: 360, zone: "Asia/Seoul" },
    { email: "sam@koan.test", lang: "en", width: 1280, zone: "America/Los_Angeles" },
  ] as const) {
    const context = await browser.newContext({
      locale: lang === "ko" ? "ko-KR" : "en-US",
      timezoneId: zone,
      viewport: { width, height: 800 },
    });
    const page = await context.newPage();
    await logIn(page, email, { to: "/settings" });
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await expect(page.getByLabel(msgText(lang, "core.settings.timeZone.label"))).toHaveValue(zone);
    await expect(
      page.getByText(msgText(lang, "core.settings.timeZone.browser").replace("{timeZone}", zone)),
    ).toBeVisible();
    // The line naming the zone had its room from the first paint: no section was pushed down.
    expect(await layoutShift(page, "main")).toBe(0);
    await context.close();
  }
});
