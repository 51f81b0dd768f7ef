#!/usr/bin/env node
// Runs npm scripts side by side (`node tests/support/together.mjs typecheck lint build`), each
// one's output held back and printed whole when it ends, so the log reads as if they ran in turn.
// Exits non-zero, naming the scripts, when any of them failed. `npm test` uses it for the checks
// that need nothing from each other: on two cores the typecheck and the build overlap.
import { spawn } from "node:child_process";

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  process.stderr.write("usage: node tests/support/together.mjs <npm script>...\n");
  process.exit(2);
}

function run(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn("npm", ["run", "--silent", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
    });
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("close", (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const status = code === 0 ? "passed" : `FAILED (${code ?? signal})`;
      process.stdout.write(`\n── npm run ${script}: ${status} in ${seconds} s ──\n`);
      process.stdout.write(Buffer.concat(chunks));
      resolve({ script, ok: code === 0 });
    });
  });
}

const results = await Promise.all(scripts.map(run));
const failed = results.filter((result) => !result.ok).map((result) => result.script);
if (failed.length) {
  process.stderr.write(`\nFailed: ${failed.map((script) => `npm run ${script}`).join(", ")}\n`);
  process.exit(1);
}
