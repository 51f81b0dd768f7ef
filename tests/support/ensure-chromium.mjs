// Makes sure what the browser tests need is installed before Playwright runs: Debian's Chromium at
// /usr/bin/chromium, and a Korean font (fonts-noto-cjk), without which Korean pages render as boxes
// in screenshots. As root on a Debian-like machine it installs what is missing (one time);
// otherwise it says in one line what to install.
//
// Debian's chromium-headless-shell (the same Chromium built without its desktop shell) is what
// Playwright itself runs headless tests in: on the whole end-to-end run it took half of the full
// browser's CPU, and the run 5.5 instead of 8.8 minutes. It is optional: as root it is installed
// when missing; when it cannot be, the tests run in the full Chromium and say so in one line.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
const CJK_FONT_DIR = "/usr/share/fonts/opentype/noto";
/** For the optional shell: a mirror that does not answer is given up quickly, not waited on. */
const QUICK_GIVE_UP =
  "-o Acquire::http::Timeout=20 -o Acquire::https::Timeout=20 -o Acquire::Retries=0";

function hasKoreanFont() {
  try {
    return execSync("fc-list :lang=ko family", { encoding: "utf8" }).trim().length > 0;
  } catch {
    return existsSync(`${CJK_FONT_DIR}/NotoSansCJK-Regular.ttc`);
  }
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
const install = (packages) =>
  `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(" ")}`;

const missing = [];
if (!existsSync(CHROMIUM)) missing.push("chromium");
if (!hasKoreanFont()) missing.push("fonts-noto-cjk");

if (missing.length > 0) {
  if (!isRoot || !hasApt) {
    console.error(
      `Browser tests need ${missing.join(" and ")}: install with \`sudo apt-get install -y ${missing.join(" ")}\`, then run npm test again.`,
    );
    process.exit(1);
  }
  console.warn(`Installing Debian's ${missing.join(" and ")} for the browser tests (one time)…`);
  execSync(`apt-get update -qq && ${install(missing)}`, { stdio: "inherit" });
}

if (!existsSync(HEADLESS_SHELL)) {
  const hint = "install it with `sudo apt-get install -y chromium-headless-shell`";
  if (!isRoot || !hasApt) {
    console.warn(
      `Browser tests run in the full Chromium; they take half the time in the headless shell: ${hint}.`,
    );
  } else {
    console.warn("Installing Debian's chromium-headless-shell for the browser tests (one time)…");
    // The package lists that installed Chromium usually know the shell too; fetch them only if not.
    const shell = `${install(["chromium-headless-shell"])} ${QUICK_GIVE_UP}`;
    for (const command of [shell, `apt-get update -qq ${QUICK_GIVE_UP} && ${shell}`]) {
      if (existsSync(HEADLESS_SHELL)) break;
      try {
        execSync(command, { stdio: "inherit" });
      } catch {
        // Tried again with fresh lists, or given up below.
      }
    }
    if (!existsSync(HEADLESS_SHELL)) {
      console.warn(
        `Browser tests run in the full Chromium: the headless shell could not be installed (${hint}).`,
      );
    }
  }
}
