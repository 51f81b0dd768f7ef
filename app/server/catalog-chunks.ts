import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isLocale, type Locale } from "~/lib/i18n/locales";

// The browser's entry downloads the page's language catalog before it hydrates (entry.client.tsx).
// Found only once the entry has run, that download came after every other script, one round trip
// later; the page's head names it (rel=modulepreload), so it downloads beside them. Its file is
// found in Vite's manifest of the client build (vite.config.ts keeps it; Remix moves it to
// build/.vite/client-manifest.json, outside the served files): the chunk of each language's module
// the entry imports.

/** Where each language's catalog chunk is served; empty without a client build (vite:dev). */
export type CatalogChunks = Partial<Record<Locale, string>>;

/** What is read of Vite's manifest: each chunk's file and the modules it imports on demand. */
const viteManifest = z.record(
  z.string(),
  z.object({ file: z.string(), dynamicImports: z.array(z.string()).optional() }),
);

const CATALOG = /(?:^|\/)app\/lib\/i18n\/messages\/([a-z]+)\.ts$/;

/** The catalog chunks the client entry imports, from the Vite manifest of the build in `buildDir`. */
export function catalogChunks(buildDir: string): CatalogChunks {
  const file = path.join(buildDir, ".vite", "client-manifest.json");
  let manifest: z.infer<typeof viteManifest>;
  try {
    manifest = viteManifest.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    // No client build (vite:dev), or a manifest not readable: pages load without the hint.
    return {};
  }
  const entry = Object.entries(manifest).find(([key]) => key.endsWith("entry.client.tsx"))?.[1];
  const chunks: CatalogChunks = {};
  for (const key of entry?.dynamicImports ?? []) {
    const locale = key.match(CATALOG)?.[1];
    const chunk = manifest[key];
    if (locale && isLocale(locale) && chunk) chunks[locale] = `/${chunk.file}`;
  }
  return chunks;
}
