import { describe, expect, it } from "vitest";
import { z } from "zod";
import { commaItems, commaText } from "./comma-items";
import {
  activeTicketsField,
  capacityField,
  componentField,
  componentsField,
  dateField,
  linksField,
  pageField,
  requiredText,
  typedNumber,
  writeupRefField,
} from "./fields";
import { translate } from "./i18n/catalogs.server";

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

  it("shortens a long label on a whole character, never through an emoji", () => {
    const [link] = linksField.parse(`a${"😀".repeat(50)} https://example.com/y`);
    expect(link?.label).toBe(`a${"😀".repeat(39)}`);
  });
});

describe("requiredText", () => {
  it("refuses text that shows nothing: zero-width spaces, direction marks, Hangul fillers", () => {
    const title = requiredText("Title");
    for (const invisible of ["\u200B\u200B", " \uFEFF ", "\u3164", "\u202E"]) {
      expect(title.safeParse(invisible).success, JSON.stringify(invisible)).toBe(false);
    }
    expect(title.parse(" 결제\u200B ")).toBe("결제\u200B");
  });

  it("drops direction overrides, which would show the title reversed wherever it is listed", () => {
    expect(requiredText("Title").parse("결제 \u202E류오\u202C 재현")).toBe("결제 류오 재현");
  });

  it("composes Korean typed decomposed (NFD), so it is stored, counted and given particles as typed composed", () => {
    const name = requiredText("Your name", 3);
    const decomposed = "한지우".normalize("NFD");
    expect(decomposed).toHaveLength(7);
    const parsed = name.safeParse(` ${decomposed} `);
    expect(parsed.success && parsed.data).toBe("한지우");
    expect(name.safeParse("".normalize("NFD")).success).toBe(false);
  });
});

describe("writeupRefField", () => {
  it("reads a write-up's number from the number or any link to it", () => {
    for (const [typed, id] of [
      ["42", 42],
      [" #42 ", 42],
      ["/kb/42", 42],
      ["https://koan.example/kb/42", 42],
      ["http://localhost:3000/kb/42/edit", 42],
      ["https://koan.example/kb/42?q=결제#fix", 42],
    ] as const)
      expect(writeupRefField.parse(typed), typed).toBe(id);
  });

  it("refuses what names no write-up, with a message for the field", () => {
    for (const bad of [
      "",
      "0",
      "abc",
      "/tickets/42",
      "42abc",
      "kb/42x",
      "-1",
      "99999999999999999",
    ]) {
      const parsed = writeupRefField.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message, bad).toMatch(/^core\.field\.writeupRef\./);
    }
  });
});

describe("dateField", () => {
  it("takes dates that exist, and refuses those Date.parse would roll into the next month", () => {
    expect(dateField.parse("2026-02-28")).toBe("2026-02-28");
    expect(dateField.parse("2028-02-29")).toBe("2028-02-29");
    for (const bad of ["2026-02-29", "2026-02-31", "2026-04-31", "2026-13-01", "2026-00-10"]) {
      const parsed = dateField.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message, bad).toBe("core.field.date.missing");
    }
    expect(dateField.safeParse("9999-12-31").error?.issues[0]?.message).toBe(
      "core.field.date.range",
    );
  });
});

describe("component names", () => {
  it("are composed (NFC): 결제 typed decomposed is the same component as 결제", () => {
    const decomposed = "결제".normalize("NFD");
    expect(componentField.parse(` ${decomposed} `)).toBe("결제");
    expect(componentsField.parse(`${decomposed}, 결제, Search`)).toEqual(["결제", "search"]);
  });

  it("that start with a character the rule allows only later are refused with the rule itself", () => {
    const en = translate("en");
    const ko = translate("ko");
    for (const bad of [".github", "-", "..", "_x", "/api"]) {
      const message = componentField.safeParse(bad).error?.issues[0]?.message ?? "";
      expect(en.msg(message), bad).toBe(
        "Start the component with a letter or digit, then use letters, digits, spaces, - _ . /.",
      );
      expect(ko.msg(message), bad).toBe(
        "컴포넌트 이름은 문자나 숫자로 시작하고, 문자, 숫자, 공백, - _ . / 만 쓸 수 있어요.",
      );
      const list = componentsField.safeParse(`billing, ${bad}`).error?.issues[0]?.message ?? "";
      expect(en.msg(list), bad).toMatch(/^Start each component name with a letter or digit/);
    }
  });
});

describe("typed numbers", () => {
  it("are plain decimal digits: 1e3, 0x10 and the like are not numbers", () => {
    expect(typedNumber(" 42 ")).toBe(42);
    expect(typedNumber("")).toBeUndefined();
    expect(typedNumber("  ")).toBeUndefined();
    expect(typedNumber("-5")).toBe(-5);
    expect(typedNumber("1.5")).toBe(1.5);
    for (const bad of ["1e3", "0x10", "0b11", "0o7", "Infinity", "1_000", "1,000", ".5", "5."])
      expect(typedNumber(bad), bad).toBeNaN();
  });

  it("are what the count fields read: capacity 1e1 is refused, not 10", () => {
    expect(capacityField.parse(" 7 ")).toBe(7);
    expect(capacityField.parse("")).toBeUndefined();
    for (const bad of ["1e1", "0x10", "0xA"])
      expect(capacityField.safeParse(bad).error?.issues[0]?.message, bad).toBe(
        "core.field.capacity.whole",
      );
    expect(activeTicketsField.safeParse("2e0").success).toBe(false);
  });
});

describe("pageField", () => {
  it("leaves a page past any end to the list (its last page), and reads a bad one as the first", () => {
    expect(pageField.parse("3")).toBe(3);
    expect(pageField.parse("999999")).toBe(999999);
    expect(pageField.parse("99999999999999999999")).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of [undefined, "", "0", "-2", "abc", "1e3", "0x10", "2.5"])
      expect(pageField.parse(bad), String(bad)).toBe(1);
    // Missing from the address: the first page, not an error.
    expect(z.object({ page: pageField }).parse({})).toEqual({ page: 1 });
  });
});

describe("comma-separated fields", () => {
  it("split at the full-width and ideographic commas a Korean keyboard types, too", () => {
    expect(commaItems(" 결제，환불、billing , ,webhook ")).toEqual([
      "결제",
      "환불",
      "billing",
      "webhook",
    ]);
    expect(componentsField.parse("Billing，검색、billing")).toEqual(["billing", "검색"]);
  });

  it("write an item holding a comma in quotes, and read it back as one item", () => {
    const items = [
      "good first issue",
      "needs info, p1",
      "결제，환불",
      'say "hi"',
      '"quoted"',
      " x ",
    ];
    const text = commaText(items);
    expect(text).toBe(
      'good first issue, "needs info, p1", "결제，환불", say "hi", """quoted""", " x "',
    );
    expect(commaItems(text)).toEqual(items);
    // Typed by hand: quotes around an item keep its commas; a quote that doesn't close, or text
    // after the closing quote, is plain text as before.
    expect(commaItems('"a, b" , c')).toEqual(["a, b", "c"]);
    expect(commaItems('"a, b')).toEqual(['"a', "b"]);
    expect(commaItems('"a" b, c')).toEqual(['"a" b', "c"]);
    expect(commaItems('"", c')).toEqual(["c"]);
    expect(commaText([])).toBe("");
  });
});
