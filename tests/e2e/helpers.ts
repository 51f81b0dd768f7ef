import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  expect,
  type Locator,
  type Page,
} from "@playwright/test";
import axe from "axe-core";

/** axe-core's own API, as the page holds it once its source has run there. */
type AxeCore = typeof axe;

export const DEMO_PASSWORD = "koan-demo-2026";

/** The demo's mentors' log-ins by name, for a spec that learns a claim's mentor from the page. */
export const MENTOR_LOGINS: Record<string, string> = {
  "Tomás Rivera": "mentor@koan.test",
  "Priya Raman": "priya@koan.test",
  "Daniel Osei": "daniel@koan.test",
  최유나: "yuna@koan.test",
};

/** The signed-in pages each role reaches from the menu and its pages' links. */
/** The newcomer's own assignment page, from My onboarding, when the demo gives them one. */
export async function ownAssignment(page: Page): Promise<string[]> {
  await page.goto("/onboarding");
  const href = await page
    .locator('main a[href^="/assignments/"]')
    .first()
    .getAttribute("href", { timeout: 2000 })
    .catch(() => null);
  return href ? [href] : [];
}

export const ROLE_PAGES: Record<"newcomer" | "mentor" | "lead", string[]> = {
  newcomer: [
    "/onboarding",
    "/tickets",
    "/tickets/1",
    "/kb",
    "/kb?q=invoice",
    "/kb/1",
    "/kb/new",
    "/kb/toil",
    "/inbox",
    "/settings",
    "/settings/tokens",
  ],
  mentor: [
    "/mentoring",
    "/tickets",
    "/tickets/new",
    "/tickets/import",
    "/kb",
    "/kb/toil",
    "/kb/review",
    "/kb/import",
    "/inbox",
    "/settings",
  ],
  lead: [
    "/cohorts",
    "/tracks",
    "/team",
    "/team/2",
    "/mentoring",
    "/kb/gaps",
    "/kb/toil",
    "/kb/review",
    "/kb/synonyms",
    "/kb/synonyms?q=zebrafish",
    "/tickets",
    "/tickets/1",
    "/inbox",
    "/settings",
  ],
};

/**
 * Signs `email` in and opens their first page, or the page `to` when the test goes on elsewhere,
 * hydrated unless `javaScript` is off. The session is started by posting the log-in form's fields
 * from the page's own context (its cookies are the page's), which spares each test a whole log-in
 * page load, and `to` spares it the first page's; `viaForm` walks the log-in page instead, in that
 * language, as the brief's journeys do. The log-in page itself is checked by its own specs
 * (ko-core, language-switch, sso, accessibility).
 */
export async function logIn(
  page: Page,
  email: string,
  {
    password = DEMO_PASSWORD,
    javaScript = true,
    viaForm,
    to,
  }: { password?: string; javaScript?: boolean; viaForm?: "en" | "ko"; to?: string } = {},
) {
  if (viaForm) {
    await page.goto("/login");
    await page.getByLabel(msgText(viaForm, "core.login.email")).fill(email);
    await page.getByLabel(msgText(viaForm, "core.login.password")).fill(password);
    await page.getByRole("button", { name: msgText(viaForm, "core.login.submit") }).click();
    await expect(page).not.toHaveURL(/\/login/);
    if (to) await page.goto(to);
  } else {
    const answer = await page.request.post("/login", {
      form: { email, password, redirectTo: "" },
      maxRedirects: 0,
    });
    const home = answer.headers().location ?? "";
    expect(answer.status(), `log-in of ${email} → ${home}`).toBe(302);
    expect(home).not.toMatch(/\/login/);
    await page.goto(to ?? home);
  }
  // Signing in loads the next page whole: wait until it has hydrated, so a following click or
  // key press is handled by the app, not by a full page load.
  if (javaScript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** A checkpoint's card on the assignment page, by its step's numbered title ("1. Reproduce the bug"). */
export function stepCard(page: Page, title: string) {
  return page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: title }) })
    .last();
}

/**
 * Clicks a step's Approve on the assignment page and waits until the approval is saved: the
 * progress line counts one more step done. Not until the button goes: while the form is sent it
 * is renamed ("Approving…"), so it is gone before the approval is written, and a newcomer's page
 * reloaded in that moment still shows the step waiting for review.
 */
export async function approveStep(page: Page, approveButton: Locator) {
  const progress = page.locator("#progress-text");
  const before = (await progress.textContent()) ?? "";
  await approveButton.click();
  await expect(progress).not.toHaveText(before);
}

/** React's words when it throws a page's server HTML away: errors #418, #423, #425 (minified). */
const HYDRATION_ERROR = /#4(18|23|25)\b|[Hh]ydrat/;

/**
 * Listens on `page` for React finding the browser's render different from the server's HTML
 * (then it throws the HTML away and renders the page again: what was clicked or typed meanwhile
 * is lost). The check it returns waits until the page has hydrated and fails if that happened
 * since the last check.
 */
export function watchHydration(page: Page) {
  let errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && HYDRATION_ERROR.test(message.text()))
      errors.push(message.text());
  });
  page.on("pageerror", (error) => {
    if (HYDRATION_ERROR.test(error.message)) errors.push(error.message);
  });
  return async (what: string) => {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    const seen = errors;
    errors = [];
    expect(seen, `${what}: the browser renders what the server sent`).toEqual([]);
  };
}

/** Nothing on the page makes it scroll sideways at its current width. */
export async function expectNoSidewaysScroll(page: Page, what = page.url()) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${what} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

/**
 * The page's links, buttons and summaries smaller than 24 × 24 px by their own box (WCAG 2.5.8, not
 * counting the room around them), as "text width×height". Left out, as WCAG leaves them: rendered
 * Markdown (people's text) and a link inline in a sentence, a paragraph with other words.
 */
export function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("header a, header button, main a, main button, main summary")]
      .filter((e) => e.checkVisibility() && !e.closest(".prose, [aria-hidden='true']"))
      .filter((e) => {
        const sentence = e.parentElement?.closest("p");
        const words = (n: Element) => n.textContent?.trim().length ?? 0;
        return !(
          getComputedStyle(e).display === "inline" &&
          sentence &&
          words(sentence) > words(e)
        );
      })
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 24 || r.height < 24)
      .map(({ e, r }) => `${e.textContent?.trim()} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`),
  );
}

/** No table in the page's main region needs scrolling sideways to be read at the current width. */
export async function expectTablesFit(page: Page, count: number) {
  const tables = page.getByRole("main").locator("table");
  await expect(tables).toHaveCount(count);
  for (const table of await tables.all()) {
    const { name, scrollWidth, clientWidth } = await table.evaluate((el) => {
      const box = el.closest(".table-wrap") ?? el;
      const label = el.getAttribute("aria-labelledby");
      const name = (label && document.getElementById(label)?.textContent) || "a table";
      return { name, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
    });
    expect(scrollWidth, `${name} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  }
}

/**
 * The rules whose outcome a change of colour scheme can change: the page's DOM, names and roles
 * stay as they were, only its colours differ.
 */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * axe-core's source, held in each new document of a context that has been checked once, as a
 * function not yet called: the browser reads it there without compiling it, and the page that is
 * checked runs it. Sending the 550 kB source through Playwright's protocol costs the browser
 * about 0.2 s each time, and @axe-core/playwright sent it twice on every run.
 */
const AXE_HELD = `Object.defineProperty(window, "koanAxeSource", { value: function () {\n${axe.source}\n} });`;
const contextsHoldingAxe = new WeakSet<BrowserContext>();

/** axe-core, ready in the page's current document (Koan has no frames for it to reach into). */
async function loadAxe(page: Page) {
  const context = page.context();
  if (!contextsHoldingAxe.has(context)) {
    contextsHoldingAxe.add(context);
    await context.addInitScript(AXE_HELD);
  }
  const ready = await page.evaluate(() => {
    const held = window as unknown as { axe?: AxeCore; koanAxeSource?: () => void };
    if (!held.axe) held.koanAxeSource?.();
    return held.axe !== undefined;
  });
  // A document that was open before its context held the source.
  if (!ready) await page.evaluate(axe.source);
}

/**
 * axe-core over the whole page: no serious or critical violation. `coloursOnly` runs just the
 * colour rules, for a page already checked whole in the other colour scheme.
 */
export async function expectAccessible(page: Page, { coloursOnly = false } = {}) {
  await loadAxe(page);
  const serious = await page.evaluate(
    async (rules) => {
      const { axe } = window as unknown as { axe: AxeCore };
      const results = await axe.run(document, {
        // Target size (WCAG 2.5.8: 24 px, or that much room around) is off in axe by default.
        ...(rules
          ? { runOnly: { type: "rule", values: rules } }
          : { rules: { "target-size": { enabled: true } } }),
        // Every violation is reported whole; passes and the rest only in part, which spares axe a
        // selector for each element that passed.
        resultTypes: ["violations"],
        iframes: false,
      });
      return results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    },
    coloursOnly ? COLOUR_RULES : null,
  );
  expect(serious).toEqual([]);
}

const catalogs = new Map<string, Record<string, string>>();

/**
 * A catalog message as the page shows it (for messages without placeholders), so specs walking
 * Koan as a Korean-speaking person find buttons and headings by their Korean names.
 */
export function msgText(locale: "en" | "ko", key: string): string {
  const text = catalog(locale)[key];
  if (text === undefined) throw new Error(`no message ${key} in ${locale}`);
  return text;
}

/** Text matched literally inside a RegExp. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every message of a locale's catalog files, by key. */
export function catalog(locale: "en" | "ko"): Record<string, string> {
  let catalog = catalogs.get(locale);
  if (!catalog) {
    const dir = join(process.cwd(), "app/lib/i18n/messages", locale);
    catalog = Object.assign(
      {},
      ...readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Record<string, string>),
    ) as Record<string, string>;
    catalogs.set(locale, catalog);
  }
  return catalog;
}

/** A catalog message with placeholders as a pattern: each {value} matches any text. */
export function msgPattern(locale: "en" | "ko", key: string): RegExp {
  const escaped = msgText(locale, key)
    .split(/\{[^{}]*\}/)
    .map(escapeRegExp);
  return new RegExp(escaped.join(".*?"));
}

const SCREENSHOTS = process.env.KOAN_SCREENSHOTS === "1";

/**
 * With KOAN_SCREENSHOTS=1, a screenshot for a person to look at, in
 * test-results/screens/<name>.png; otherwise nothing (screenshots check nothing, and cost about a
 * fortieth of the end-to-end run).
 */
export async function keepScreenshot(page: Page, name: string, { fullPage = true } = {}) {
  if (SCREENSHOTS) await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage });
}

/**
 * With KOAN_SCREENSHOTS=1, screenshots of the page at 1280 and 360 px wide (keepScreenshot):
 * <name>-1280.png and -360.png. Leaves the page at 1280 px.
 */
export async function screenshotAtWidths(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
) {
  if (!SCREENSHOTS) return; // nor the resizes
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await keepScreenshot(page, `${name}-${width}`, { fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * The English catalog's literal text, cut at placeholders and markup, keeping the pieces of two or
 * more words that no Korean message also holds (product names, format words such as
 * "front matter"): seen on a Korean page, such a piece is English UI. People's content (ticket
 * titles, names, notes) is not in the catalog, so it is not flagged.
 */
function englishUiPieces(): string[] {
  const korean = Object.values(catalog("ko")).join("\n");
  const pieces = new Set<string>();
  for (const message of Object.values(catalog("en"))) {
    for (const raw of message.split(/[{}#]|<\/?[a-z]+>/)) {
      const piece = raw.trim().replace(/^[,.:;!?·—–-]+\s*|\s*[,.:;!?·—–(]+$/g, "");
      if (/^[A-Za-z’'-]+(?:\s+[A-Za-z’'-]+)+$/.test(piece) && !korean.includes(piece)) {
        pieces.add(piece);
      }
    }
  }
  return [...pieces];
}
let english: string[] | undefined;
let demoContent: string | undefined;

/** The page is Korean: lang, and no English UI text anywhere it shows. */
export async function expectKoreanPage(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  // The text a person reads, less code and rendered Markdown (a write-up's sections, a ticket's
  // body, evidence notes: people's words, in their own language), which are hidden for the read.
  const shown = await page.evaluate(() => {
    const hide = (selector: string) => {
      const elements = [...document.querySelectorAll<HTMLElement>(selector)];
      const displays = elements.map((element) => element.style.display);
      for (const element of elements) element.style.display = "none";
      return () =>
        elements.forEach((element, i) => {
          element.style.display = displays[i] ?? "";
        });
    };
    // Words a page marks as written in another language (`lang="en"` on a note quoted in the
    // inbox) are people's too.
    const showPeoples = hide('pre, code, kbd, samp, .prose, body [lang]:not([lang|="ko"])');
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (hidden text is not met)
    const text = document.body.innerText;
    const showCut = hide(".snippet, select");
    // biome-ignore lint/performance/useDomNodeTextContent: as above
    const outside = document.body.innerText;
    showCut();
    showPeoples();
    return { text, outside };
  });
  // People's content is not UI: a line the demo's people, tickets and write-ups hold as written ("Password
  // reset link expires…") is left out.
  demoContent ??= ["seeds/tickets.ts", "seeds/writeups.ts", "seeds/demo.ts", "seeds/builders.ts"]
    .map((file) => readFileSync(join(process.cwd(), file), "utf8"))
    .join("\n");
  const content = demoContent;
  const notContent = (text: string) =>
    text
      .split("\n")
      .filter((line) => line.trim().length < 12 || !content.includes(line.trim()))
      .join("\n");
  const visible = notContent(shown.text);
  const visibleOutside = notContent(shown.outside);
  // Whole words only: "Log in" inside "Log into" is not the same text.
  english ??= englishUiPieces();
  expect(english.length, "the check has English text to look for").toBeGreaterThan(500);
  const found = english.filter((piece) =>
    new RegExp(`(^|[^A-Za-z])${escapeRegExp(piece)}($|[^A-Za-z])`).test(visible),
  );
  expect(found, `English UI text on ${page.url()}`).toEqual([]);
  // And English that no catalog holds: a run of three or more English words that is not the demo's
  // content (a reason built from an English template in code, as the onboarding page's once was).
  // Search snippets (cut from content) and the time-zone list (IANA names) are left out.
  const runs = visibleOutside.match(/[A-Za-z][A-Za-z'’-]*(?: [A-Za-z][A-Za-z'’-]*){2,}/g) ?? [];
  const stray = runs.filter((run) => !content.includes(run));
  expect(stray, `English text outside the catalogs on ${page.url()}`).toEqual([]);
}

/**
 * The page's layout shifts since it loaded (CLS's entries, input-caused ones aside). With `within`
 * (a selector), only shifts that moved something inside it: the header's Inbox count is live, and
 * another spec running beside this one may change it.
 */
export function layoutShift(page: Page, within?: string): Promise<number> {
  return page.evaluate(
    (selector) =>
      new Promise<number>((resolve) => {
        const region = selector ? document.querySelector(selector) : null;
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as {
            value: number;
            hadRecentInput: boolean;
            sources?: { node?: Node | null }[];
          }[]) {
            if (entry.hadRecentInput) continue;
            const moved = entry.sources ?? [];
            if (!region || moved.some((s) => s.node && region.contains(s.node)))
              total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 300);
      }),
    within,
  );
}

/**
 * A lead files a spec's own starter ticket and invites a newcomer to it: the invite link. The
 * e-mail is made unique by `emailPrefix` and the time, so a spec run twice on one server works.
 */
export async function starterTicketAndInvite(
  browser: Browser,
  ticket: { title: string; description: string; component: string },
  newcomer: { emailPrefix: string; name: string },
): Promise<string> {
  const lead = await (await browser.newContext()).newPage();
  await logIn(lead, "lead@koan.test", { to: "/tickets/new" });
  await lead.getByLabel("Title").fill(ticket.title);
  await lead.getByLabel(/^Description/).fill(ticket.description);
  await lead.getByLabel(/^Component/).fill(ticket.component);
  await lead.getByLabel(/Starter/).check();
  await lead.getByRole("button", { name: "Create ticket" }).click();
  await expect(lead.getByRole("heading", { level: 1, name: ticket.title })).toBeVisible();
  await lead.goto("/team");
  await lead.getByLabel("E-mail").fill(`${newcomer.emailPrefix}-${Date.now()}@koan.test`);
  await lead.getByLabel("Name").fill(newcomer.name);
  await lead.getByLabel("Role").selectOption("newcomer");
  await lead.getByLabel("Start date").fill("2026-11-02");
  await lead.getByRole("button", { name: "Create invite link" }).click();
  const link = await lead.getByLabel("Invite link").inputValue();
  await lead.context().close();
  return link;
}

/**
 * A file of `size` bytes (after `head`, when given) written under the test's output folder, for
 * setInputFiles to hand the browser by its path: a buffer of many megabytes would be copied
 * through the browser's protocol, several seconds on a loaded machine.
 */
export function bigFile(
  testInfo: { outputPath: (...parts: string[]) => string },
  name: string,
  size: number,
  head: Buffer = Buffer.alloc(0),
): string {
  const path = testInfo.outputPath(name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat([head, Buffer.alloc(size, "a")]));
  return path;
}
