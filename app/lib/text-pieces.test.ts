import { describe, expect, it } from "vitest";
import { TEXT_PIECE_SIZE, textPieces } from "./text-pieces";

const now = async () => {};
const bytes = (text: string) => new TextEncoder().encode(text);

describe("textPieces", () => {
  it("gives back the whole text, Korean included, in pieces of about 64 KB", async () => {
    const text = `title\n${"최유나의 질문, ".repeat(20_000)}\n`;
    const pieces = await textPieces(bytes(text), now, { newlines: "keep" });
    expect(pieces?.join("")).toBe(text);
    expect(pieces?.length).toBeGreaterThan(3);
  });

  it("makes CRLF and CR line endings LF, a CRLF cut between two pieces included", async () => {
    const text = `${"a".repeat(TEXT_PIECE_SIZE - 1)}\r\nb\rc\r\n`;
    const pieces = await textPieces(bytes(text), now, { newlines: "lf" });
    expect(pieces?.join("")).toBe(`${"a".repeat(TEXT_PIECE_SIZE - 1)}\nb\nc\n`);
    expect(await textPieces(text, now, { newlines: "keep" })).toEqual([
      text.slice(0, TEXT_PIECE_SIZE),
      text.slice(TEXT_PIECE_SIZE),
    ]);
  });

  it("drops a byte-order mark and never cuts a surrogate pair", async () => {
    const text = `\uFEFF${"a".repeat(TEXT_PIECE_SIZE - 2)}😀b`;
    const pieces = await textPieces(text, now, { newlines: "keep" });
    expect(pieces?.join("")).toBe(text.slice(1));
    expect(pieces?.[0]?.endsWith("😀")).toBe(true);
    expect((await textPieces(bytes(text), now, { newlines: "lf" }))?.join("")).toBe(text.slice(1));
  });

  it("refuses bytes that are not UTF-8, a sequence cut at the end, and NUL", async () => {
    const longThenBad = new Uint8Array([...bytes("a".repeat(TEXT_PIECE_SIZE * 2)), 0xff]);
    expect(await textPieces(longThenBad, now, { newlines: "lf" })).toBeNull();
    expect(await textPieces(bytes("최").subarray(0, 2), now, { newlines: "lf" })).toBeNull();
    expect(await textPieces("a,b\n\u0000", now, { newlines: "keep" })).toBeNull();
  });

  it("reads Korean Windows' encoding when asked (a CSV saved by Excel there), and only then", async () => {
    // 결제,오류 as CP949 bytes: not UTF-8.
    const cp949 = new Uint8Array([
      0xb0, 0xe1, 0xc1, 0xa6, 0x2c, 0xbf, 0xc0, 0xb7, 0xf9, 0x0d, 0x0a,
    ]);
    expect(await textPieces(cp949, now, { newlines: "lf" })).toBeNull();
    const pieces = await textPieces(cp949, now, { newlines: "lf", encoding: "cp949" });
    expect(pieces?.join("")).toBe("결제,오류\n");
    // 똠 and 햏 are outside EUC-KR's 2,350 syllables, in code page 949's extension; a byte
    // neither reads is no text.
    const extended = new Uint8Array([0x8c, 0x63, 0xc1, 0x64]);
    expect(
      (await textPieces(extended, now, { newlines: "keep", encoding: "cp949" }))?.join(""),
    ).toBe("똠햏");
    expect(
      await textPieces(new Uint8Array([0xb0, 0xff]), now, { newlines: "keep", encoding: "cp949" }),
    ).toBeNull();
  });
});
