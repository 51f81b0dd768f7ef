import { expect, test } from "@playwright/test";
import { expectAccessible, logIn, MENTOR_LOGINS } from "./helpers";

test("evidence, changes requested, resubmitted, approved: newcomer and mentor each see the outcome", async ({
  browser,
}) => {
  test.setTimeout(90_000); // two people, a dozen page loads, on a shared machine
  const newcomer = await (await browser.newContext()).newPage();
  await logIn(newcomer, "aiko@koan.test");
  await newcomer.getByRole("link", { name: "Open your checkpoints" }).click();
  // My onboarding says "0 of 7 steps done" too: wait for the assignment page itself.
  await expect(newcomer).toHaveURL(/\/assignments\/\d+/);
  await expect(newcomer.getByText("0 of 7 steps done")).toBeVisible();
  // The assignment page's lede names the mentor; wait for it (the URL can change a beat before
  // the new page is on screen).
  const ledeLocator = newcomer.locator("main .lede").first();
  await expect(ledeLocator).toContainText(new RegExp(Object.keys(MENTOR_LOGINS).join("|")));
  const lede = (await ledeLocator.textContent()) ?? "";
  const mentorName = Object.keys(MENTOR_LOGINS).find((name) => lede.includes(name));
  expect(mentorName).toBeDefined();
  await expectAccessible(newcomer);

  const reproduce = newcomer
    .getByRole("listitem")
    .filter({ has: newcomer.getByRole("heading", { name: "1. Reproduce the bug" }) });
  await expect(reproduce.getByText("Next step")).toBeVisible();
  await reproduce.getByRole("button", { name: "Submit for review" }).click();
  await expect(
    reproduce.getByText("Write what you found, or add at least one link."),
  ).toBeVisible();
  await reproduce.getByLabel("What you found").fill("Names with no spaces overflow at **360 px**.");
  await reproduce.getByLabel("Links").fill("not a link");
  await reproduce.getByRole("button", { name: "Submit for review" }).click();
  await expect(reproduce.getByText(/Line 1 is not a link/)).toBeVisible();
  await expect(reproduce.getByLabel("What you found")).toHaveValue(
    "Names with no spaces overflow at **360 px**.",
  );
  await reproduce.getByLabel("Links").fill("Screenshot https://files.example/overflow.png");
  await reproduce.getByRole("button", { name: "Submit for review" }).click();
  await expect(
    newcomer.getByRole("status").filter({ hasText: "Sent to your mentor for review." }),
  ).toBeVisible();
  await expect(reproduce.getByText("Waiting for review")).toBeVisible();

  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, MENTOR_LOGINS[mentorName ?? ""] ?? "");
  const queue = mentor.getByRole("region", { name: "Waiting for your review" });
  await queue.getByRole("link", { name: /Aiko Tanaka: Reproduce the bug/ }).click();
  const review = mentor
    .getByRole("listitem")
    .filter({ has: mentor.getByRole("heading", { name: "1. Reproduce the bug" }) });
  await expect(review.locator(".evidence .prose strong")).toHaveText("360 px");
  await review.getByRole("button", { name: "Request changes" }).click();
  await expect(
    review.getByText("Say what should change, so they know what to do next."),
  ).toBeVisible();
  await review.getByLabel("Your review").fill("Which browser? Add the exact name you used.");
  await review.getByRole("button", { name: "Request changes" }).click();
  await expect(mentor.getByRole("status").filter({ hasText: "Changes requested" })).toBeVisible();

  await newcomer.reload();
  await expect(reproduce.getByText("Changes requested", { exact: true })).toBeVisible();
  await expect(reproduce.getByText("Which browser? Add the exact name you used.")).toBeVisible();
  await newcomer.getByRole("link", { name: /Inbox/ }).click();
  await expect(
    newcomer.getByRole("link", { name: /Changes requested: Reproduce the bug/ }).first(),
  ).toBeVisible();
  await newcomer.goBack();
  // Resubmitting starts from the evidence sent before.
  await expect(reproduce.getByLabel("What you found")).toHaveValue(
    "Names with no spaces overflow at **360 px**.",
  );
  await expect(reproduce.getByLabel("Links")).toHaveValue(
    /Screenshot https:\/\/files\.example\/overflow\.png/,
  );
  await reproduce
    .getByLabel("What you found")
    .fill("Chrome 131 on Android, name 가나다라마바사아자차카타파하가나다라.");
  await reproduce.getByRole("button", { name: "Resubmit for review" }).click();
  await expect(reproduce.getByText("Resubmitted")).toBeVisible();

  await mentor.reload();
  await review.getByRole("button", { name: "Approve" }).click();
  await expect(mentor.getByRole("status").filter({ hasText: "Approved." })).toBeVisible();
  await expect(review.getByText("Approved", { exact: true })).toBeVisible();
  await expectAccessible(mentor);

  await newcomer.reload();
  await expect(reproduce.getByText("Approved", { exact: true })).toBeVisible();
  await expect(newcomer.getByText("1 of 7 steps done")).toBeVisible();
  const locate = newcomer
    .getByRole("listitem")
    .filter({ has: newcomer.getByRole("heading", { name: "2. Find the code" }) });
  await expect(locate.getByText("Next step")).toBeVisible();
});
