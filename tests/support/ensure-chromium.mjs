// Makes sure what the browser tests need is installed before Playwright runs: Debian's Chromium at
// /usr/bin/chromium, and a Korean font (fonts-noto-cjk), without which Korean pages render as boxes
// in screenshots. As root on a Debian-like machine it installs what is missing (one time);
// otherwise it says in one line what to install.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
const CJK_FONT_DIR = "/usr/share/fonts/opentype/noto";

function hasKoreanFont() {
  try {
    return execSync("fc-list :lang=ko family", { encoding: "utf8" }).trim().length > 0;
  } catch {
    return existsSync(`${CJK_FONT_DIR}/NotoSansCJK-Regular.ttc`);
  }
}

const missing = [];
if (!existsSync(CHROMIUM)) missing.push("chromium");
if (!hasKoreanFont()) missing.push("fonts-noto-cjk");

if (missing.length > 0) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    console.error(
      `Browser tests need ${missing.join(" and ")}: install with \`sudo apt-get install -y ${missing.join(" ")}\`, then run npm test again.`,
    );
    process.exit(1);
  }
  console.warn(`Installing Debian's ${missing.join(" and ")} for the browser tests (one time)…`);
  execSync(
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(" ")}`,
    { stdio: "inherit" },
  );
}
