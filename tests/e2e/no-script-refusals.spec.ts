import { expect, test } from "./fixtures";
import { logIn, MENTOR_LOGINS } from "./helpers";

// Forms left empty are refused by Koan, at the field and in the reader's language, not by the
// browser: a field marked `required` in a form without `noValidate` never reached the server, so
// the browser's own bubble ("Please fill out this field.", in the browser's language) was all
// anyone saw, and nothing marked the field. Walked without scripts, as a form's first promise is
// to work without them; the browser is English and 최유나 reads Koan in Korean.

test("without scripts, an empty name in Settings is refused at the field in the person's language", async ({
  browser,
}) => {
  const page = await (
    await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })
  ).newPage();
  await logIn(page, "yuna@koan.test", { javaScript: false, to: "/settings" });
  const name = page.getByRole("textbox", { name: "이름" });
  await name.fill("");
  await page.getByRole("button", { name: "이름 저장" }).click();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(/이름을 입력하세요\./);
});

test("without scripts, the mentor's empty pairing note is refused under the notes field", async ({
  browser,
}) => {
  const newcomer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await logIn(newcomer, "aiko@koan.test", { javaScript: false });
  await newcomer.getByRole("link", { name: "Open your checkpoints" }).first().click();
  await expect(newcomer).toHaveURL(/\/assignments\/\d+/);
  const assignmentUrl = newcomer.url().split("#")[0] ?? "";
  const lede = (await newcomer.locator(".lede").textContent()) ?? "";
  const mentorName = Object.keys(MENTOR_LOGINS).find((n) => lede.includes(n)) ?? "";

  const mentor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await logIn(mentor, MENTOR_LOGINS[mentorName] ?? "", { javaScript: false });
  await mentor.goto(assignmentUrl);
  await mentor.getByText("Pairing session", { exact: true }).click();
  await mentor.getByRole("button", { name: "Save the session note" }).click();
  const notes = mentor.getByRole("textbox", { name: "What you worked on together" });
  await expect(notes).toHaveAttribute("aria-invalid", "true");
  await expect(notes).toHaveAccessibleDescription(/Say what you worked on together\./);
});

test("without scripts, an empty duplicate's write-up and an empty synonym are refused at the field, the rest kept", async ({
  browser,
}) => {
  const lead = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await logIn(lead, "lead@koan.test", { javaScript: false });

  await lead.goto("/tickets/1");
  await lead.getByText("Answered by another write-up?", { exact: true }).click();
  await lead.getByRole("button", { name: "Close as duplicate", exact: true }).click();
  const writeup = lead.getByRole("textbox", { name: "Write-up number or link" });
  await expect(writeup).toHaveAttribute("aria-invalid", "true");
  await expect(writeup).toHaveAccessibleDescription(/Enter the write-up's number or link\./);

  await lead.goto("/kb/synonyms");
  await lead.getByRole("textbox", { name: "Word" }).fill("quokka");
  await lead.getByRole("button", { name: "Add", exact: true }).click();
  const synonym = lead.getByRole("textbox", { name: "Searched with it" });
  await expect(synonym).toHaveAttribute("aria-invalid", "true");
  await expect(synonym).toHaveAccessibleDescription(/Give two different words or short phrases/);
  await expect(lead.getByRole("textbox", { name: "Word" })).toHaveValue("quokka");
});
