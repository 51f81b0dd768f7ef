import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/api-tokens.server";
import { MAX_SEARCH_QUERY_CHARS } from "~/knowledge/search-types";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { HOSTILE_QUERIES } from "../support/hostile-queries";
import { Browser, readableHtml } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = new Browser(server.url);
  await browser.login("newcomer@koan.test", DEMO_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
});

describe("the JSON search API", () => {
  async function token() {
    const user = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "mentor@koan.test")
      .executeTakeFirstOrThrow();
    const created = await createApiToken(server.db, { userId: user.id, name: "hostile suite" });
    if (!created.ok) throw new Error("no token");
    return created.token;
  }

  it("answers a method other than GET with JSON 405 and the methods it takes", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const response = await fetch(`${server.url}/api/search?q=a`, {
        method,
        headers: { Authorization: `Bearer ${await token()}`, Origin: server.url },
      });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(await response.json()).toEqual({ error: "GET only: search with GET /api/search?q=…" });
    }
    const health = await fetch(`${server.url}/healthz`, {
      method: "POST",
      headers: { Origin: server.url },
    });
    expect(health.status).toBe(405);
    expect(await health.json()).toEqual({ error: "GET or HEAD only" });
    const exported = await browser.request("/kb/export?format=zip", {
      method: "POST",
      headers: { Origin: server.url },
    });
    expect(exported.status).toBe(405);
    expect(await exported.text()).toContain("This address is a download");
  });

  it("returns ranked results with snippets and URLs for a valid token", async () => {
    const response = await fetch(`${server.url}/api/search?q=worker&limit=3`, {
      headers: { Authorization: `Bearer ${await token()}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      results: { id: number; title: string; url: string; score: number; snippet: string }[];
    };
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(3);
    expect(body.results[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kb\/\d+$/);
    expect(body.results[0]?.snippet).toMatch(/\*\*worker\*\*/i);
  });

  it(`answers every hostile query with JSON, never an error (${HOSTILE_QUERIES.length} queries)`, async () => {
    const headers = { Authorization: `Bearer ${await token()}` };
    for (const q of HOSTILE_QUERIES) {
      const response = await fetch(
        `${server.url}/api/search?${new URLSearchParams({ q: q.slice(0, 1000) })}`,
        { headers },
      );
      // A query with no words at all is a clear 400; everything else is answered with results.
      const body = (await response.json()) as { results?: unknown; error?: string };
      if (q.trim() === "") {
        expect(response.status).toBe(400);
        expect(body.error).toBeTruthy();
      } else {
        expect(response.status, JSON.stringify(q).slice(0, 60)).toBe(200);
        expect(Array.isArray(body.results)).toBe(true);
      }
    }
  });

  it("searches a query past the limit by its start, saying what it searched", async () => {
    const q = `worker ${"timeout ".repeat(300)}`;
    const response = await fetch(`${server.url}/api/search?${new URLSearchParams({ q })}`, {
      headers: { Authorization: `Bearer ${await token()}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { query: string; results: unknown[] };
    expect(body.query).toBe(q.slice(0, MAX_SEARCH_QUERY_CHARS));
    expect(body.results.length).toBeGreaterThan(0);
  });
});

describe("one limit for a search's length", () => {
  it("the header's box and the knowledge base's take as much as the page, API and search read", async () => {
    const html = await (await browser.get("/kb")).text();
    const maxOf = (id: string) =>
      html.match(new RegExp(`<input[^>]*id="${id}"[^>]*>`))?.[0].match(/maxLength="(\d+)"/i)?.[1];
    expect(maxOf("kb-q")).toBe(String(MAX_SEARCH_QUERY_CHARS));
    expect(maxOf("header-search")).toBe(String(MAX_SEARCH_QUERY_CHARS));
  });
});

describe("this may already be answered (/kb/related)", () => {
  it("refuses too long a text or title in the asker's language", async () => {
    const yuna = new Browser(server.url);
    await yuna.login("yuna@koan.test", DEMO_PASSWORD);
    const ask = async (who: Browser, params: Record<string, string>) => {
      const response = await who.get(`/kb/related?${new URLSearchParams(params)}`);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: string }).error;
    };
    const long = "x".repeat(1001);
    expect(await ask(browser, { q: long })).toBe("Keep the text under 1,000 characters.");
    expect(await ask(yuna, { q: long })).toBe("내용은 1,000자 이내로 써 주세요.");
    expect(await ask(yuna, { q: "결제", title: "x".repeat(301) })).toBe(
      "제목은 300자 이내로 써 주세요.",
    );
  });
});

describe("My onboarding", () => {
  it("counts the newcomer's published write-ups", async () => {
    const me = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "newcomer@koan.test")
      .executeTakeFirstOrThrow();
    const { n } = await server.db
      .selectFrom("writeups")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("author_id", "=", me.id)
      .where("status", "=", "published")
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThan(0);
    const html = await (await browser.get("/onboarding")).text();
    expect(html).toContain(`${n} write-ups published`);
  });
});

describe("the search page", () => {
  it("finds a demo write-up, highlighting the match, with the query kept in the page", async () => {
    const response = await browser.get(`/kb?${new URLSearchParams({ q: "worker" })}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<mark>worker<\/mark>/i);
    expect(html).toContain('value="worker"');
  });

  it(`answers every one of ${HOSTILE_QUERIES.length} hostile queries with a page, never an error, and escapes them`, async () => {
    for (const q of HOSTILE_QUERIES) {
      const response = await browser.get(`/kb?${new URLSearchParams({ q: q.slice(0, 4000) })}`);
      expect(response.status, JSON.stringify(q).slice(0, 60)).toBe(200);
      const html = await response.text();
      expect(html).not.toContain("<script>alert(1)</script>");
    }
  });

  it("a letter or two that finds nothing asks for more, without the gap's promise; three letters get it", async () => {
    const short = readableHtml(await (await browser.get("/kb?q=zq")).text());
    expect(short).toContain("Keep typing");
    expect(short).not.toContain("Nobody has written this up yet");
    const longer = readableHtml(await (await browser.get("/kb?q=zqx")).text());
    expect(longer).toContain("Nobody has written this up yet");
    expect(longer).not.toContain("Keep typing");
  });

  it("a filtered search that finds nothing offers the same words without the filters", async () => {
    const response = await browser.request(
      `/kb?${new URLSearchParams({ q: "invoice", component: "billing", tag: "없는-태그" })}`,
      { headers: { "Accept-Language": "ko" } },
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("필터에 맞는 해결 기록이 없어요");
    expect(html).toMatch(/<a [^>]*href="\/kb\?q=invoice">필터 없이 같은 검색어로 찾아보거나<\/a>/);
    // Not the unfiltered advice: the words alone do find write-ups, so no gap is recorded.
    expect(html).not.toContain("결과가 없는 검색은 채워야 할 빈틈으로 리드에게 보여요");
    const unfiltered = await browser.get(`/kb?${new URLSearchParams({ q: "zzqxv" })}`);
    expect(await unfiltered.text()).toContain("Nobody has written this up yet");
  });

  it("shows the filters unfolded when one is set, the author filter too, and folded when none is", async () => {
    const author = await server.db
      .selectFrom("writeups")
      .select("author_id")
      .where("status", "=", "published")
      .where("author_id", "is not", null)
      .executeTakeFirstOrThrow();
    const opened = async (params: Record<string, string>) =>
      /<details open="">/.test(
        await browser.get(`/kb?${new URLSearchParams(params)}`).then((r) => r.text()),
      );
    expect(await opened({ q: "worker" })).toBe(false);
    expect(await opened({ q: "worker", author: String(author.author_id) })).toBe(true);
    expect(await opened({ q: "worker", component: "billing" })).toBe(true);
  });

  it("searches a query longer than the box takes by its start, instead of showing no search", async () => {
    // A link made by hand (or a paste past the box's 1,000 characters): 5,000 characters.
    const q = `worker ${"timeout ".repeat(624)}`;
    const response = await browser.get(`/kb?${new URLSearchParams({ q })}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("Recently published");
    const box = html.match(/<input[^>]*id="kb-q"[^>]*>/)?.[0] ?? "";
    expect(box).toContain(`value="${q.slice(0, 1000)}"`);
  });

  it("ignores nonsense filters instead of failing", async () => {
    const response = await browser.get(
      "/kb?q=crash&resolution=bogus&from=yesterday&verified=maybe&component=%00",
    );
    expect(response.status).toBe(200);
  });
});

describe("the ticket queue's search", () => {
  it("that finds nothing says to change the search, to a lead as to a newcomer", async () => {
    const lead = new Browser(server.url);
    await lead.login("lead@koan.test", DEMO_PASSWORD);
    for (const [who, as] of [
      ["lead", lead],
      ["newcomer", browser],
    ] as const) {
      const response = await as.get(`/tickets?${new URLSearchParams({ q: "zzqqxx" })}`);
      expect(response.status, who).toBe(200);
      const text = readableHtml(await response.text()).replace(/<[^>]+>/g, "");
      expect(text, who).toContain("Nothing matches these filters");
      expect(text, who).toContain("Try fewer filters, or see every ticket.");
      // Adding tickets answers an empty queue, not a search that found nothing.
      expect(text, who).not.toContain("Import some");
    }
  });
});

describe("a write-up's page", () => {
  it("leaves out a part the author left empty once published; a draft shows what to write there", async () => {
    const title = "Receipt e-mails sent twice after a retry";
    const post = (intent: "publish" | "save") =>
      browser.post("/kb/new", {
        title: `${title} (${intent})`,
        symptom: "Customers got two receipts.",
        ...(intent === "publish"
          ? { rootCause: "The retry sent it again.", fix: "Sent once per payment." }
          : {}),
        resolution: "fixed",
        intent,
      });
    const idOf = (response: Response) =>
      Number(response.headers.get("location")?.match(/^\/kb\/(\d+)/)?.[1]);
    const published = idOf(await post("publish"));
    const draft = idOf(await post("save"));
    expect(published && draft).toBeTruthy();
    const page = await (await browser.get(`/kb/${published}`)).text();
    expect(page).toContain("Customers got two receipts.");
    expect(page).not.toContain("Not written yet");
    expect(page).not.toContain(">How it was debugged<");
    const draftPage = await (await browser.get(`/kb/${draft}`)).text();
    expect(draftPage).toContain("Not written yet");
  });
});
