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
  it("answers a plain message without formatting it, and formats the rest", () => {
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
    expect(calls()).toBe(0);
    expect(t(key("named"), { name: "최유나" })).toBe("Hello 최유나");
    expect(t(key("quoted"))).toBe("Don't wait for {them}");
    expect(t(key("counted"), { count: 2 })).toBe("2 days");
    expect(calls()).toBe(3);
    t(key("tagged"), { b: "x" });
    expect(calls()).toBe(4);
  });

  it("gives the same text as react-intl for every plain message of every catalog", () => {
    for (const locale of LOCALES) {
      const intl = intlFor(locale);
      const { t } = translate(locale);
      for (const [k, message] of Object.entries(CATALOGS[locale])) {
        if (/[{}<>'#]/.test(message)) continue;
        expect(t(key(k))).toBe(intl.formatMessage({ id: k }));
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
