import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Vitest's globalSetup for the HTTP tests, which run the built server: a build older than the
// sources would test yesterday's code. Outside CI a stale build is rebuilt (`npm run build`);
// under CI=true, where `npm test` has just built, a stale build is refused.

const SOURCES = ["app", "db", "seeds", "public"];
/** Files outside those folders that change what `npm run build` writes (the Remix options). */
const SOURCE_FILES = ["vite.config.ts"];
/**
 * What `npm run build` writes last: the Remix server build, then the bundled server and the
 * worker thread long Markdown is rendered in.
 */
const OUTPUTS = ["build/server/index.js", "build/server.js", "build/markdown-worker.js"];

function newestSource(root: string): { file: string; mtimeMs: number } {
  let newest = { file: "", mtimeMs: 0 };
  for (const name of SOURCE_FILES) {
    const file = path.join(root, name);
    if (!fs.existsSync(file)) continue;
    const { mtimeMs } = fs.statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file: name, mtimeMs };
  }
  for (const dir of SOURCES) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    // Folders count too: deleting or adding a file changes its folder's time.
    for (const entry of fs.readdirSync(path.join(root, dir), {
      recursive: true,
      encoding: "utf8",
    })) {
      const file = path.join(dir, entry);
      const { mtimeMs } = fs.statSync(path.join(root, file));
      if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
    }
  }
  return newest;
}

/** Why build/ can't be trusted, or null when it is newer than every source file. */
export function staleBuild(root = "."): string | null {
  const missing = OUTPUTS.find((file) => !fs.existsSync(path.join(root, file)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((file) => fs.statSync(path.join(root, file)).mtimeMs));
  const source = newestSource(root);
  return source.mtimeMs > built ? `build/ is older than ${source.file}` : null;
}

/**
 * One line, what is wrong and what to run, and stop: a thrown error would come with a stack and
 * Vitest's "No test files found" around it.
 */
function refuse(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

export default function setup() {
  const stale = staleBuild();
  if (!stale) return;
  if (process.env.CI === "true") {
    refuse(`HTTP tests refused: ${stale}. Run \`npm run build\` first.`);
  }
  process.stderr.write(`${stale}: running \`npm run build\` before the HTTP tests…\n`);
  // Without Vitest's variables: vite.config.ts leaves the Remix plugin out under Vitest.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(VITEST|TEST$|NODE_ENV$)/.test(key)) delete env[key];
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit", env });
  if (build.status !== 0) refuse(`HTTP tests refused: \`npm run build\` failed (${stale}).`);
  const still = staleBuild();
  if (still) refuse(`HTTP tests refused: ${still} even after \`npm run build\`.`);
}
