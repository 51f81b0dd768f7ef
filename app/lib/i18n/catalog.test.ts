import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./locales";

// The catalogs stay whole: the same keys in every language, each key in the file its prefix names,
// every message valid ICU, and a translation fills in the same values as the English.

const DIR = join(import.meta.dirname, "messages");
const files = readdirSync(join(DIR, "en")).filter((f) => f.endsWith(".json"));

function catalog(locale: string, file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(DIR, locale, file), "utf8")) as Record<string, string>;
}

/** The names a message fills in ({count}, {name}, <link>…</link>), sorted. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, into);
  }
  return into;
}

describe("message catalogs", () => {
  it("has the same files in every language", () => {
    for (const locale of LOCALES) {
      expect(
        readdirSync(join(DIR, locale))
          .filter((f) => f.endsWith(".json"))
          .sort(),
      ).toEqual([...files].sort());
    }
  });

  for (const file of files) {
    const namespace = file.replace(/\.json$/, "");
    describe(file, () => {
      it("has the same keys in every language", () => {
        const english = Object.keys(catalog("en", file)).sort();
        for (const locale of LOCALES) {
          expect(Object.keys(catalog(locale, file)).sort(), `${locale}/${file}`).toEqual(english);
        }
      });

      it(`keeps its keys under "${namespace}."`, () => {
        const stray = Object.keys(catalog("en", file)).filter(
          (k) => !k.startsWith(`${namespace}.`),
        );
        expect(stray).toEqual([]);
      });

      it("holds valid ICU messages that fill in the same values in every language", () => {
        const english = catalog("en", file);
        const problems: string[] = [];
        for (const locale of LOCALES) {
          const messages = catalog(locale, file);
          for (const [key, text] of Object.entries(messages)) {
            if (typeof text !== "string" || text.trim() === "") {
              problems.push(`${locale} ${key}: empty`);
              continue;
            }
            try {
              const theirs = [...argumentsOf(parse(english[key] ?? ""))].sort();
              // A Korean particle reads the final sound of a value the English fills in too
              // ({name}{nameFinal, select, …}, final-sound.ts): the grammar's, not a new value.
              const mine = [...argumentsOf(parse(text))]
                .filter((a) => !(a.endsWith("Final") && theirs.includes(a.slice(0, -5))))
                .sort();
              if (mine.join() !== theirs.join()) {
                problems.push(
                  `${locale} ${key}: fills in {${mine}} but English fills in {${theirs}}`,
                );
              }
            } catch (error) {
              problems.push(`${locale} ${key}: ${String(error)}`);
            }
          }
        }
        expect(problems).toEqual([]);
      });
    });
  }

  it("has no Korean message left in English", () => {
    // A message of two or more English words and no Hangul, the same as the English: untranslated.
    const untranslated: string[] = [];
    for (const file of files) {
      const english = catalog("en", file);
      for (const [key, text] of Object.entries(catalog("ko", file))) {
        if (
          text === english[key] &&
          /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(text) &&
          !/[가-힣]/.test(text)
        ) {
          untranslated.push(key);
        }
      }
    }
    expect(untranslated).toEqual([]);
  });

  it("picks a particle after a filled-in value by its final sound, not both forms always", () => {
    // "최유나(으)로", "결제 내역을(를)": the particle a value takes is known from its last syllable
    // (final-sound.ts); both forms are left only where it is not (a Latin name), by the select.
    const both = /(\}|<\/\w+>)(\(으\)로|을\(를\)|이\(가\)|은\(는\)|과\(와\)|와\(과\))/;
    const written: string[] = [];
    for (const file of files) {
      for (const [key, text] of Object.entries(catalog("ko", file))) {
        if (both.test(text.replace(/\{\w+Final, select,[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, "")))
          written.push(`${key}: ${text}`);
      }
    }
    expect(written).toEqual([]);
  });

  it("writes no fixed particle right after a value whose final sound varies", () => {
    // "버전 2을 저장했어요", "최유나을": a particle written after a value fits only some values.
    // The value's own final sound picks it (above), or the sentence needs none ("에서", "의").
    // (A closing quote between them changes nothing: “{title}”을 is as wrong after 페어 리뷰.)
    const fixedAfter =
      /\{\w+\}(<\/\w+>)?[”’"']?(을|를|이|가|은|는|와|과|으로|로|이에요|예요)(?=[\s.,!?:)]|$)/;
    // …nor after a select one of whose branches ends in a value ({named, select, yes {“{file}”}
    // other {이 파일}}은: “good.csv”은).
    const afterSelect =
      /\{\w+\}[”’"']?\}[^{}]*\{[^{}]*\}\}(을|를|이|가|은|는|와|과|으로|로)(?=[\s.,!?:)]|$)/;
    // {path} is always "/api/search": its particle is known.
    const constant = new Set(["core.settings.api.body"]);
    const fixed: string[] = [];
    for (const file of files) {
      for (const [key, text] of Object.entries(catalog("ko", file))) {
        if (!constant.has(key) && (fixedAfter.test(text) || afterSelect.test(text)))
          fixed.push(`${key}: ${text}`);
      }
    }
    expect(fixed).toEqual([]);
  });

  it("writes 님 apart from the name it follows, as Korean spelling does (최유나 님)", () => {
    const attached: string[] = [];
    for (const file of files) {
      for (const [key, text] of Object.entries(catalog("ko", file))) {
        if (/\}(<\/\w+>)?님/.test(text)) attached.push(`${key}: ${text}`);
      }
    }
    expect(attached).toEqual([]);
  });

  it("attaches no Korean particle to a step's name, which may be a lead's English text", () => {
    // "Root cause이에요" reads wrong and 이/가 depend on the name's last sound: "{step} 단계에".
    const attached: string[] = [];
    for (const file of files) {
      for (const [key, text] of Object.entries(catalog("ko", file))) {
        if (/\{step\}[가-힣]/.test(text)) attached.push(`${key}: ${text}`);
      }
    }
    expect(attached).toEqual([]);
  });
});
