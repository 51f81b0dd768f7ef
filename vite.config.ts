/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const alias = {
  "~": fileURLToPath(new URL("./app", import.meta.url)),
  "#db": fileURLToPath(new URL("./db", import.meta.url)),
};

// Vitest loads this file too: it gets the aliases but not the Remix plugin.
const underVitest = process.env.VITEST !== undefined;

const SLOW = "**/*.slow.test.ts";
const slowTests = process.env.KOAN_SLOW_TESTS === "1";
/** Rebuilds build/ (or refuses to run, under CI) when it is older than the sources. */
const FRESH_BUILD = "tests/support/fresh-build.ts";

export default defineConfig({
  resolve: { alias },
  plugins: underVitest
    ? []
    : [
        remix({
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
          },
        }),
      ],
  optimizeDeps: { exclude: ["better-sqlite3", "kysely", "@node-rs/argon2"] },
  ssr: { external: ["better-sqlite3", "@node-rs/argon2"] },
  build: { target: "es2022" },
  test: {
    pool: "forks",
    // Vitest's default is one worker fewer than the CPUs: on a 2-core CI machine, one file at a
    // time. The files keep nothing in common (each opens its own database files and starts its
    // servers on free ports), and the HTTP files mostly wait on their servers, so two at a time.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Unit and domain tests run in-process on real SQLite files; HTTP tests talk to the built
    // server (build/server.js), checked fresh first. *.slow.test.ts (the crash and hostile-input
    // batteries) run only under `npm run test:slow`, which `npm test` runs too.
    projects: slowTests
      ? [{ extends: true, test: { name: "slow", include: [SLOW], globalSetup: [FRESH_BUILD] } }]
      : [
          {
            extends: true,
            test: {
              name: "domain",
              include: ["app/**/*.test.ts", "tests/domain/**/*.test.ts"],
              exclude: [SLOW],
            },
          },
          {
            extends: true,
            test: {
              name: "http",
              include: ["tests/http/**/*.test.ts"],
              exclude: [SLOW],
              globalSetup: [FRESH_BUILD],
            },
          },
        ],
  },
});
