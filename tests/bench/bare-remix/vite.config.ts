import { fileURLToPath } from "node:url";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

// The bare Remix app of the page benchmark (see README.md here): Koan's Remix and Vite versions
// and future flags, nothing of Koan's. Built by tests/bench/bare.ts into ./build (git-ignored).
// Remix reads the root's package.json (for its server runtime), so the root stays Koan's; the
// bare app has no package.json and no install of its own.
const root = fileURLToPath(new URL("../../..", import.meta.url));
// BARE_ROUTES=koan: the same app with Koan's route table (tests/bench/bare.ts writes it).
const variant = process.env.BARE_ROUTES === "koan" ? "koan-routes/" : "";

export default defineConfig({
  root,
  publicDir: false,
  plugins: [
    remix({
      appDirectory: `tests/bench/bare-remix/${variant}app`,
      buildDirectory: `tests/bench/bare-remix/${variant}build`,
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  build: { target: "es2022" },
  logLevel: "warn",
});
