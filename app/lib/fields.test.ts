import { describe, expect, it } from "vitest";
import { linksField, requiredText } from "./fields";

describe("linksField", () => {
  it("reads one link per line, with an optional label, including Koan paths", () => {
    expect(
      linksField.parse(
        "PR https://github.com/acme/app/pull/12\nhttps://logs.example/x\nOriginal /kb/12",
      ),
    ).toEqual([
      { label: "PR", url: "https://github.com/acme/app/pull/12" },
      { label: "logs.example", url: "https://logs.example/x" },
      { label: "Original", url: "/kb/12" },
    ]);
  });

  it("refuses anything that is not an http(s) URL or a Koan path", () => {
    for (const bad of [
      "javascript:alert(1)",
      "see //evil.example/x",
      "ftp://files.example/a",
      "just words",
      "data:text/html,x",
    ]) {
      expect(linksField.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe("requiredText", () => {
  it("composes Korean typed decomposed (NFD), so it is stored, counted and given particles as typed composed", () => {
    const name = requiredText("Your name", 3);
    const decomposed = "한지우".normalize("NFD");
    expect(decomposed).toHaveLength(7);
    const parsed = name.safeParse(` ${decomposed} `);
    expect(parsed.success && parsed.data).toBe("한지우");
    expect(name.safeParse("".normalize("NFD")).success).toBe(false);
  });
});
