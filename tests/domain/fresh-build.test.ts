import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/db";
import { staleBuild } from "../support/fresh-build";

// The HTTP tests' guard against testing yesterday's build (tests/support/fresh-build.ts), on a
// folder shaped like the repository.

const root = tempDir("koan-fresh-build-");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(file: string, secondsAgo: number) {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, "");
  const when = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(full, when, when);
}

describe("a build", () => {
  it("is stale when app code or the Remix options in vite.config.ts changed after it", () => {
    write("app/root.tsx", 300);
    write("vite.config.ts", 300);
    fs.utimesSync(path.join(root, "app"), new Date(0), new Date(0));
    for (const file of ["build/server/index.js", "build/server.js", "build/markdown-worker.js"])
      write(file, 200);
    expect(staleBuild(root)).toBeNull();
    // A future flag changed (route discovery, say): the pages are built differently.
    write("vite.config.ts", 100);
    expect(staleBuild(root)).toBe("build/ is older than vite.config.ts");
    write("vite.config.ts", 300);
    write("app/root.tsx", 100);
    expect(staleBuild(root)).toBe(`build/ is older than ${path.join("app", "root.tsx")}`);
  });
});
