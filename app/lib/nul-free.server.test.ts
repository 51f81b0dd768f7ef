import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "./nul-free.server";

async function through(chunks: Uint8Array[]): Promise<string> {
  return text(Readable.from(chunks).pipe(withoutNulBytes()));
}

describe("withoutNulBytes", () => {
  it("drops the zero bytes React's renderer leaves at the end of a full buffer", async () => {
    const korean = Buffer.from("컴포넌트", "utf8");
    // The buffer ended after 컴 with two bytes unfilled; 포넌트 came in the next one.
    const first = Buffer.concat([korean.subarray(0, 3), Buffer.alloc(2)]);
    const second = korean.subarray(3);
    expect(await through([first, second])).toBe("컴포넌트");
  });

  it("passes chunks without zeros as they are, and drops zeros anywhere in a chunk", async () => {
    const plain = Buffer.from('<p title="해결 기록">ok</p>');
    expect(await through([plain])).toBe('<p title="해결 기록">ok</p>');
    const zeros = Buffer.concat([
      Buffer.alloc(1),
      Buffer.from("a"),
      Buffer.alloc(3),
      Buffer.from("b"),
      Buffer.alloc(1),
    ]);
    expect(await through([zeros, Buffer.alloc(4)])).toBe("ab");
  });
});
