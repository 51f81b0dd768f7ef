// The framework floor of the page benchmark: a bare Remix app (tests/bench/bare-remix/) of
// Koan's own Remix, React, Vite and Express versions, served by Express and @remix-run/express
// with no middleware at all. It has a resource route (/ping), a page with one heading (/heading)
// and a page of 50 rows shaped like the ticket queue's (/rows). Built with the Remix Vite build
// into tests/bench/bare-remix/build (git-ignored), from the root's node_modules.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";

const DIR = path.resolve("tests/bench/bare-remix");

/** Builds the bare app (about 10 s); Koan's build/ is left alone. */
export function buildBareRemix(): void {
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
    env: { PATH: process.env.PATH, NODE_ENV: "production" },
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
