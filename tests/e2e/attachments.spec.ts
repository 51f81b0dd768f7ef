import { PNG } from "../support/images";
import { expect, test } from "./fixtures";
import { bigFile, expectAccessible, expectNoSidewaysScroll, logIn, stepCard } from "./helpers";

test("a newcomer attaches a screenshot (shown in the page) and a log (downloaded) to evidence", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await logIn(page, "aiko@koan.test");
  await page.getByRole("link", { name: "Open your checkpoints" }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+/);
  const step = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "1. Reproduce the bug" }) });

  // The picker speaks the page's language (not the browser's "Choose File"), names the chosen
  // file, and empties once the file is attached.
  const picker = step.locator(".file-picker-face");
  await expect(picker).toHaveText("Choose a fileNo file chosen");
  await step
    .getByLabel("Attach a screenshot or log")
    .setInputFiles({ name: "overflow.png", mimeType: "image/png", buffer: PNG });
  await expect(picker).toContainText("overflow.png");
  await step
    .getByRole("button", { name: "Attach (step 1: Reproduce the bug)", exact: true })
    .click();
  const image = step.getByRole("img", { name: "Screenshot: overflow.png" });
  await expect(image).toBeVisible();
  // Shown as it loads: the served image decodes (a 1×1 PNG) once its bytes are in.
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(1);
  await expect(picker).toContainText("No file chosen");

  await step.getByLabel("Attach a screenshot or log").setInputFiles({
    name: "서버 로그.log",
    mimeType: "text/plain",
    buffer: Buffer.from("오류: 시간 초과\n"),
  });
  await step
    .getByRole("button", { name: "Attach (step 1: Reproduce the bug)", exact: true })
    .click();
  const download = page.waitForEvent("download");
  await step.getByRole("link", { name: "Download 서버 로그.log" }).click();
  expect((await download).suggestedFilename()).toBe("서버 로그.log");

  // HTML dressed as a PNG is refused at the field.
  await step.getByLabel("Attach a screenshot or log").setInputFiles({
    name: "innocent.png",
    mimeType: "image/png",
    buffer: Buffer.from("<!doctype html><script>alert(1)</script>"),
  });
  await step
    .getByRole("button", { name: "Attach (step 1: Reproduce the bug)", exact: true })
    .click();
  await expect(step.getByRole("alert")).toContainText("Only PNG, JPEG, GIF and WebP images");
  await expectAccessible(page);

  // On a phone: a screenshot pasted into the evidence box lands in the form, ready to attach,
  // and the step with its files still fits the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const pastedName = "Screenshot-2026-11-30-at-15.42.07-staging-login-loop.png";
  await step.getByLabel("What you found").evaluate(
    (box, { base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([bytes], name, { type: "image/png" }));
      box.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true, cancelable: true }),
      );
    },
    { base64: PNG.toString("base64"), name: pastedName },
  );
  await expect(step.getByText(`Pasted ${pastedName}: choose Attach to add it.`)).toBeVisible();
  // The image went to the file field, not into the text.
  await expect(step.getByLabel("What you found")).toHaveValue("");
  await step
    .getByRole("button", { name: "Attach (step 1: Reproduce the bug)", exact: true })
    .click();
  const pasted = step.getByRole("img", { name: `Screenshot: ${pastedName}` });
  await expect(pasted).toBeVisible();
  await expectNoSidewaysScroll(page);
  await step.getByRole("button", { name: `Remove ${pastedName}` }).click();
  await expect(pasted).toHaveCount(0);

  // Put the demo data back as it was.
  await step.getByRole("button", { name: "Remove overflow.png" }).click();
  await expect(image).toHaveCount(0);
  await step.getByRole("button", { name: "Remove 서버 로그.log" }).click();
  await expect(step.getByRole("link", { name: "Download 서버 로그.log" })).toHaveCount(0);
});

test("without scripts, a refused file comes to a page that says why at its field and leads back", async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, "aiko@koan.test", { javaScript: false });
  await page.getByRole("link", { name: "Open your checkpoints" }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+$/);
  const assignment = new URL(page.url()).pathname;
  const attach = async (file: { name: string; mimeType: string; buffer: Buffer } | string) => {
    const step = stepCard(page, "1. Reproduce the bug");
    await step.getByLabel("Attach a screenshot or log").setInputFiles(file);
    await step
      .getByRole("button", { name: "Attach (step 1: Reproduce the bug)", exact: true })
      .click();
    await expect(page).toHaveURL(/\/attachments$/);
    await expect(
      page.getByRole("heading", { name: "That file wasn't attached", level: 1 }),
    ).toBeVisible();
  };

  // HTML dressed as a PNG: the message at the field, a second try there, and the way back.
  await attach({
    name: "innocent.png",
    mimeType: "image/png",
    buffer: Buffer.from("<!doctype html><script>alert(1)</script>"),
  });
  const field = page.getByLabel("Attach a screenshot or log");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/Only PNG, JPEG, GIF and WebP images/);
  await expect(page.getByRole("alert")).toContainText("Only PNG, JPEG, GIF and WebP images");
  const back = page.getByRole("link", { name: "Back to where you were" });
  // Back to the step the file was for.
  const stepAnchor = new RegExp(`${assignment}#checkpoint-\\d+$`);
  await expect(back).toHaveAttribute("href", stepAnchor);
  await back.click();
  await expect(page).toHaveURL(stepAnchor);

  // Too large (refused while it is still arriving): the same page, its field and way back too.
  await attach(bigFile(testInfo, "huge.png", 6 * 1024 * 1024, PNG));
  await expect(page.getByRole("alert")).toContainText("That file is larger than 5 MB.");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("link", { name: "Back to where you were" })).toHaveAttribute(
    "href",
    stepAnchor,
  );
  // The second try is the page's own form, sent to the same place.
  await field.setInputFiles({ name: "small.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Attach", exact: true }).click();
  await expect(page).toHaveURL(stepAnchor);
  const step = stepCard(page, "1. Reproduce the bug");
  await expect(step.getByRole("img", { name: "Screenshot: small.png" })).toBeVisible();
  // Put the demo data back as it was.
  await step.getByRole("button", { name: "Remove small.png" }).click();
  await expect(step.getByRole("img", { name: "Screenshot: small.png" })).toHaveCount(0);
  await context.close();
});

test("a file past the 5 MB limit is refused at its field before it is sent", async ({
  page,
}, testInfo) => {
  await logIn(page, "aiko@koan.test");
  await page.getByRole("link", { name: "Open your checkpoints" }).click();
  await expect(page).toHaveURL(/\/assignments\/\d+/);
  const step = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "1. Reproduce the bug" }) });
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  const field = step.getByLabel("Attach a screenshot or log");
  // Past the server's 12 MB request limit too: sent, it came back as the server's plain 413.
  await field.setInputFiles(bigFile(testInfo, "full.log", 13 * 1024 * 1024));
  await step
    .getByRole("button", { name: "Attach (step 1: Reproduce the bug)", exact: true })
    .click();
  await expect(step.getByRole("alert")).toHaveText(
    "That file is larger than 5 MB. Crop the screenshot, or attach only the part of the log that matters.",
  );
  await expect(field).toBeFocused();
  expect(posts).toEqual([]);
  // Choosing another file clears the message.
  await field.setInputFiles({
    name: "short.log",
    mimeType: "text/plain",
    buffer: Buffer.from("ok\n"),
  });
  await expect(step.getByRole("alert")).toHaveCount(0);
});
