import { describe, expect, it } from "vitest";
import { linksField } from "./fields";

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
