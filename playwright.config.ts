import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Two workers, each with a server and a fresh demo database of its own: worker n (Playwright's
// parallel index, which a restarted worker keeps) talks to the server on E2E_PORT + n, so a spec
// file only ever sees its own worker's data, as when one worker ran every file. Whole files go
// to one worker (fullyParallel stays off; screens.spec.ts lets its independent sweeps spread): the
// tests in a file still share one database, in order.
// E2E_WORKERS=1 runs every file on one server, as before.
const WORKERS = Number(process.env.E2E_WORKERS ?? 2);
const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
/** Set by Playwright in each worker process before it reads this file; absent in the runner. */
const PARALLEL_INDEX = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
/**
 * Debian's Chromium without its desktop shell, which Playwright itself uses for headless runs: the
 * same engine at half the browser's CPU (the whole run took 5.5 instead of 8.8 minutes). The test
 * command installs it when it can (tests/support/ensure-chromium.mjs); otherwise the full browser.
 */
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
const BROWSER = existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium";

function server(index: number) {
  const port = BASE_PORT + index;
  const dir = `test-results/e2e/server-${index}`;
  return {
    // The built app on a fresh database of its own, seeded with the demo organisation.
    command: `rm -rf ${dir} && node build/server.js`,
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: `${dir}/koan.db`,
      LOG_LEVEL: "warn",
    },
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: WORKERS,
  forbidOnly: Boolean(process.env.CI),
  // In CI a failed test runs once more, and the list names it flaky. Chromium's headless shell on
  // a loaded machine has once stopped drawing frames for one page mid-journey: a click then waited
  // for its button to be stable (measured across two frames) until the test's three minutes ran
  // out, the page being right. A test that fails twice fails the run.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // Two browsers and two servers share the machine's cores: a test takes longer than alone.
  timeout: 60_000,
  // An assertion waits up to 10 s for the page to reach what it expects (Playwright's default is
  // 5 s). A form's answer on a loaded 2-core machine — two servers, two browsers and Vitest
  // finishing beside them — once took longer than 5 s in CI, and the journey failed although the
  // page was right. Only a failing assertion waits the whole time.
  expect: { timeout: 10_000 },
  use: {
    // A click, fill or press waits at most 30 s for its element (they take well under a second,
    // also in CI), not the test's whole time: a page that stopped drawing fails in 30 s.
    actionTimeout: 30_000,
    baseURL: `http://localhost:${BASE_PORT + PARALLEL_INDEX}`,
    // A failed test keeps a screenshot of its end and Playwright's error context. Traces are not
    // recorded: even without DOM snapshots or the screencast, recording one for every test cost
    // about a tenth of the run. To see a failure's actions, console and network, run the failing
    // test again with `--trace on`.
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: BROWSER,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        // Software compositing in the browser process instead of a GPU process of its own: the
        // same drawing without the traffic between two processes (in the full browser, a journey
        // took a tenth less of the browser's time, four runs of each).
        "--in-process-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: Array.from({ length: WORKERS }, (_, index) => server(index)),
});
