import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { logIn, starterTicketAndInvite } from "./helpers";

// The inbox read link by link (a screen reader's list of links, or voice control's "click …"):
// each link's name says where it goes. A mentor's inbox had "Ready for review: Root cause" once
// for each mentee's ticket, the same words for different places; now each names its ticket
// ("…, on “Filters reset when paging”" / "…, “Filters reset when paging” 티켓"), and two items of
// one ticket that read the same say when each came.

/** Every link of the page's main part, by its accessible name, with each place it goes. */
async function linksByName(page: Page) {
  const snapshot = await page.getByRole("main").ariaSnapshot();
  const places = new Map<string, Set<string>>();
  for (const m of snapshot.matchAll(/link "((?:[^"\\]|\\.)*)"[^\n]*\n\s*- \/url: ([^\n]*)/g)) {
    const name = m[1] ?? "";
    const set = places.get(name) ?? new Set<string>();
    set.add(m[2] ?? "");
    places.set(name, set);
  }
  return places;
}

/** Names that go to more than one place. */
function ambiguous(places: Map<string, Set<string>>) {
  return [...places]
    .filter(([, urls]) => urls.size > 1)
    .map(([name, urls]) => `${name} → ${[...urls].join(", ")}`);
}

for (const { who, email, locale, example } of [
  { who: "a mentor, in English", email: "mentor@koan.test", locale: "en", example: /, on “/ },
  { who: "a mentor, in Korean", email: "yuna@koan.test", locale: "ko", example: /” 티켓/ },
] as const) {
  test(`every link in the inbox of ${who} has a name of its own`, async ({ page }) => {
    await logIn(page, email, { to: "/inbox" });
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    // Finished items too ("5 done", folded): one may read like an open one of another ticket.
    for (const done of await page.getByRole("main").getByRole("group").all()) {
      await done.locator("summary").click();
    }
    const places = await linksByName(page);
    expect(places.size).toBeGreaterThan(3);
    expect(ambiguous(places)).toEqual([]);
    // The ticket is in the name, not only in the group's heading above it.
    expect([...places.keys()].some((name) => example.test(name))).toBe(true);
    // "Mark read" buttons too: each says which item it marks.
    const marks = await page.getByRole("main").getByRole("button").allTextContents();
    const names = marks.map((n) => n.replace(/\s+/g, " ").trim());
    expect(names.length).toBe(new Set(names).size);
  });
}

test("a ticket given back and claimed again: the mentor's two 'New mentee' links and buttons each read differently", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const title = `결제 버튼이 두 번 눌려요 (${Date.now()})`;
  const link = await starterTicketAndInvite(
    browser,
    {
      title,
      description: "결제 버튼을 빠르게 두 번 누르면 두 번 결제돼요.",
      component: "checkout",
    },
    { emailPrefix: "claimed-twice", name: "Noor Again" },
  );
  const newcomer = await (await browser.newContext()).newPage();
  await newcomer.goto(link);
  await newcomer.getByLabel("Password", { exact: true }).fill("claimed twice, same ticket");
  await newcomer.getByLabel("Password again").fill("claimed twice, same ticket");
  await newcomer.getByRole("button", { name: "Join Koan" }).click();
  await expect(newcomer).toHaveURL(/\/onboarding$/);
  await newcomer.goto(`/tickets?q=${encodeURIComponent(title)}`);
  await newcomer.getByRole("link", { name: title }).click();
  await expect(newcomer).toHaveURL(/\/tickets\/\d+$/);
  const ticketUrl = new URL(newcomer.url()).pathname;
  const claim = async () => {
    await newcomer.getByRole("radio", { name: /Tomás Rivera/ }).check();
    await newcomer.getByRole("button", { name: "Claim this ticket" }).click();
    await expect(newcomer.getByRole("status")).toContainText("It's yours");
  };
  const release = async () => {
    await newcomer.goto(ticketUrl);
    await newcomer.getByRole("button", { name: "Release this ticket" }).click();
    await expect(newcomer.getByRole("button", { name: "Claim this ticket" })).toBeVisible();
  };
  await claim();
  await release();
  await claim();

  const mentor = await (await browser.newContext()).newPage();
  await logIn(mentor, "mentor@koan.test", { to: "/inbox" });
  for (const done of await mentor.getByRole("main").getByRole("group").all()) {
    await done.locator("summary").click();
  }
  const named = [...(await linksByName(mentor)).keys()].filter((name) =>
    name.startsWith("New mentee: Noor Again"),
  );
  // One link per claim, each its own name: the ticket, then when it came.
  expect(named).toHaveLength(2);
  for (const name of named) expect(name).toContain(title);
  expectWhenThenWhich(named, `, on “${title}”`, (n) => `${n} of 2`);
  expect(ambiguous(await linksByName(mentor))).toEqual([]);
  const marks = await mentor.getByRole("main").getByRole("button").allTextContents();
  const names = marks.map((n) => n.replace(/\s+/g, " ").trim());
  expect(names.length).toBe(new Set(names).size);

  // The same two links as the mentor hears them with a Korean browser (their language is the
  // browser's): "새 멘티: …, “…” 티켓, 방금, 2개 중 1번째".
  const korean = await browser.newContext({ locale: "ko-KR" });
  const mentorKo = await korean.newPage();
  await logIn(mentorKo, "mentor@koan.test", { to: "/inbox" });
  await expect(mentorKo.locator("html")).toHaveAttribute("lang", "ko");
  for (const done of await mentorKo.getByRole("main").getByRole("group").all()) {
    await done.locator("summary").click();
  }
  const placesKo = await linksByName(mentorKo);
  const namedKo = [...placesKo.keys()].filter((name) => name.startsWith("새 멘티: Noor Again"));
  expect(namedKo).toHaveLength(2);
  expectWhenThenWhich(namedKo, `, “${title}” 티켓`, (n) => `2개 중 ${n}번째`);
  expect(ambiguous(placesKo)).toEqual([]);
  await korean.close();
  await release();
});

/**
 * Past the ticket, each of two links says when it came and, when that reads the same for both,
 * which of the two it is, in the reader's words (`which(1)`, `which(2)`).
 */
function expectWhenThenWhich(names: string[], ticket: string, which: (n: number) => string) {
  const told = names.map((name) => {
    expect(name).toContain(ticket);
    const tail = name.slice(name.indexOf(ticket) + ticket.length);
    const n = [1, 2].find((i) => tail.endsWith(`, ${which(i)}`)) ?? 0;
    return { when: n ? tail.slice(0, -`, ${which(n)}`.length) : tail, n };
  });
  for (const { when } of told) expect(when).toMatch(/^, \S/);
  // Claimed seconds apart, both came "just now" (unless a minute turned between them).
  const sameWhen = told[0]?.when === told[1]?.when;
  expect(told.map(({ n }) => n).sort()).toEqual(sameWhen ? [1, 2] : [0, 0]);
}
