import { type Cookie, type CookieOptions, createCookie } from "@remix-run/node";
import { getEnv } from "~/lib/env.server";

/**
 * One of Koan's cookies, made at its first use: httpOnly, SameSite=Lax, for the whole site; with
 * SECURE_COOKIES (the production default) also Secure and named `__Host-<name>`.
 */
export function siteCookie(name: string, options: Pick<CookieOptions, "maxAge"> = {}) {
  let made: Cookie | undefined;
  return (): Cookie => {
    if (!made) {
      const secure = getEnv().SECURE_COOKIES;
      made = createCookie(secure ? `__Host-${name}` : name, {
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        ...options,
      });
    }
    return made;
  };
}
