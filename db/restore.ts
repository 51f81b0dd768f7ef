// `npm run restore -- <file> [--force]`: replaces the database with a backup. Refuses while the
// server is running (it holds a pid file beside the database), unless --force. The attached files
// saved beside the backup (<file>.attachments/) replace the data folder's attachments.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { attachmentsDirOf } from "./attachments-dir";
import { DEFAULT_DATABASE_PATH } from "./client";

const args = process.argv.slice(2);
const force = args.includes("--force");
const source = args.find((a) => !a.startsWith("--"));
if (!source) {
  console.error("Usage: npm run restore -- <backup file> [--force]");
  process.exit(2);
}
const target = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;

function runningServer(): number | null {
  const pidFile = `${target}.pid`;
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

const pid = runningServer();
if (pid !== null && !force) {
  console.error(
    `Koan is running (pid ${pid}) on ${target}: stop it first, or add --force if you are sure.`,
  );
  process.exit(1);
}
if (!fs.existsSync(source)) {
  console.error(`No backup at ${source}.`);
  process.exit(1);
}
// Check the backup before touching anything.
const backup = new SQLite(source, { readonly: true, fileMustExist: true });
const integrity = backup.pragma("integrity_check", { simple: true });
const migrated = backup
  .prepare("select count(*) as n from sqlite_master where name = 'kysely_migration'")
  .get() as { n: number };
if (integrity !== "ok" || migrated.n !== 1) {
  console.error(
    `${source} is not a healthy Koan database (integrity: ${String(integrity)}); nothing was changed.`,
  );
  process.exit(1);
}
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
await backup.backup(target);
backup.close();
const savedFiles = `${source}.attachments`;
if (fs.existsSync(savedFiles)) {
  const attachments = attachmentsDirOf(target);
  fs.rmSync(attachments, { recursive: true, force: true });
  fs.mkdirSync(attachments, { recursive: true });
  for (const name of fs.readdirSync(savedFiles))
    fs.copyFileSync(path.join(savedFiles, name), path.join(attachments, name));
}
console.warn(
  `Restored ${target} from ${source}. Start Koan again; migrations newer than the backup run at start.`,
);
