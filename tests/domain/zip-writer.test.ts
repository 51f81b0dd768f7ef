import v8 from "node:v8";
import vm from "node:vm";
import { crc32, deflateRawSync } from "node:zlib";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readZipDirectory } from "~/knowledge/transfer/zip.server";
import { ZipWriter } from "~/knowledge/transfer/zip-writer.server";

const encoder = new TextEncoder();
const mtime = new Date(2026, 10, 30, 10, 15, 42);

/** A zip of `files`, written as the export writes it. */
function zipOf(files: [string, string][]): { bytes: Uint8Array; pieces: number } {
  const zip = new ZipWriter(mtime);
  const parts: Uint8Array[] = [];
  for (const [name, text] of files) {
    const content = encoder.encode(text);
    parts.push(
      ...zip.entry(name, {
        crc: crc32(content),
        size: content.length,
        deflated: deflateRawSync(content),
      }),
    );
  }
  let pieces = 0;
  for (const piece of zip.end()) {
    parts.push(piece);
    pieces++;
  }
  return { bytes: Buffer.concat(parts), pieces };
}

const directoryCount = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  return view.getUint16(end + 10, true);
};

describe("the export's zip writer", () => {
  it("writes entries any zip reader reads back: UTF-8 names, contents, times", () => {
    const files: [string, string][] = [
      ["1-결제-재시도.md", "# 결제 재시도\n\nThe retry ran twice."],
      ["2-empty.md", ""],
      ["3-café.md", "Search folds accents: *café*."],
    ];
    const { bytes } = zipOf(files);
    const read = unzipSync(bytes);
    expect(Object.keys(read)).toEqual(files.map(([name]) => name));
    for (const [name, text] of files) expect(new TextDecoder().decode(read[name])).toBe(text);
    expect(directoryCount(bytes)).toBe(3);
    // Koan's own import reads it too.
    const directory = readZipDirectory({ file: "kb.zip", named: "yes" }, bytes);
    expect(directory.ok && directory.entries.map((e) => e.name)).toEqual(
      files.map(([name]) => name),
    );
  });

  it("keeps no entry's bytes once they are written (1.7 GB at 100,000 write-ups when kept)", async () => {
    v8.setFlagsFromString("--expose-gc");
    const collectGarbage = vm.runInNewContext("gc") as () => void;
    const zip = new ZipWriter(mtime);
    const held: WeakRef<Uint8Array>[] = [];
    for (let i = 0; i < 20; i++) {
      const content = encoder.encode(`# 결제 재시도 ${i}\n\n${"The retry ran twice. ".repeat(50)}`);
      // zlib hands a small result back as a view of its 16 KB output buffer.
      const deflated = deflateRawSync(content);
      held.push(new WeakRef(deflated));
      zip.entry(`${i}.md`, { crc: crc32(content), size: content.length, deflated });
    }
    // A WeakRef holds its object until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    // The newest may still sit in this test's own suspended frame: every other one is gone.
    expect(held.slice(0, -1).filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    expect([...zip.end()].length).toBeGreaterThan(0);
  });

  it("past 65,534 entries adds ZIP64 records, so no entry is lost to the 16-bit count", () => {
    // fflate's Zip wrote 70,000 as 70,000 mod 65,536 = 4,464 in the end record.
    const files = Array.from({ length: 70_000 }, (_, i): [string, string] => [`${i}.md`, `# ${i}`]);
    const { bytes, pieces } = zipOf(files);
    expect(directoryCount(bytes)).toBe(0xffff);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const locator = bytes.length - 22 - 20;
    expect(view.getUint32(locator, true)).toBe(0x07064b50);
    const record = Number(view.getBigUint64(locator + 8, true));
    expect(view.getUint32(record, true)).toBe(0x06064b50);
    expect(Number(view.getBigUint64(record + 32, true))).toBe(70_000);
    // The directory came out in pieces, not in one step.
    expect(pieces).toBeGreaterThan(30);
    const read = unzipSync(bytes);
    expect(Object.keys(read)).toHaveLength(70_000);
    expect(new TextDecoder().decode(read["69999.md"])).toBe("# 69999");
    // 70,000 entries written and read back: 16 s beside other test files, and 29 s once on a
    // machine busy with three other builds, past the default 20 s.
  }, 90_000);
});
