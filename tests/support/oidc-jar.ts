import { expect } from "vitest";

// A browser for the single sign-on tests over HTTP: a cookie jar, and the provider's own sign-in
// pages (tests/support/oidc-provider.ts) driven by form posts.

/** One browser: cookies by name (Koan and the provider share 127.0.0.1, with distinct names). */
export class Jar {
  cookies = new Map<string, string>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/**
 * Starts a sign-in at Koan and signs in at the provider; answers Koan's callback URL. `form` is
 * what the page's button posts (redirectTo, invite).
 */
export async function signInAtProvider(
  jar: Jar,
  at: { origin: string; issuer: string },
  login: string,
  form: Record<string, string> = {},
) {
  const { origin, issuer } = at;
  const start = await jar.fetch(`${origin}/auth/oidc`, {
    method: "POST",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  expect(start.status).toBe(302);
  let location = start.headers.get("location") ?? "";
  expect(location.startsWith(`${issuer}/auth?`)).toBe(true);
  const authorize = new URL(location);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("nonce")).toBeTruthy();
  expect(authorize.searchParams.get("state")).toBeTruthy();
  for (let hop = 0; hop < 10; hop++) {
    if (location.startsWith(`${origin}/auth/oidc/callback`)) return location;
    const url = new URL(location, issuer).href;
    let response = await jar.fetch(url);
    if (response.status === 200 && /\/interaction\//.test(url)) {
      const html = await response.text();
      expect(html).toContain('name="login"');
      response = await jar.fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ prompt: "login", login, password: "any" }),
      });
    }
    expect([302, 303]).toContain(response.status);
    location = new URL(response.headers.get("location") ?? "", url).href;
  }
  throw new Error(`never came back to Koan (last: ${location})`);
}
