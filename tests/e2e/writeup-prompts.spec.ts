import { expect, test } from "./fixtures";
import { logIn } from "./helpers";

// The write-up form's prompts follow the resolution kind chosen at once, without scripts too
// (the stylesheet shows the chosen kind's; they used to change only after a save), and what was
// typed stays. 최유나 reads Koan in Korean; the lead in English.

test("without scripts, choosing “Works as designed” changes the prompts at once, keeping the text", async ({
  browser,
}) => {
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await logIn(page, "lead@koan.test", { javaScript: false, to: "/kb/new" });
  const resolution = page.getByRole("combobox", { name: "Resolution" });
  await expect(resolution).toHaveValue("fixed");
  await page.getByRole("textbox", { name: "Title" }).fill("Export button greyed out on Sundays");
  const rootCause = page.getByRole("textbox", { name: "Root cause" });
  await rootCause.fill("Exports are paused during the weekly backup.");
  await expect(rootCause).toHaveAccessibleDescription(/^Why did it happen\?/);
  await expect(page.getByRole("textbox", { name: "Fix", exact: true })).toBeVisible();
  await expect(page.getByText("Why the system behaves this way on purpose.")).toBeHidden();

  await resolution.selectOption("works_as_designed");
  await expect(rootCause).toHaveAccessibleDescription(
    "Why the system behaves this way on purpose.",
  );
  await expect(page.getByText("Why the system behaves this way on purpose.")).toBeVisible();
  await expect(page.getByText(/^Why did it happen\?/)).toBeHidden();
  // The fix field is now the expected behaviour, by its label too.
  const expected = page.getByRole("textbox", { name: "Expected behaviour" });
  await expect(expected).toBeVisible();
  await expect(expected).toHaveAccessibleDescription(
    /^The expected behaviour, where it is specified/,
  );
  await expect(page.getByRole("textbox", { name: "Fix", exact: true })).toHaveCount(0);
  await expect(rootCause).toHaveValue("Exports are paused during the weekly backup.");

  // A kind whose prompts differ in part: its own fix prompt, the shared symptom prompt.
  await resolution.selectOption("data_fix");
  await expect(page.getByRole("textbox", { name: "Data fix" })).toHaveAccessibleDescription(
    /^The query or script you ran/,
  );
  await expect(page.getByRole("textbox", { name: "Symptom" })).toHaveAccessibleDescription(
    /^What did people see\?/,
  );

  // Publishing with parts left to write: the kind chosen, its prompts and the text come back,
  // and the message names the missing parts by this kind's labels.
  await page.getByRole("button", { name: "Save and publish" }).click();
  await expect(page.getByRole("combobox", { name: "Resolution" })).toHaveValue("data_fix");
  const alert = page.getByRole("alert");
  await expect(alert.getByRole("link", { name: "Symptom" })).toBeVisible();
  await expect(alert.getByRole("link", { name: "Data fix" })).toBeVisible();
  await expect(alert.getByRole("link", { name: "Fix", exact: true })).toHaveCount(0);
  await expect(page.getByRole("textbox", { name: "Data fix" })).toHaveAccessibleDescription(
    /^The query or script you ran/,
  );
  await expect(page.getByRole("textbox", { name: "Root cause" })).toHaveValue(
    "Exports are paused during the weekly backup.",
  );
});

test("without scripts, 최유나's form speaks Korean prompts for the kind she picks", async ({
  browser,
}) => {
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await logIn(page, "yuna@koan.test", { javaScript: false, to: "/kb/new" });
  const rootCause = page.getByRole("textbox", { name: "근본 원인" });
  await rootCause.fill("주간 백업 중에는 내보내기가 멈춰요.");
  await expect(rootCause).toHaveAccessibleDescription(/^왜 일어났나요\?/);
  await expect(page.getByRole("textbox", { name: "수정 내용" })).toBeVisible();
  await page.getByRole("combobox", { name: "해결 유형" }).selectOption("works_as_designed");
  await expect(rootCause).toHaveAccessibleDescription(
    "시스템이 일부러 이렇게 동작하는 이유를 적어 주세요.",
  );
  await expect(page.getByRole("textbox", { name: "기대되는 동작" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "수정 내용" })).toHaveCount(0);
  await expect(rootCause).toHaveValue("주간 백업 중에는 내보내기가 멈춰요.");
});
