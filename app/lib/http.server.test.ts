import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./http.server";

describe("safeRedirectPath", () => {
  it("keeps same-site paths, with their query and fragment, in any script", () => {
    for (const path of [
      "/",
      "/settings",
      "/kb?q=결제%20오류#results",
      "/tickets/12?tab=activity",
    ]) {
      expect(safeRedirectPath(path, "/home")).toBe(path);
    }
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
