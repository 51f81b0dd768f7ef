import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { catalogChunks } from "./catalog-chunks";

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function buildWith(manifest: unknown): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "koan-catalogs-"));
  fs.mkdirSync(path.join(dir, ".vite"));
  fs.writeFileSync(path.join(dir, ".vite", "client-manifest.json"), JSON.stringify(manifest));
  return dir;
}

describe("catalogChunks", () => {
  it("names each language's chunk the client entry imports", () => {
    const build = buildWith({
      "app/entry.client.tsx": {
        file: "assets/entry.client-a1.js",
        isEntry: true,
        dynamicImports: ["app/lib/i18n/messages/ko.ts", "app/lib/i18n/messages/en.ts"],
      },
      "app/lib/i18n/messages/ko.ts": { file: "assets/ko-b2.js", isDynamicEntry: true },
      "app/lib/i18n/messages/en.ts": { file: "assets/en-c3.js", isDynamicEntry: true },
      "app/routes/kb._index.tsx": { file: "assets/kb._index-d4.js" },
    });
    expect(catalogChunks(build)).toEqual({ ko: "/assets/ko-b2.js", en: "/assets/en-c3.js" });
  });

  it("names none without a readable manifest (remix vite:dev), or for a language Koan lacks", () => {
    expect(catalogChunks(path.join(os.tmpdir(), "koan-no-build-here"))).toEqual({});
    const build = buildWith({
      "app/entry.client.tsx": {
        file: "assets/entry.client-a1.js",
        dynamicImports: ["app/lib/i18n/messages/fr.ts"],
      },
      "app/lib/i18n/messages/fr.ts": { file: "assets/fr-e5.js" },
    });
    expect(catalogChunks(build)).toEqual({});
    fs.writeFileSync(path.join(build, ".vite", "client-manifest.json"), "{ not json");
    expect(catalogChunks(build)).toEqual({});
  });
});
