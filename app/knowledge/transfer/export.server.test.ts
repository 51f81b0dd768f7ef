import v8 from "node:v8";
import vm from "node:vm";
import { deflateRawSync } from "node:zlib";
import { unzipSync, Zip } from "fflate";
import { expect, it } from "vitest";
import { deflatedEntry } from "./export.server";

// The zip export's memory: fflate keeps every entry's fields until the zip ends (its central
// directory needs them). An entry that kept its deflated bytes (each a view of zlib's 16 KB output
// buffer) made a 100,000-write-up export grow by 1.7 GB (`tests/bench/hardening.ts`, zip export).

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

it("lets go of each entry's deflated bytes once written, while the zip is still open", async () => {
  const written: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    written.push(data);
  });
  const encoder = new TextEncoder();
  const held: WeakRef<Uint8Array>[] = [];
  const contents: string[] = [];
  const output: Uint8Array[] = [];
  for (let i = 0; i < 20; i++) {
    const text = `# 결제 재시도 ${i}\n\n${"The retry ran twice. ".repeat(50)}`;
    contents.push(text);
    const content = encoder.encode(text);
    const deflated = deflateRawSync(content);
    held.push(new WeakRef(deflated));
    const entry = deflatedEntry(`${i}.md`, content, deflated, new Date("2026-11-30T10:00:00Z"));
    zip.add(entry);
    entry.push();
    // What the export does after each page: what was written is sent on and forgotten.
    output.push(...written.map((chunk) => chunk.slice()));
    written.length = 0;
  }
  // A WeakRef holds its object until the current job ends.
  await new Promise((resolve) => setTimeout(resolve, 0));
  collectGarbage();
  // fflate may hold the newest entry's bytes until the next entry or the end: every other is gone.
  expect(held.slice(0, -1).filter((ref) => ref.deref() !== undefined)).toHaveLength(0);

  zip.end();
  output.push(...written);
  const whole = new Uint8Array(output.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of output) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  const files = unzipSync(whole);
  expect(Object.keys(files)).toHaveLength(20);
  expect(new TextDecoder().decode(files["7.md"])).toBe(contents[7]);
});
