import { describe, expect, it } from "vitest";
import { showsSomething, withoutBidiControls } from "./invisible";

describe("showsSomething", () => {
  it("is false for spaces and characters that show nothing, Hangul fillers included", () => {
    for (const text of ["", "   ", "\u200B\u200B", "\uFEFF \u2060", "\u3164\u3164", "\u202E"]) {
      expect(showsSomething(text), JSON.stringify(text)).toBe(false);
    }
  });

  it("is false for control characters alone: a NUL, as a page shows it, is nothing", () => {
    for (const text of [
      "\u0000",
      " \u0000\u0000 ",
      "\u0007\u001b",
      "\u0085\u009f",
      "\u0000\n\u200B",
    ]) {
      expect(showsSomething(text), JSON.stringify(text)).toBe(false);
    }
  });

  it("is true for any visible letter, emoji built with joiners included", () => {
    for (const text of ["결제", "a\u200B", "👩‍💻", "❤️", "ㅋ", "\u0000결제", "a\tb"]) {
      expect(showsSomething(text), text).toBe(true);
    }
  });
});

describe("withoutBidiControls", () => {
  it("drops the overrides that make a file name read backwards, and keeps Korean", () => {
    expect(withoutBidiControls("로그 파일 \u202Egnp.exe.log")).toBe("로그 파일 gnp.exe.log");
    expect(withoutBidiControls("\u2067שלום\u2069 결제")).toBe("שלום 결제");
  });
});
