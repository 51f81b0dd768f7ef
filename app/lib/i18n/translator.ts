import type { IntlShape } from "react-intl";
import type { Locale } from "./locales";
import { decodeMsg, type MessageKey, type MessageValues, type Msg } from "./messages";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What pages, mail and notifications use to speak the person's language. */
export interface Translator {
  locale: Locale;
  /** The message for `key`, filled in with `values` (ICU: plurals, selects, numbers). */
  t(key: MessageKey, values?: MessageValues): string;
  /** A message made on the server with `k()`; any other text is shown as it is. */
  msg(message: Msg | null | undefined): string;
  /** Whether `key` is one of the catalog's keys (for keys built from data, such as statuses). */
  has(key: string): key is MessageKey;
  /** "Nov 30, 2026" / "2026년 11월 30일" (UTC, as stored). */
  day(iso: string): string;
  /** "September 2026" / "2026년 9월" for the cohort "2026-09". */
  month(cohort: string): string;
  /** "3 days ago", "in 2 hours" / "3일 전", "2시간 후". */
  relative(iso: string, now?: Date): string;
  number(value: number): string;
}

/** One Translator over a react-intl `IntlShape` (built once per language and reused). */
export function translatorFrom(intl: IntlShape, locale: Locale): Translator {
  const has = (key: string): key is MessageKey => Object.hasOwn(intl.messages, key);
  const t = (key: MessageKey, values?: MessageValues) =>
    intl.formatMessage({ id: key }, values as Record<string, string | number> | undefined);
  return {
    locale,
    t,
    has,
    msg(message) {
      if (!message) return "";
      const decoded = decodeMsg(message, has);
      if (!decoded) return message;
      // A value may itself be a message (a problem's "item 3", a file problem's reason): in words.
      const values = decoded.values
        ? Object.fromEntries(
            Object.entries(decoded.values).map(([name, value]) => {
              const inner = typeof value === "string" ? decodeMsg(value, has) : null;
              return [name, inner ? t(inner.key, inner.values) : value];
            }),
          )
        : undefined;
      return t(decoded.key, values);
    },
    day: (iso) =>
      intl.formatDate(new Date(iso), {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: "UTC",
      }),
    month: (cohort) =>
      intl.formatDate(new Date(`${cohort}-01T00:00:00Z`), {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }),
    relative(iso, now = new Date()) {
      const diff = new Date(iso).getTime() - now.getTime();
      const abs = Math.abs(diff);
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ["day", DAY_MS],
        ["hour", 3_600_000],
        ["minute", 60_000],
      ];
      for (const [unit, ms] of units) {
        if (abs >= ms) {
          return intl.formatRelativeTime(Math.round(diff / ms), unit, { numeric: "auto" });
        }
      }
      return t("core.time.justNow");
    },
    number: (value) => intl.formatNumber(value),
  };
}
