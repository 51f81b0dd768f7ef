import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./http.server";

describe("safeRedirectPath", () => {
  it("keeps same-site paths, with their query and fragment", () => {
    for (const path of [
      "/",
      "/settings",
      "/kb?q=%EA%B2%B0%EC%A0%9C#results",
      "/tickets/12?tab=activity",
    ]) {
      expect(safeRedirectPath(path, "/home")).toBe(path);
    }
  });

  it("keeps a path in any script, encoded as a browser sends it: a header holds bytes", () => {
    // A page reached by a link to /kb?q=결제 오류 can name itself so; put in a Location header
    // as it is, Hangul made the response fail (a 500, after a log-in's session was written).
    expect(safeRedirectPath("/kb?q=결제%20오류#결과", "/home")).toBe(
      "/kb?q=%EA%B2%B0%EC%A0%9C%20%EC%98%A4%EB%A5%98#%EA%B2%B0%EA%B3%BC",
    );
    expect(safeRedirectPath("/kb?q=café\u200b", "/home")).toBe("/kb?q=caf%C3%A9%E2%80%8B");
    for (const path of ["/kb?q=결제", "/x\u00a0y", "/\uffff", "/😀"]) {
      expect(safeRedirectPath(path, "/home")).toMatch(/^\/[\x21-\x7e]*$/);
    }
    // Not text at all (a lone surrogate), or too long once encoded: home instead.
    expect(safeRedirectPath("/kb?q=\ud800", "/home")).toBe("/home");
    expect(safeRedirectPath(`/kb?q=${"결".repeat(300)}`, "/home")).toBe("/home");
  });

  it("sends anything that could leave the site, or break the header, home instead", () => {
    const refused = [
      "//evil.example/x",
      "/\\evil.example",
      "/\t/evil.example/phish", // browsers drop the tab: //evil.example
      "/\t\\evil",
      "/\n/evil.example",
      "/settings\r\nSet-Cookie: x=1",
      "/a\u0000b",
      "/a\u007fb",
      "https://evil.example",
      "evil.example",
      "",
      " /settings",
      `/kb?q=${"a".repeat(1_000_000)}`, // a megabyte-long Location header breaks clients
    ];
    for (const path of refused) expect(safeRedirectPath(path, "/home")).toBe("/home");
    expect(safeRedirectPath(null, "/home")).toBe("/home");
    expect(safeRedirectPath(undefined)).toBe("/");
  });
});
