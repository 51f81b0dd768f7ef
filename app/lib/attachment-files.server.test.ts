import { describe, expect, it } from "vitest";
import { cleanFileName } from "./attachment-files.server";

describe("cleanFileName", () => {
  it("keeps a Korean name, without the path or characters a header can't hold", () => {
    expect(cleanFileName("C:\\logs\\결제 오류 <1>.log")).toBe("결제 오류 1.log");
  });

  it("keeps the extension when a long name is shortened", () => {
    const name = cleanFileName(`${"a".repeat(300)}.png`);
    expect(name).toBe(`${"a".repeat(116)}.png`);
    expect([...cleanFileName(`${"결".repeat(300)}.로그`)].length).toBe(120);
    expect(cleanFileName(`${"결".repeat(300)}.로그`).endsWith(".로그")).toBe(true);
  });

  it("drops direction overrides, so a name can't read as another type", () => {
    expect(cleanFileName("로그 파일 \u202Egnp.exe.log")).toBe("로그 파일 gnp.exe.log");
  });

  it("falls back when nothing visible is left", () => {
    expect(cleanFileName("\u200B\u200B", "attachment")).toBe("attachment");
    expect(cleanFileName("..", "attachment")).toBe("attachment");
  });
});
