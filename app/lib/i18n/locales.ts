// The languages Koan speaks, and how one is chosen for a request.

export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language in its own words, the way a language menu shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: "English", ko: "한국어" };

/** The cookie that remembers a signed-out visitor's choice (the login page's switch). */
export const LOCALE_COOKIE = "koan_lang";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of Koan's languages for an `Accept-Language` header ("ko-KR,ko;q=0.9,en;q=0.8"), or
 * null when it names none of them. Ranges are compared by their primary subtag; a missing q is 1.
 */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of header.slice(0, 500).split(",", 30)) {
    const [range = "", ...params] = part.trim().split(";");
    const primary = range.trim().toLowerCase().split("-")[0];
    if (!isLocale(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? null;
}

/**
 * The person's setting, else the login page's switch, else the language a link asks for (an
 * invite's `?lang=`), else the browser's, else English.
 */
export function pickLocale(input: {
  userLocale?: string | null;
  cookie?: string | null;
  /** The link's `lang` query parameter. */
  requested?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(input.userLocale)) return input.userLocale;
  if (isLocale(input.cookie)) return input.cookie;
  if (isLocale(input.requested)) return input.requested;
  return fromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}

/** The query parameter a link names its language with (`/invite/…?lang=ko`). */
export const LOCALE_PARAM = "lang";

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The Set-Cookie value that remembers a language for a year, or (null) forgets it. */
export function localeCookie(locale: Locale | null): string {
  return locale
    ? `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax`
    : `${LOCALE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
}

/** The `koan_lang` value from a Cookie header, if it names a language. */
export function localeCookieFrom(cookieHeader: string | null | undefined): Locale | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return null;
}
