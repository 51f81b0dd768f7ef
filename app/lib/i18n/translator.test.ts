import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { createIntl, type IntlShape } from "react-intl";
import { describe, expect, it } from "vitest";
import { CATALOGS, intlFor, translate } from "./catalogs.server";
import { LOCALES } from "./locales";
import type { MessageKey } from "./messages";
import { translatorFrom, translatorOf } from "./translator";

// t() answers plain-text messages as they are, and leaves everything with ICU syntax to react-intl.

/** An IntlShape that counts how often react-intl is asked to format. */
function counted(messages: Record<string, string>) {
  const intl = createIntl({ locale: "en", messages, onError: () => {} });
  let calls = 0;
  const counting: IntlShape = {
    ...intl,
    formatMessage: ((...args: Parameters<IntlShape["formatMessage"]>) => {
      calls++;
      return intl.formatMessage(...args);
    }) as IntlShape["formatMessage"],
  };
  return { intl: counting, calls: () => calls };
}

const key = (k: string) => k as MessageKey;

describe("translator", () => {
  it("answers from its own compiled messages; what is not text goes to react-intl", () => {
    const { intl, calls } = counted({
      plain: "Claim this ticket",
      named: "Hello {name}",
      quoted: "Don''t wait for '{'them'}'",
      counted: "{count, plural, one {# day} other {# days}}",
      tagged: "Read <b>this</b>",
    });
    const { t } = translatorFrom(intl, "en");
    expect(t(key("plain"))).toBe("Claim this ticket");
    expect(t(key("plain"), { count: 2 })).toBe("Claim this ticket");
    expect(t(key("named"), { name: "최유나" })).toBe("Hello 최유나");
    expect(t(key("named"), { name: "한지우" })).toBe("Hello 한지우");
    expect(t(key("quoted"))).toBe("Don't wait for {them}");
    expect(t(key("counted"), { count: 2 })).toBe("2 days");
    expect(calls()).toBe(0);
    // A missing value and a tag are react-intl's to report, as before.
    expect(t(key("named"))).toBe(intl.formatMessage({ id: "named" }));
    t(key("tagged"), { b: "x" });
    expect(calls()).toBe(3);
  });

  it("names a week by its days in the reader's language, not by its ISO number", () => {
    const en = translate("en");
    const ko = translate("ko");
    // Plain spaces around the dash, as browsers write it: Node's ICU puts thin spaces there, and
    // the page's hydration found its dates different from the server's.
    expect(en.week("2026-10-12").range).toBe("Oct 12 – 18");
    expect(en.week("2026-10-12").short).toBe("Oct 12");
    expect(en.week("2026-10-26").range).toBe("Oct 26 – Nov 1");
    expect(ko.week("2026-10-12").range).toBe("10월 12일~18일");
    expect(ko.week("2026-10-12").short).toBe("10월 12일");
    // A week across the new year says which years.
    expect(ko.week("2026-12-28").range).toBe("2026년 12월 28일~2027년 1월 3일");
    expect(en.week("2026-12-28").range).toBe("Dec 28, 2026 – Jan 3, 2027");
    // The week is those calendar days wherever the reader is.
    expect(translatorFrom(intlFor("en"), "en", "Pacific/Honolulu").week("2026-10-12").short).toBe(
      "Oct 12",
    );
  });

  it("gives the same text as react-intl for every message of every catalog", () => {
    for (const locale of LOCALES) {
      const intl = intlFor(locale);
      const { t } = translate(locale);
      for (const [k, message] of Object.entries(CATALOGS[locale])) {
        const elements = parse(message);
        if (hasTags(elements)) continue; // rich text goes through <Trans>, not t()
        for (const values of sampleValues(elements)) {
          expect(t(key(k), values)).toBe(intl.formatMessage({ id: k }, values));
        }
      }
    }
  });

  it("makes one translator per IntlShape, shared by pages and mail", () => {
    for (const locale of LOCALES) {
      expect(translatorOf(intlFor(locale))).toBe(translate(locale));
      expect(translate(locale).locale).toBe(locale);
    }
  });
});

function hasTags(elements: MessageFormatElement[]): boolean {
  return elements.some(
    (el) =>
      el.type === TYPE.tag ||
      ((el.type === TYPE.plural || el.type === TYPE.select) &&
        Object.values(el.options).some((option) => hasTags(option.value))),
  );
}

/** Values for a message's arguments: every plural count from 0 to 2, every select option. */
function sampleValues(elements: MessageFormatElement[]): Record<string, string | number>[] {
  const args = new Map<string, (string | number)[]>();
  const walk = (list: MessageFormatElement[]) => {
    for (const el of list) {
      if (el.type === TYPE.plural) args.set(el.value, [0, 1, 2, 1234]);
      else if (el.type === TYPE.select) args.set(el.value, Object.keys(el.options));
      else if (el.type === TYPE.number) args.set(el.value, [1234.5]);
      else if (el.type === TYPE.date || el.type === TYPE.time) args.set(el.value, [0]);
      else if (el.type === TYPE.argument && !args.has(el.value)) args.set(el.value, ["최유나"]);
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(elements);
  let samples: Record<string, string | number>[] = [{}];
  for (const [name, choices] of args) {
    samples = samples.flatMap((sample) => choices.map((choice) => ({ ...sample, [name]: choice })));
  }
  return samples;
}
