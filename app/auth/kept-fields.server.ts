import { NAME_MAX } from "~/lib/names";
import { siteCookie } from "./site-cookie.server";

/**
 * What a signed-out person had typed when they switched the page's language (the log-in page's
 * e-mail, the invite page's name), kept across the switch's redirect in a short-lived cookie that
 * the page reads once and clears. Passwords are never kept. Not in the address: an e-mail in a
 * query string lands in history and access logs.
 */
export interface KeptFields {
  email?: string;
  name?: string;
}

/** Longer than any address Koan accepts (254), so an over-long one still comes back to be fixed. */
const EMAIL_KEEP_MAX = 320;
const LIMITS: Record<keyof KeptFields, number> = { email: EMAIL_KEEP_MAX, name: NAME_MAX };
const FIELDS = Object.keys(LIMITS) as (keyof KeptFields)[];

// Long enough for the redirect and the page's load; not a store.
const keptCookie = siteCookie("koan_kept", { maxAge: 120 });

function pick(source: (name: string) => unknown): KeptFields {
  const kept: KeptFields = {};
  for (const field of FIELDS) {
    const value = source(field);
    if (typeof value === "string" && value.trim() !== "" && value.length <= LIMITS[field]) {
      kept[field] = value;
    }
  }
  return kept;
}

/** The Set-Cookie keeping the form's e-mail and name, or null when nothing was typed. */
export async function keepTypedFields(formData: FormData): Promise<string | null> {
  const kept = pick((name) => formData.get(name));
  return Object.keys(kept).length > 0 ? keptCookie().serialize(kept) : null;
}

/**
 * The fields kept for this request's page, and the Set-Cookie that forgets them (null when there
 * were none). A forged or unreadable cookie keeps nothing.
 */
export async function takeKeptFields(
  request: Request,
): Promise<{ kept: KeptFields; clear: string | null }> {
  const header = request.headers.get("Cookie");
  const name = keptCookie().name;
  if (!header?.includes(`${name}=`)) return { kept: {}, clear: null };
  let value: unknown = null;
  try {
    value = await keptCookie().parse(header);
  } catch {
    value = null;
  }
  const record =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return {
    kept: pick((field) => record[field]),
    clear: await keptCookie().serialize("", { maxAge: 0 }),
  };
}
