/// <reference types="vitest/config" />
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { BaseSequencer, type TestSpecification } from "vitest/node";

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
/**
 * Which suites run: unset, the fast ones (`npm run test:unit`); "1", only the slow batteries
 * (`npm run test:slow`); "with", all of them in one run (`npm test`), so two workers stay busy
 * to the end instead of waiting on each run's longest file twice.
 */
const suites = process.env.KOAN_SLOW_TESTS;
/** Rebuilds build/ (or refuses to run, under CI) when it is older than the sources. */
const FRESH_BUILD = "tests/support/fresh-build.ts";
/** Then seeds the demo organisation once, for the test servers to start on copies of it. */
const DEMO_TEMPLATE = "tests/support/demo-template.ts";

/**
 * What a test file may do that changes its process for the files after it: set or delete an
 * environment variable, open the shared database a route opens from DATABASE_PATH, mock or spy
 * on a module, fake the clock.
 */
const CHANGES_THE_PROCESS =
  /vi\.(mock|spyOn|useFakeTimers|stubEnv|stubGlobal)\b|process\.env(\.\w+|\[\w+\]) = |delete process\.env|getDatabase\(|closeSharedDatabase/;

/** The domain and unit files that do, read from the files themselves: each gets a process of its own. */
function filesChangingTheProcess(): string[] {
  return ["app", "tests/domain"].flatMap((dir) =>
    fs
      .readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".test.ts") && !file.endsWith(".slow.test.ts"))
      .map((file) => path.posix.join(dir, file))
      .filter((file) => CHANGES_THE_PROCESS.test(fs.readFileSync(file, "utf8"))),
  );
}
const OWN_PROCESS = underVitest && suites !== "1" ? filesChangingTheProcess() : [];

/**
 * The slow batteries first, then the rest (longest known, or largest, first, as Vitest orders
 * them): on two workers the short files then fill in around the long ones, instead of one worker
 * idling while the other finishes a 100-second file that started last.
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = (file: TestSpecification) => file.moduleId.endsWith(".slow.test.ts");
    return [...sorted.filter(slow), ...sorted.filter((file) => !slow(file))];
  }
}

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
  // The manifest names the chunks the client entry imports: the server preloads the page's
  // language catalog from it (app/server/catalog-chunks.ts).
  build: { target: "es2022", manifest: true },
  test: {
    pool: "forks",
    // Vitest's default is one worker fewer than the CPUs: on a 2-core CI machine, one file at a
    // time. The files keep nothing in common (each opens its own database files and starts its
    // servers on free ports), and the HTTP files mostly wait on their servers, so two at a time.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Unit and domain tests run in-process on real SQLite files; HTTP tests talk to the built
    // server (build/server.js), checked fresh first. *.slow.test.ts (the crash and hostile-input
    // batteries, the 100,000-write-up bounds) run with `npm run test:slow` and in `npm test`.
    projects: [
      ...(suites === "1"
        ? []
        : [
            {
              extends: true as const,
              test: {
                name: "domain",
                include: ["app/**/*.test.ts", "tests/domain/**/*.test.ts"],
                exclude: [SLOW, ...OWN_PROCESS],
                // Each file opens database files of its own and leaves no module state behind: a
                // worker imports the app's modules once for all of them, not once per file (the
                // domain files' run went from 92 s to 54 s).
                isolate: false,
              },
            },
            {
              extends: true as const,
              test: { name: "domain-own-process", include: OWN_PROCESS },
            },
            {
              extends: true as const,
              test: {
                name: "http",
                include: ["tests/http/**/*.test.ts"],
                exclude: [SLOW],
                // These files talk to servers of their own and share no module state: a worker
                // imports the app's modules once for all of them instead of once per file.
                isolate: false,
                globalSetup: [FRESH_BUILD, DEMO_TEMPLATE],
              },
            },
          ]),
      ...(suites === "1" || suites === "with"
        ? [
            {
              extends: true as const,
              test: { name: "slow", include: [SLOW], globalSetup: [FRESH_BUILD, DEMO_TEMPLATE] },
            },
          ]
        : []),
    ],
  },
});
