/** A tiny cookie-keeping HTTP client for the HTTP tests (tests/http) against the real server. */
export class Browser {
  cookie = "";
  /** `origin`: what its forms say they come from (APP_ORIGIN behind a proxy); `base` otherwise. */
  constructor(
    readonly base: string,
    readonly origin = base,
  ) {}

  async request(
    pathname: string,
    init: RequestInit & { form?: Record<string, string | string[]> } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("Cookie", this.cookie);
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(init.form)) {
        for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
      }
      body = params;
      headers.set("Origin", this.origin);
    }
    const response = await fetch(new URL(pathname, this.base), {
      ...init,
      method: init.method ?? (init.form ? "POST" : "GET"),
      body,
      headers,
      redirect: "manual",
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0] ?? "";
      this.cookie = pair.endsWith("=") ? "" : pair;
    }
    return response;
  }

  get(pathname: string) {
    return this.request(pathname);
  }

  post(pathname: string, form: Record<string, string | string[]>) {
    return this.request(pathname, { form });
  }

  async login(email: string, password: string) {
    const response = await this.post("/login", { email, password });
    if (response.status !== 302) throw new Error(`login as ${email} failed: ${response.status}`);
    return response;
  }
}

/** Text from markup with HTML's escapes undone, as the browser reads an attribute or an element. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** A page's markup to look for sentences in: React's `<!-- -->` between text pieces gone, escapes undone. */
export function readableHtml(html: string): string {
  return unescapeHtml(html.replace(/<!-- -->/g, ""));
}

/** The labels of a page's primary buttons (`button-primary`), in order. */
/**
 * Throws unless each part is on the page, in this order (a provider's button, then a heading,
 * then a form). Plain errors, not vitest's: the benchmarks import this file too.
 */
export function expectInOrder(html: string, parts: string[]) {
  let from = 0;
  for (const part of parts) {
    const at = html.indexOf(part);
    if (at === -1) throw new Error(`"${part}" is not on the page`);
    if (at < from) throw new Error(`"${part}" comes before the part listed ahead of it`);
    from = at;
  }
}

export function primaryButtons(html: string): string[] {
  return [...readableHtml(html).matchAll(/<button\b([^>]*)>([^<]*)<\/button>/g)]
    .filter(([, attributes]) => /\bclass="[^"]*\bbutton-primary\b/.test(attributes ?? ""))
    .map(([, , label]) => (label ?? "").trim());
}
