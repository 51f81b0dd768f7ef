import type { IntlShape } from "react-intl";
import { withFinalSounds } from "./final-sound";
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
  /**
   * "Nov 30, 2026" / "2026년 11월 30일". A time is shown on the person's own calendar (their time
   * zone); a date without a time ("2026-09-14", a start date) is that date everywhere.
   */
  day(iso: string): string;
  /**
   * The seven days from a week's first day ("2026-10-12"): "Oct 12 – 18" / "10월 12일~18일", and
   * "Oct 26 – Nov 1" across months. `short` is the first day alone ("Oct 12" / "10월 12일"), for
   * an axis with little room. No year (a chart's weeks are recent) unless the week spans two.
   */
  week(start: string): { range: string; short: string };
  /** "September 2026" / "2026년 9월" for the cohort "2026-09". */
  month(cohort: string): string;
  /** "3 days ago", "in 2 hours" / "3일 전", "2시간 후". */
  relative(iso: string, now?: Date): string;
  number(value: number): string;
}

/** ICU syntax (arguments, plurals, tags, quoting): a message without any is its own text. */
const ICU_SYNTAX = /[{}<>'#]/;

type Compiled = ReturnType<IntlShape["formatters"]["getMessageFormat"]>;

function compile(intl: IntlShape, key: string): Compiled | null {
  const message = intl.messages[key];
  if (typeof message !== "string") return null;
  try {
    return intl.formatters.getMessageFormat(message, intl.locale, intl.formats, {
      formatters: intl.formatters,
    });
  } catch {
    return null;
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Thin and narrow no-break spaces as plain spaces. Engines' ICU data space dates differently:
 * Node 20 writes "Oct 12 – 18" with thin spaces around the dash where Chromium writes plain
 * ones, so a page's dates came out of the browser's hydration different from the server's HTML
 * and React threw the page away to render it again.
 */
const plainSpaces = (text: string) => text.replace(/[\u2009\u202f]/g, " ");

/**
 * One Translator over a react-intl `IntlShape` (built once per language and reused); `timeZone`
 * is the person's (an IANA name), for the calendar day of a time.
 */
export function translatorFrom(intl: IntlShape, locale: Locale, timeZone = "UTC"): Translator {
  const has = (key: string): key is MessageKey => Object.hasOwn(intl.messages, key);
  // Most messages are plain text (no arguments): they are answered as they are, without
  // react-intl's formatter cache, whose key is built (JSON) on every call. Decided once per key.
  const plain = new Map<string, string | null>();
  // The others are compiled once per key by react-intl's own formatter (as formatMessage would,
  // with no time zone or default rich-text elements set) and kept here, keyed by the message key.
  // Anything that does not come out as text (a missing value, tags) goes through formatMessage,
  // which reports the problem as it always did.
  const compiled = new Map<string, Compiled | null>();
  const compilable = intl.timeZone === undefined && intl.defaultRichTextElements === undefined;
  const t = (key: MessageKey, given?: MessageValues) => {
    let text = plain.get(key);
    if (text === undefined) {
      const message = has(key) ? intl.messages[key] : undefined;
      text = typeof message === "string" && !ICU_SYNTAX.test(message) ? message : null;
      plain.set(key, text);
    }
    if (text !== null) return text;
    // Korean picks a particle by how a value ends ({nameFinal, select, …}, final-sound.ts).
    const values = given && locale === "ko" ? withFinalSounds(given) : given;
    let format = compiled.get(key);
    if (format === undefined) {
      format = compilable ? compile(intl, key) : null;
      compiled.set(key, format);
    }
    if (format) {
      try {
        const out = format.format(values as Record<string, string | number> | undefined);
        if (typeof out === "string") return out;
      } catch {
        // formatMessage below reports it.
      }
    }
    return intl.formatMessage({ id: key }, values as Record<string, string | number> | undefined);
  };
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
      plainSpaces(
        intl.formatDate(new Date(iso), {
          day: "numeric",
          month: "short",
          year: "numeric",
          timeZone: DATE_ONLY.test(iso) ? "UTC" : timeZone,
        }),
      ),
    week(start) {
      const first = new Date(`${start}T00:00:00Z`);
      const last = new Date(first.getTime() + 6 * DAY_MS);
      const options = { day: "numeric", month: "short", timeZone: "UTC" } as const;
      return {
        range: plainSpaces(intl.formatDateTimeRange(first, last, options)),
        short: plainSpaces(intl.formatDate(first, options)),
      };
    },
    month: (cohort) =>
      plainSpaces(
        intl.formatDate(new Date(`${cohort}-01T00:00:00Z`), {
          month: "long",
          year: "numeric",
          timeZone: "UTC",
        }),
      ),
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

const translators = new WeakMap<IntlShape, Map<string, Translator>>();

/**
 * The Translator of `intl` for people in `timeZone`, made once per IntlShape and zone (pages ask
 * for it in every component; a team has few zones).
 */
export function translatorOf(intl: IntlShape, timeZone = "UTC"): Translator {
  let byZone = translators.get(intl);
  if (!byZone) {
    byZone = new Map();
    translators.set(intl, byZone);
  }
  let translator = byZone.get(timeZone);
  if (!translator) {
    translator = translatorFrom(intl, intl.locale as Locale, timeZone);
    byZone.set(timeZone, translator);
  }
  return translator;
}
