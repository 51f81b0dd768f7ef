// `npm run backup -- <file>`: a consistent copy of the live database (SQLite's online backup API),
// safe while the server runs, and the attached files beside it (<file>.attachments/).
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { attachmentsDirOf } from "./attachments-dir";
import { DEFAULT_DATABASE_PATH } from "./client";

const target = process.argv[2];
if (!target) {
  console.error(
    "Usage: npm run backup -- <file>   (for example: npm run backup -- backups/koan-2026-11-25.db)",
  );
  process.exit(2);
}
const source = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
if (!fs.existsSync(source)) {
  console.error(`No database at ${source}: set DATABASE_PATH to the file to back up.`);
  process.exit(1);
}
if (fs.existsSync(target)) {
  console.error(`${target} already exists: choose a new file name, so no backup is overwritten.`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
const db = new SQLite(source, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const started = Date.now();
await db.backup(target);
db.close();
// Files are written before their row, so every row in the copy has its file here.
const attachments = attachmentsDirOf(source);
const attachmentsCopy = `${target}.attachments`;
let files = 0;
if (fs.existsSync(attachments)) {
  fs.mkdirSync(attachmentsCopy, { recursive: true });
  for (const name of fs.readdirSync(attachments)) {
    if (name.endsWith(".part")) continue;
    fs.copyFileSync(path.join(attachments, name), path.join(attachmentsCopy, name));
    files++;
  }
}
const bytes = fs.statSync(target).size;
console.warn(
  `Backed up ${source} to ${target} (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${Date.now() - started} ms${files ? `, and ${files} attached files to ${attachmentsCopy}` : ""}.`,
);
