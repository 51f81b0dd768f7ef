import { Inflate } from "fflate";
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

export function readZipDirectory(label: string, bytes: Uint8Array): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const damaged = { ok: false as const, message: `${label} isn't a readable zip file.` };
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
    return { ok: false, message: `${label} is split across several files. Zip it as one file.` };
  }
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    return {
      ok: false,
      message: `${label} holds more than ${MAX_ZIP_ENTRIES.toLocaleString("en")} files. Split it into smaller zips.`,
    };
  }
  if (count > MAX_ZIP_ENTRIES) {
    return {
      ok: false,
      message: `${label} holds ${count.toLocaleString("en")} files; a zip may hold at most ${MAX_ZIP_ENTRIES.toLocaleString("en")}. Split it into smaller zips.`,
    };
  }
  const decoder = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) return damaged;
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (next > bytes.length) return damaged;
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
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
      message: `${label} unpacks to more than 50 MB. Split it into smaller zips.`,
    };
  }
  return { ok: true, entries };
}

type Unpacked = { ok: true; bytes: Uint8Array } | { ok: false; problem: string };

/** An entry's content, or why it can't be read. Never produces more than the entry declares. */
export function unpackEntry(bytes: Uint8Array, entry: ZipEntry): Unpacked {
  if (entry.flags & 1) return { ok: false, problem: "is encrypted: zip it without a password" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeader;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== 0x04034b50) {
    return { ok: false, problem: "is damaged in the zip" };
  }
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) return { ok: false, problem: "is cut short in the zip" };
  const data = bytes.subarray(start, stop);
  if (entry.method === 0) {
    return data.length === entry.size
      ? { ok: true, bytes: data }
      : { ok: false, problem: "is damaged in the zip" };
  }
  if (entry.method !== 8) {
    return { ok: false, problem: "uses a compression method Koan can't read: use standard zip" };
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
    return { ok: false, problem: "is damaged in the zip" };
  }
  if (tooBig) return { ok: false, problem: "unpacks to more than the zip's directory says" };
  if (produced !== entry.size) return { ok: false, problem: "is damaged in the zip" };
  return { ok: true, bytes: out };
}

/** Why an entry's name is refused: absolute paths and `..` could write outside a folder. */
export function unsafeName(name: string): string | null {
  if (hasControl(name)) return "its name has control characters";
  const normal = name.replace(/\\/g, "/");
  if (normal.startsWith("/") || /^[a-zA-Z]:/.test(normal)) return "its name is an absolute path";
  if (normal.split("/").includes("..")) return "its name leads outside the zip (..)";
  return null;
}
