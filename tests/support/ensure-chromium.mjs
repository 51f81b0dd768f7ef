// Makes sure Debian's Chromium is at /usr/bin/chromium before Playwright runs: installs it when
// running as root on a Debian-like machine, otherwise says in one line what to install.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    console.error(
      `Chromium is missing at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\`, then run npm test again.`,
    );
    process.exit(1);
  }
  console.warn("Chromium is missing: installing Debian's chromium package (one time)…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", {
    stdio: "inherit",
  });
}
