import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { attachmentsDirOf } from "#db/attachments-dir";
import { DEFAULT_DATABASE_PATH } from "#db/client";
import { showsSomething, withoutBidiControls } from "./invisible";
import { decodeCp949 } from "./text-pieces";

// The bytes of attachments, as files under the data folder (data/attachments/<key>), and what
// they are: the type comes from the bytes, never from the name or the browser's word for it.

export { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES_PER_USER } from "./attachment-limits";

export type AttachmentKind = "image" | "log";

export interface SniffedType {
  kind: AttachmentKind;
  contentType: string;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const IMAGES: { contentType: string; matches: (b: Uint8Array) => boolean }[] = [
  {
    contentType: "image/png",
    matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { contentType: "image/jpeg", matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    contentType: "image/gif",
    matches: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")),
  },
  {
    contentType: "image/webp",
    matches: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8),
  },
];

const LOG_NAME = /\.(log|txt)$/i;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Control characters a log has no business holding (tab, newlines, form feed, escape aside). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const BINARY = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f]/;

/**
 * What a file is, from its bytes: a PNG, JPEG, GIF or WebP image by its signature, or a text log
 * (named .log or .txt, without NUL bytes): UTF-8, or a log Korean Windows wrote in its code page
 * 949, served as such (the browser's "euc-kr" is code page 949). Anything else (SVG, HTML, PDF,
 * a zip, an HTML page named .png) is null.
 */
export function sniffAttachment(fileName: string, bytes: Uint8Array): SniffedType | null {
  const image = IMAGES.find((i) => i.matches(bytes));
  if (image) return { kind: "image", contentType: image.contentType };
  if (!LOG_NAME.test(fileName) || bytes.includes(0)) return null;
  try {
    utf8.decode(bytes);
    return { kind: "log", contentType: "text/plain; charset=utf-8" };
  } catch {
    const korean = decodeCp949(bytes);
    return korean !== null && !BINARY.test(korean)
      ? { kind: "log", contentType: "text/plain; charset=euc-kr" }
      : null;
  }
}

const MAX_NAME_LENGTH = 120;

/**
 * The name to keep and offer back: the last path segment, without control characters or
 * characters that mean something in a header, at most 120 characters. Korean stays Korean.
 */
export function cleanFileName(name: string, fallback = "attachment"): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  const cleaned = withoutBidiControls(last)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .normalize("NFC");
  const characters = [...cleaned];
  // Shortened, the name keeps its extension: "aaaa….png", not 120 a's and no type.
  const extension = /\.[\p{L}\p{N}]{1,10}$/u.exec(cleaned)?.[0] ?? "";
  const short =
    characters.length <= MAX_NAME_LENGTH
      ? cleaned
      : characters
          .slice(0, MAX_NAME_LENGTH - [...extension].length)
          .join("")
          .trimEnd() + extension;
  return short && short !== "." && short !== ".." && showsSomething(short) ? short : fallback;
}

/**
 * `inline` or `attachment`, with an ASCII stand-in for old clients and the real name as
 * RFC 5987 `filename*=UTF-8''…` (Korean names arrive intact).
 */
export function contentDisposition(kind: AttachmentKind, fileName: string): string {
  const disposition = kind === "image" ? "inline" : "attachment";
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Where the files are kept. Tests give their own folder; the app uses the one beside the database. */
export interface AttachmentStore {
  dir: string;
}

export function appAttachmentStore(): AttachmentStore {
  return { dir: attachmentsDirOf(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH) };
}

const KEY = /^[A-Za-z0-9_-]{22}$/;

/** A fresh random key (128 bits, URL-safe): the file's name and its address. */
export function newStorageKey(): string {
  return randomBytes(16).toString("base64url");
}

export const isStorageKey = (key: string) => KEY.test(key);

function fileOf(store: AttachmentStore, key: string): string {
  if (!isStorageKey(key)) throw new Error(`not an attachment key: ${key}`);
  return path.join(store.dir, key);
}

/** Writes the file (to a temporary name first, so a half-written file never has a key's name). */
export async function writeAttachmentFile(store: AttachmentStore, key: string, bytes: Uint8Array) {
  await fs.mkdir(store.dir, { recursive: true });
  const target = fileOf(store, key);
  const temporary = `${target}.part`;
  await fs.writeFile(temporary, bytes, { flag: "wx" });
  await fs.rename(temporary, target);
}

/** The file's bytes, or null when it is gone. */
export async function readAttachmentFile(store: AttachmentStore, key: string) {
  try {
    return await fs.readFile(fileOf(store, key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function removeAttachmentFile(store: AttachmentStore, key: string) {
  await fs.rm(fileOf(store, key), { force: true });
}

/** Every key with a file in the store (temporary files older than an hour count as leftovers). */
export async function listAttachmentFiles(store: AttachmentStore, now = Date.now()) {
  let names: string[];
  try {
    names = await fs.readdir(store.dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { keys: [], leftovers: [] };
    throw error;
  }
  const keys = names.filter(isStorageKey);
  const leftovers: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".part"))) {
    const stat = await fs.stat(path.join(store.dir, name)).catch(() => null);
    if (stat && now - stat.mtimeMs > 60 * 60 * 1000) leftovers.push(name);
  }
  return { keys, leftovers };
}

export async function removeLeftover(store: AttachmentStore, name: string) {
  if (!name.endsWith(".part") || name.includes("/") || name.includes("\\")) return;
  await fs.rm(path.join(store.dir, name), { force: true });
}
