import { describe, expect, it } from "vitest";
import { decodablePath } from "./app";

describe("decodablePath", () => {
  it("writes a run of escapes that isn't UTF-8 as an escaped U+FFFD, keeping the rest", () => {
    // %ED%95 is the first two of 한's three bytes.
    expect(decodablePath("/%ED%95")).toBe("/%EF%BF%BD");
    expect(decodablePath("/kb/%ED%95/edit?q=%ED%95")).toBe("/kb/%EF%BF%BD/edit?q=%ED%95");
    expect(decodablePath("/a%FFb%ED%95%9C")).toBe("/a%EF%BF%BDb%ED%95%9C");
    expect(() => decodeURI(decodablePath("/%E0%A4%A"))).not.toThrow();
  });

  it("leaves a path that decodes as it is", () => {
    for (const url of ["/", "/kb?q=%ED%95%9C", "/kb/%ED%95%9C%EA%B8%80", "/a%20b#x", "/100%25"])
      expect(decodablePath(url)).toBe(url);
  });
});
