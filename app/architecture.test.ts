import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The import order of app/, as the README draws it:
//   routes (and root.tsx, entry.*, server/) → ui → mentoring → knowledge → tickets → auth → lib → db
// A file may import its own layer or any layer to its right, never one to its left, and no file
// may reach itself again through its imports. Each failure names the offending import.

const ROOT = path.resolve(import.meta.dirname, "..");
const APP = path.join(ROOT, "app");

const LAYERS = ["routes", "ui", "mentoring", "knowledge", "tickets", "auth", "lib", "db"] as const;
type Layer = (typeof LAYERS)[number];
const DOMAINS: readonly Layer[] = ["mentoring", "knowledge", "tickets", "auth"];

/** Files of app/ that belong to no layer (this test). */
const OUTSIDE_LAYERS = new Set(["app/architecture.test.ts"]);

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

function layerOf(file: string): Layer | null {
  const r = rel(file);
  if (r.startsWith("db/")) return "db";
  if (!r.startsWith("app/")) return null;
  const [top] = r.slice("app/".length).split("/");
  if (top === "routes" || top === "server") return "routes";
  if (/^(root|entry\.(server|client))\.tsx?$/.test(top ?? "")) return "routes";
  return (LAYERS as readonly string[]).includes(top ?? "") ? (top as Layer) : null;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The file an import names, or null for a package (react, zod, kysely…). */
function resolveImport(from: string, specifier: string): string | null {
  const bare = specifier.replace(/\?.*$/, "");
  let base: string;
  if (bare.startsWith("~/")) base = path.join(APP, bare.slice(2));
  else if (bare.startsWith("#db/")) base = path.join(ROOT, "db", bare.slice(4));
  else if (bare.startsWith(".")) base = path.resolve(path.dirname(from), bare);
  else return null;
  const candidates = [
    base,
    ...[".ts", ".tsx", ".mts", ".js"].map((ext) => base + ext),
    ...["index.ts", "index.tsx"].map((index) => path.join(base, index)),
  ];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!found) throw new Error(`${rel(from)} imports "${specifier}", which is not a file`);
  return found;
}

interface Edge {
  from: string;
  to: string | null;
  specifier: string;
}

function importsOf(file: string): Edge[] {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map(({ fileName }) => ({
    from: file,
    to: resolveImport(file, fileName),
    specifier: fileName,
  }));
}

const describeEdge = (e: Edge) => `${rel(e.from)} → ${e.to ? rel(e.to) : e.specifier}`;

/** Why an import breaks the order, or null when it is allowed. */
export function orderViolation(edge: Edge): string | null {
  const fromLayer = layerOf(edge.from);
  if (!fromLayer) return null;
  const isRouteFile =
    rel(edge.from).startsWith("app/") && !rel(edge.from).startsWith("app/server/");
  if (edge.to === null) {
    if (fromLayer === "routes" && isRouteFile && edge.specifier === "kysely")
      return "a route queries the database itself: call a domain (or app/lib) function";
    return null;
  }
  if (!/\.(ts|tsx|mts|js)$/.test(edge.to)) return null; // a stylesheet or another asset
  const toLayer = layerOf(edge.to);
  if (!toLayer) {
    // Outside app/ and db/ (the demo seed): only the server's start-up may reach it.
    return fromLayer === "routes" && rel(edge.from).startsWith("app/server/")
      ? null
      : "app/ imports a file outside app/ and db/";
  }
  if (toLayer === "db") {
    if (fromLayer === "routes" && isRouteFile)
      return "a route imports db/ directly: re-export from the domain or app/lib that owns it";
    if (fromLayer === "ui" && rel(edge.to) !== "db/schema.ts")
      return "ui may import only db/schema's types and constants";
    return null;
  }
  if (fromLayer === "ui" && DOMAINS.includes(toLayer) && /\.server\.tsx?$/.test(edge.to))
    return "ui imports a server module: only a domain's pure modules (labels, templates…)";
  if (LAYERS.indexOf(toLayer) < LAYERS.indexOf(fromLayer))
    return `${fromLayer} imports ${toLayer}, which comes before it in the order`;
  return null;
}

/** Every import circle among the files (Tarjan's strongly connected components). */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) found.push(component.reverse());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** One path around a circle, for the message: a → b → … → a. */
function cyclePath(graph: Map<string, string[]>, members: string[]): string {
  const inside = new Set(members);
  const start = members[0] as string;
  const seen = new Set<string>();
  const walk = (node: string, trail: string[]): string[] | null => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) return [...trail, next];
      if (!inside.has(next) || seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return null;
  };
  return (walk(start, [start]) ?? members).map(rel).join(" → ");
}

const files = sourceFiles(APP).filter((f) => !OUTSIDE_LAYERS.has(rel(f)));
const edges = files.flatMap(importsOf);

describe("app/ imports follow the order", () => {
  it("puts every file of app/ in a layer", () => {
    expect(files.filter((f) => layerOf(f) === null).map(rel)).toEqual([]);
  });

  it("has no import circle among app files", () => {
    const graph = new Map<string, string[]>(files.map((f) => [f, []]));
    for (const e of edges) if (e.to && graph.has(e.to)) graph.get(e.from)?.push(e.to);
    expect(circles(graph).map((members) => cyclePath(graph, members))).toEqual([]);
  });

  it("imports only rightwards: routes → ui → mentoring → knowledge → tickets → auth → lib → db", () => {
    const broken = edges.flatMap((e) => {
      const why = orderViolation(e);
      return why ? [`${describeEdge(e)}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it("catches a bad import (the rule itself)", () => {
    const edge = (from: string, to: string | null, specifier = "") => ({
      from: path.join(ROOT, from),
      to: to === null ? null : path.join(ROOT, to),
      specifier,
    });
    expect(orderViolation(edge("app/tickets/a.server.ts", "app/mentoring/b.server.ts"))).toMatch(
      /tickets imports mentoring/,
    );
    expect(orderViolation(edge("app/lib/a.ts", "app/auth/b.server.ts"))).toMatch(
      /lib imports auth/,
    );
    expect(orderViolation(edge("app/routes/x.tsx", "db/schema.ts"))).toMatch(/route imports db/);
    expect(orderViolation(edge("app/routes/x.tsx", null, "kysely"))).toMatch(/route queries/);
    expect(orderViolation(edge("app/ui/x.tsx", "app/tickets/tickets.server.ts"))).toMatch(
      /server module/,
    );
    expect(orderViolation(edge("app/mentoring/a.ts", "app/knowledge/b.server.ts"))).toBeNull();
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["a"]],
      ["c", ["a"]],
    ]);
    expect(circles(graph)).toEqual([["a", "b"]]);
  });
});

/** Issue 10's "~600": a module past this holds more than one subsystem and is split along them. */
const MAX_LINES = 600;
/**
 * Issue 10's "~300" for a route: past it, a route holds UI or rules of its own. Its sections go to
 * app/ui/ (a page's parts file) and its rules to the domain, leaving loader, action and layout.
 */
const MAX_ROUTE_LINES = 300;

/** The files of app/ (tests left out) longer than `max` lines, as "file: N lines". */
function longerThan(max: number, only: (file: string) => boolean = () => true) {
  return files
    .filter((f) => !/\.test\.tsx?$/.test(f) && only(rel(f)))
    .map((f) => ({ file: rel(f), lines: fs.readFileSync(f, "utf8").split("\n").length - 1 }))
    .filter((f) => f.lines > max)
    .map((f) => `${f.file}: ${f.lines} lines`);
}

describe("app/ modules stay small enough to read", () => {
  it(`keeps every source file of app/ at ${MAX_LINES} lines or fewer`, () => {
    expect(longerThan(MAX_LINES)).toEqual([]);
  });

  it(`keeps every route file at ${MAX_ROUTE_LINES} lines or fewer`, () => {
    expect(longerThan(MAX_ROUTE_LINES, (f) => f.startsWith("app/routes/"))).toEqual([]);
  });
});

/**
 * Route files with a page and an action that do not export an ErrorBoundary. A form sent without
 * scripts and refused (a 403 after a role change) is caught by the nearest boundary, and Remix runs
 * only the loaders above it: the root's boundary meant no root loader, so the refused page came
 * without Koan's header and navigation. `RouteErrorBoundary` (app/ui/error-page.tsx) catches it
 * below the root.
 */
function pagesWithActionAndNoBoundary(): string[] {
  return files
    .filter((f) => rel(f).startsWith("app/routes/") && !/\.test\.tsx?$/.test(f))
    .filter((f) => {
      const source = fs.readFileSync(f, "utf8");
      return (
        /export (async function|const) action\b/.test(source) &&
        /export default\b/.test(source) &&
        !/export (function ErrorBoundary\b|\{[^}]*\bas ErrorBoundary\b[^}]*\})/.test(source)
      );
    })
    .map(rel);
}

describe("a refused form keeps the page's shell", () => {
  it("gives every route with a page and an action its own ErrorBoundary", () => {
    expect(pagesWithActionAndNoBoundary()).toEqual([]);
  });
});
