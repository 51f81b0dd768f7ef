import { describe, expect, it } from "vitest";
import { fromAcceptLanguage, localeCookieFrom, pickLocale } from "./locales";
import { decodeMsg, k } from "./messages";
import { en } from "./messages/en";

describe("choosing the language", () => {
  it("reads Accept-Language by weight and primary subtag", () => {
    expect(fromAcceptLanguage("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("ko");
    expect(fromAcceptLanguage("en-GB,ko;q=0.5")).toBe("en");
    expect(fromAcceptLanguage("fr-FR, ko;q=0.3, en;q=0.2")).toBe("ko");
    expect(fromAcceptLanguage("ko;q=0, en;q=0.1")).toBe("en");
    expect(fromAcceptLanguage("fr, de")).toBeNull();
    expect(fromAcceptLanguage("")).toBeNull();
    expect(fromAcceptLanguage("ko;q=abc")).toBeNull();
  });

  it("prefers the person's setting, then the login page's switch, then the browser", () => {
    expect(pickLocale({ userLocale: "ko", cookie: "en", acceptLanguage: "en" })).toBe("ko");
    expect(pickLocale({ userLocale: null, cookie: "ko", acceptLanguage: "en" })).toBe("ko");
    expect(pickLocale({ userLocale: null, cookie: null, acceptLanguage: "ko-KR" })).toBe("ko");
    expect(pickLocale({ userLocale: "xx", cookie: "zz", acceptLanguage: "fr" })).toBe("en");
    expect(pickLocale({})).toBe("en");
  });

  it("takes a link's language over the browser's, but not over a choice the person made", () => {
    expect(pickLocale({ requested: "ko", acceptLanguage: "en-US" })).toBe("ko");
    expect(pickLocale({ cookie: "en", requested: "ko", acceptLanguage: "ko" })).toBe("en");
    expect(pickLocale({ userLocale: "en", requested: "ko" })).toBe("en");
    expect(pickLocale({ requested: "<b>", acceptLanguage: "ko" })).toBe("ko");
  });

  it("finds the switch's cookie among others, and ignores a forged value", () => {
    expect(localeCookieFrom("a=1; koan_lang=ko; b=2")).toBe("ko");
    expect(localeCookieFrom("koan_lang=<script>")).toBeNull();
    expect(localeCookieFrom(null)).toBeNull();
  });
});

describe("messages made on the server", () => {
  const isKey = (key: string): key is keyof typeof en => key in en;

  it("carry a key and its values through a plain string", () => {
    const message = k("core.time.justNow", { max: 300, name: "최유나|x" });
    expect(decodeMsg(message, isKey)).toEqual({
      key: "core.time.justNow",
      values: { max: 300, name: "최유나|x" },
    });
    expect(decodeMsg(k("core.time.justNow"), isKey)).toEqual({ key: "core.time.justNow" });
  });

  it("leave other text alone", () => {
    expect(decodeMsg("Title is required.", isKey)).toBeNull();
    expect(decodeMsg("core.time.justNow|not json", isKey)).toEqual({ key: "core.time.justNow" });
  });
});
