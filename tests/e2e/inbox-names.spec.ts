import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { logIn } from "./helpers";

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
    await logIn(page, email);
    await page.goto("/inbox");
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
