import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Server-only libraries stay on the server: validation (zod), Markdown (marked) and its sanitiser
// run in loaders and actions only. A page component that imports a module using them (even for
// one constant) drags the whole library into that page's browser bundle; this catches it.
// (The stale-build guard has just rebuilt build/ from the sources when needed.)

const ASSETS = path.resolve("build/client/assets");

/** A string each library's own code carries even when minified. */
const SERVER_ONLY: [library: string, marker: string][] = [
  ["zod", "ZodError"],
  ["marked", "input parameter is undefined or null"],
  ["sanitize-html", "allowedTags"],
];

describe("client bundle", () => {
  const files = fs.readdirSync(ASSETS).filter((name) => name.endsWith(".js"));

  it("has page bundles to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const [library, marker] of SERVER_ONLY) {
    it(`carries no ${library}`, () => {
      const carrying = files.filter((name) =>
        fs.readFileSync(path.join(ASSETS, name), "utf8").includes(marker),
      );
      expect(carrying).toEqual([]);
    });
  }
});
