import { test as base } from "@playwright/test";

export { expect } from "@playwright/test";

/**
 * Playwright's `test`, which also closes every browser context a test opened itself
 * (`browser.newContext()` for a second or third person) when the test ends. Left open, their pages
 * lived on for the rest of the worker's files — one journey left seventeen — and kept the shared
 * machine busier for every later test. A failed test's screenshots are taken before this runs.
 */
export const test = base.extend<{ ownContextsClosed: undefined }>({
  ownContextsClosed: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use(undefined);
      const opened = browser.contexts().filter((context) => !before.has(context));
      await Promise.all(opened.map((context) => context.close()));
    },
    { auto: true },
  ],
});
