import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";

// The inbox's numbers on /inbox: the shell's Inbox link and the page's heading show the same
// count, asked of the database once per page load (the root's loader and the page's ran the same
// query side by side). Counted in the server's query log (LOG_LEVEL=debug logs every query).

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ LOG_LEVEL: "debug" });
});
afterAll(async () => {
  await server?.stop();
});

/** The inbox count query, as the query log shows it (see inboxCounts). */
const COUNT_QUERY = /"sql":"select count\(distinct case when n\.kind not in .*"msg":"query"/;

/**
 * The server's log from `from` up to the line of the request that `response` answered: its own
 * line comes when the response is finished, after every query it sent.
 */
function logUpTo(response: Response, from: number): Promise<string> {
  const id = response.headers.get("x-request-id") ?? "";
  return waitFor(
    () => {
      const text = server.output().slice(from);
      return text.includes(`"requestId":"${id}"`) ? text : "";
    },
    { what: `the log line of request ${id}` },
  );
}

/** The response to `path`, and how many inbox count queries answering it sent. */
async function countsAsked(b: Browser, path: string) {
  const before = server.output().length;
  const response = await b.get(path);
  const body = await response.text();
  const log = await logUpTo(response, before);
  const queries = log.split("\n").filter((line) => COUNT_QUERY.test(line)).length;
  return { status: response.status, body, queries };
}

/** The Inbox link's badge and the heading's "N things need you", as served. */
function numbers(html: string) {
  const badge = html.match(
    /class="account-inbox[^"]*"[^>]*>.*?<span class="badge badge-accent"><span aria-hidden="true">(\d+)/,
  )?.[1];
  const lede = html.match(/(\d+) things? needs? you/)?.[1];
  return { badge: Number(badge ?? 0), lede: Number(lede ?? 0) };
}

describe("the inbox's count on /inbox", () => {
  it("is asked once for the Inbox link and the page, on a whole page and a client navigation, and both say the same", async () => {
    const b = new Browser(server.url);
    await logUpTo(await b.login("mentor@koan.test", DEMO_PASSWORD), 0);

    const page = await countsAsked(b, "/inbox");
    expect(page.status).toBe(200);
    expect(page.queries).toBe(1);
    const shown = numbers(page.body);
    expect(shown.badge).toBeGreaterThan(0);
    expect(shown.lede).toBe(shown.badge);
    // Read out as a sentence ("Inbox, 3 things need you"), and every count on the page with its
    // verb in agreement: "1 need you" before.
    const thing = shown.badge === 1 ? "thing needs" : "things need";
    expect(page.body).toContain(`<span class="visually-hidden">${shown.badge} ${thing} you</span>`);
    const counts = [...page.body.matchAll(/(\d+) (?:things? )?(needs?) you/g)];
    expect(counts.length).toBeGreaterThan(2);
    for (const [said, n, verb] of counts) expect(verb, said).toBe(n === "1" ? "needs" : "need");

    // A client navigation's data (single fetch: the root's and the page's loaders together).
    const data = await countsAsked(b, "/inbox.data");
    expect(data.status).toBe(200);
    expect(data.queries).toBe(1);

    // Another page asks it once too, for the Inbox link alone.
    expect((await countsAsked(b, "/settings")).queries).toBe(1);

    // One item read: both numbers go down together.
    const user = await server.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "mentor@koan.test")
      .executeTakeFirstOrThrow();
    const item = await server.db
      .selectFrom("notifications")
      .select("id")
      .where("user_id", "=", user.id)
      .where("read_at", "is", null)
      .where("resolved_at", "is", null)
      .where("kind", "in", ["stuck", "review_requested"])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const read = await b.post("/inbox", { intent: "read", notificationId: String(item.id) });
    expect(read.status).toBe(200);
    await read.text();
    await logUpTo(read, 0);
    const after = await countsAsked(b, "/inbox");
    expect(after.queries).toBe(1);
    const now = numbers(after.body);
    expect(now.badge).toBe(shown.badge - 1);
    expect(now.lede).toBe(now.badge);
  });
});
