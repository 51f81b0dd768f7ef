import { describe, expect, it } from "vitest";
import { clip } from "./clip";

describe("clip", () => {
  it("keeps short text whole and cuts long text at the limit", () => {
    expect(clip("장애 보고", 10)).toBe("장애 보고");
    expect(clip("abcdef", 3)).toBe("abc");
  });

  it("never leaves half of an emoji at the end", () => {
    const text = `a${"😀".repeat(50)}`;
    const cut = clip(text, 80);
    expect(cut.length).toBe(79);
    expect(cut).toBe(`a${"😀".repeat(39)}`);
    expect(cut).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});
