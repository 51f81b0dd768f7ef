// Client JavaScript a first visit to each page downloads: the Remix manifest, the entry, the root
// and the page's route module with every chunk they import, and the language catalog the entry
// waits for before hydrating (English; Korean's size is reported beside it), each gzipped (level
// 6, as the server's compression does), from the build's own manifests. Also checks that no
// markdown parser or HTML sanitiser reached the client.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { catalogChunks } from "~/server/catalog-chunks";

interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
}
interface RemixManifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

export interface PageScripts {
  route: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

export interface ClientJsReport {
  manifest: string;
  pages: PageScripts[];
  /** What every page loads: manifest, entry and root, with their imports, and the catalog. */
  shared: PageScripts;
  /** Each language's catalog (one of them is part of every first visit). */
  catalogs: { locale: string; gzipBytes: number }[];
  serverOnlyLibraries: { name: string; foundIn: string[] }[];
}

/** Strings only these libraries' code carries; none may appear in a client chunk. */
const SERVER_ONLY = [
  {
    name: "marked",
    marks: ["marked(): input parameter is", "Please report this to https://github.com/markedjs"],
  },
  { name: "sanitize-html", marks: ["allowedSchemesAppliedToAttributes", "nonTextTags"] },
  { name: "zod", marks: ["ZodError", "invalid_type"] },
  { name: "better-sqlite3 / kysely", marks: ["better-sqlite3", "SqliteDialect"] },
];

export function clientJsReport(clientDir = path.resolve("build/client")): ClientJsReport {
  const assets = path.join(clientDir, "assets");
  const manifestFile = fs.readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f));
  if (!manifestFile) throw new Error(`no Remix manifest in ${assets}: run \`npm run build\``);
  const manifestText = fs.readFileSync(path.join(assets, manifestFile), "utf8");
  const manifest = JSON.parse(
    manifestText.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, ""),
  ) as RemixManifest;

  const sizes = new Map<string, { raw: number; gzip: number }>();
  const measure = (url: string) => {
    let size = sizes.get(url);
    if (!size) {
      const bytes = fs.readFileSync(path.join(clientDir, url));
      size = { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 6 }).length };
      sizes.set(url, size);
    }
    return size;
  };
  const sum = (route: string, urls: Set<string>): PageScripts => {
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const url of urls) {
      const size = measure(url);
      rawBytes += size.raw;
      gzipBytes += size.gzip;
    }
    return { route, files: urls.size, rawBytes, gzipBytes };
  };
  const catalogFiles = catalogChunks(path.dirname(clientDir));
  const sharedUrls = new Set([
    `/assets/${manifestFile}`,
    manifest.entry.module,
    ...manifest.entry.imports,
  ]);
  if (!catalogFiles.en) throw new Error("the client build names no English catalog chunk");
  sharedUrls.add(catalogFiles.en);
  const chain = (id: string): ManifestRoute[] => {
    const route = manifest.routes[id];
    if (!route) return [];
    return [...(route.parentId ? chain(route.parentId) : []), route];
  };
  for (const route of chain("root"))
    for (const url of [route.module, ...(route.imports ?? [])]) sharedUrls.add(url);

  const pages = Object.values(manifest.routes)
    .filter((r) => r.id !== "root")
    .map((r) => {
      const urls = new Set(sharedUrls);
      for (const route of chain(r.id))
        for (const url of [route.module, ...(route.imports ?? [])]) urls.add(url);
      return sum(r.id, urls);
    })
    // Resource routes have empty client modules; the client never loads them.
    .filter((p) => {
      const route = manifest.routes[p.route];
      return route ? measure(route.module).raw > 64 : false;
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);

  const chunks = fs.readdirSync(assets).filter((f) => f.endsWith(".js"));
  const serverOnlyLibraries = SERVER_ONLY.map(({ name, marks }) => ({
    name,
    foundIn: chunks.filter((f) => {
      const text = fs.readFileSync(path.join(assets, f), "utf8");
      return marks.some((m) => text.includes(m));
    }),
  }));
  const catalogs = Object.entries(catalogFiles).map(([locale, url]) => ({
    locale,
    gzipBytes: measure(url).gzip,
  }));
  return {
    manifest: manifestFile,
    pages,
    shared: sum("shared", sharedUrls),
    catalogs,
    serverOnlyLibraries,
  };
}
