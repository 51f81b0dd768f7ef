import { Inflate } from "fflate";
import iconv from "iconv-lite";
import { k } from "~/lib/i18n/messages";
import { hasControl } from "./portable.server";

/** Zip bomb guard: what a zip may unpack to in all, and how many entries it may hold. */
const MAX_ZIP_UNPACKED_BYTES = 50 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 5000;

// ---------------------------------------------------------------------------------------------
// Zip archives: the central directory is read here, each entry inflated by fflate in small
// steps, so a lying header or a bomb stops at its declared size and the 50 MB budget.

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; message: string };

/** The file a message is about (k() values): its name, or "That file" when it had none. */
export type ZipLabel = Readonly<Record<string, string>>;

/** The general-purpose flag saying an entry's name is UTF-8. */
const UTF8_NAME = 0x800;
const utf8Names = new TextDecoder("utf-8");
const strictUtf8Names = new TextDecoder("utf-8", { fatal: true });

/**
 * An entry's name as text, composed (NFC). UTF-8 when the zip says so or the bytes are valid
 * UTF-8; otherwise the code page of the Windows that wrote it, which for Koan's users is Korean
 * (949): Windows' own "compressed folder" writes names so, unflagged. A Mac writes them
 * decomposed. The name is the write-up's id when its front matter has none, so the same file
 * zipped on either keeps one id.
 */
function entryName(bytes: Uint8Array, flags: number): string {
  let name: string;
  if (flags & UTF8_NAME) name = utf8Names.decode(bytes);
  else {
    try {
      name = strictUtf8Names.decode(bytes);
    } catch {
      name = iconv.decode(Buffer.from(bytes), "cp949");
    }
  }
  return name.normalize("NFC");
}

export function readZipDirectory(label: ZipLabel, bytes: Uint8Array): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const damaged = { ok: false as const, message: k("knowledge.importZip.unreadable", label) };
  let end = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--) {
    if (u32(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return damaged;
  const count = u16(end + 10);
  const directoryOffset = u32(end + 16);
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0) {
    return { ok: false, message: k("knowledge.importZip.split", label) };
  }
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    return {
      ok: false,
      message: k("knowledge.importZip.tooManyFiles", { ...label, max: MAX_ZIP_ENTRIES }),
    };
  }
  if (count > MAX_ZIP_ENTRIES) {
    return {
      ok: false,
      message: k("knowledge.importZip.fileCount", { ...label, count, max: MAX_ZIP_ENTRIES }),
    };
  }
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) return damaged;
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (next > bytes.length) return damaged;
    entries.push({
      name: entryName(bytes.subarray(at + 46, at + 46 + nameLength), u16(at + 8)),
      flags: u16(at + 8),
      method: u16(at + 10),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localHeader: u32(at + 42),
    });
    at = next;
  }
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > MAX_ZIP_UNPACKED_BYTES) {
    return {
      ok: false,
      message: k("knowledge.importZip.tooBig", label),
    };
  }
  return { ok: true, entries };
}

type Unpacked = { ok: true; bytes: Uint8Array } | { ok: false; problem: string };

/** An entry's content, or why it can't be read. Never produces more than the entry declares. */
export function unpackEntry(bytes: Uint8Array, entry: ZipEntry): Unpacked {
  if (entry.flags & 1) return { ok: false, problem: k("knowledge.importZip.encrypted") };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeader;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== 0x04034b50) {
    return { ok: false, problem: k("knowledge.importZip.damaged") };
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) return { ok: false, problem: k("knowledge.importZip.cutShort") };
  const data = bytes.subarray(start, stop);
  if (entry.method === 0) {
    return data.length === entry.size
      ? { ok: true, bytes: data }
      : { ok: false, problem: k("knowledge.importZip.damaged") };
  }
  if (entry.method !== 8) {
    return { ok: false, problem: k("knowledge.importZip.method") };
  }
  const out = new Uint8Array(entry.size);
  let produced = 0;
  let tooBig = false;
  const inflater = new Inflate((chunk) => {
    if (tooBig) return;
    if (produced + chunk.length > entry.size) tooBig = true;
    else {
      out.set(chunk, produced);
      produced += chunk.length;
    }
  });
  try {
    let offset = 0;
    while (offset < data.length && !tooBig) {
      // Deflate expands at most ~1032 times: push only as much as the remaining room can hold.
      const step = Math.min(16_384, Math.max(64, Math.ceil((entry.size - produced) / 1024) + 64));
      const next = Math.min(data.length, offset + step);
      inflater.push(data.subarray(offset, next), next === data.length);
      offset = next;
    }
  } catch {
    return { ok: false, problem: k("knowledge.importZip.damaged") };
  }
  if (tooBig) return { ok: false, problem: k("knowledge.importZip.biggerThanSaid") };
  if (produced !== entry.size) return { ok: false, problem: k("knowledge.importZip.damaged") };
  return { ok: true, bytes: out };
}

/** Why an entry's name is refused: absolute paths and `..` could write outside a folder. */
export function unsafeName(name: string): string | null {
  if (hasControl(name)) return k("knowledge.importZip.nameControl");
  const normal = name.replace(/\\/g, "/");
  if (normal.startsWith("/") || /^[a-zA-Z]:/.test(normal))
    return k("knowledge.importZip.nameAbsolute");
  if (normal.split("/").includes("..")) return k("knowledge.importZip.nameOutside");
  return null;
}
