import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "koan-demo-2026";

export async function logIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
  { javaScript = true }: { javaScript?: boolean } = {},
) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  // Signing in loads the next page whole: wait until it has hydrated, so a following click or
  // key press is handled by the app, not by a full page load.
  if (javaScript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** axe-core over the whole page: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

const catalogs = new Map<string, Record<string, string>>();

/**
 * A catalog message as the page shows it (for messages without placeholders), so specs walking
 * Koan as a Korean-speaking person find buttons and headings by their Korean names.
 */
export function msgText(locale: "en" | "ko", key: string): string {
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
  const text = catalog[key];
  if (text === undefined) throw new Error(`no message ${key} in ${locale}`);
  return text;
}

/** A catalog message with placeholders as a pattern: each {value} matches any text. */
export function msgPattern(locale: "en" | "ko", key: string): RegExp {
  const escaped = msgText(locale, key)
    .split(/\{[^{}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(escaped.join(".*?"));
}

/**
 * Screenshots of the page at 1280 and 360 px wide, for a person to look at:
 * test-results/screens/<name>-1280.png and -360.png. Leaves the page at 1280 px.
 */
export async function screenshotAtWidths(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
