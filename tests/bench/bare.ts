// The framework floor of the page benchmark: a bare Remix app (tests/bench/bare-remix/) of
// Koan's own Remix, React, Vite and Express versions, served by Express and @remix-run/express
// with no middleware at all. It has a resource route (/ping), a page with one heading (/heading)
// and a page of 50 rows shaped like the ticket queue's (/rows). Built with the Remix Vite build
// into tests/bench/bare-remix/build (git-ignored), from the root's node_modules.
//
// BARE_ROUTES=koan builds and serves the same app with Koan's route table instead (written into
// tests/bench/bare-remix/koan-routes/, git-ignored): one stub page per file of app/routes, the
// three pages above under the same names. Remix matches every request against the whole route
// table several times (server, router, lazy route discovery), so the route count alone moves the
// floor: a page of the bare app with 45 routes answered 237–298 req/s where the 4-route app's
// answered 585 (README, design decisions).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const DIR = path.resolve("tests/bench/bare-remix");
const KOAN_ROUTES = process.env.BARE_ROUTES === "koan";

/** The bare app's own files, and one stub page per Koan route file: Koan's route table. */
function writeKoanRouteTable(): void {
  const app = path.join(DIR, "koan-routes", "app");
  fs.rmSync(path.join(DIR, "koan-routes"), { recursive: true, force: true });
  fs.cpSync(path.join(DIR, "app"), app, { recursive: true });
  const own = new Set(
    fs.readdirSync(path.join(app, "routes")).map((f) => f.replace(/\.tsx?$/, "")),
  );
  for (const file of fs.readdirSync(path.resolve("app/routes"))) {
    const name = file.replace(/\.tsx?$/, "");
    if (!/\.tsx?$/.test(file) || file.includes(".test.") || own.has(name)) continue;
    // Koan's minimal page sits at /bench/floor: its stub is the bare minimal page itself.
    const body =
      name === "bench.floor"
        ? fs.readFileSync(path.join(app, "routes", "heading.tsx"), "utf8")
        : `export function loader() {\n  return { name: ${JSON.stringify(name)} };\n}\n\nexport default function Stub() {\n  return <p>${name}</p>;\n}\n`;
    fs.writeFileSync(path.join(app, "routes", `${name}.tsx`), body);
  }
}

/** Builds the bare app (about 10 s); Koan's build/ is left alone. */
export function buildBareRemix(): void {
  if (KOAN_ROUTES) writeKoanRouteTable();
  const result = spawnSync(
    process.execPath,
    [
      path.resolve("node_modules/@remix-run/dev/dist/cli.js"),
      "vite:build",
      "--config",
      path.join(DIR, "vite.config.ts"),
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (result.status !== 0)
    throw new Error(`building the bare Remix app failed with ${result.status ?? result.signal}`);
}

/** Starts the bare app's server on a free loopback port. */
export async function startBareRemix(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(DIR, "server.mjs")], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      ...(KOAN_ROUTES ? { BARE_ROUTES: "koan" } : {}),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let said = "";
    child.stdout?.on("data", (chunk) => {
      said += chunk;
      const match = said.match(/"port":(\d+)/);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the bare Remix server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}
