import { expect, test } from "./fixtures";
import { logIn, msgText } from "./helpers";

// A long form on a phone, in Korean: sent from its button at the bottom and refused at a field
// far above it, the form brings that field to the screen (focused, as conform does in the Epic
// Stack) instead of leaving the page as it was, the reason out of sight. Changes no data.

const ko = (key: string) => msgText("ko", key);

test("a write-up saved on a phone with no title brings the title field, and its reason, to the screen", async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    locale: "ko-KR",
    extraHTTPHeaders: { "Accept-Language": "ko-KR,ko;q=0.9" },
  });
  const page = await context.newPage();
  await logIn(page, "yuna@koan.test", { to: "/kb/1/edit" });
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const title = page.getByLabel(ko("knowledge.form.title"), { exact: true });
  const written = await title.inputValue();
  await title.fill("");
  const save = page.getByRole("button", { name: ko("knowledge.form.saveChanges") });
  await save.scrollIntoViewIfNeeded();
  await expect(title).not.toBeInViewport();
  await save.tap();

  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(title).toBeFocused();
  await expect(title).toBeInViewport();
  await expect(page.getByText(ko("knowledge.field.title.required"))).toBeInViewport();
  // Nothing was saved: the write-up keeps its title.
  await page.goto("/kb/1");
  await expect(page.getByRole("heading", { level: 1, name: written })).toBeVisible();
});
