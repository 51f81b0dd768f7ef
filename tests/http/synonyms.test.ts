import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Search synonyms (leads): a word that can't be paired is said at its own field, with what the
// lead typed kept, without JavaScript as with it.

let server: TestServer;
let lead: Browser;

beforeAll(async () => {
  server = await startServer();
  lead = new Browser(server.url);
  await lead.login("lead@koan.test", DEMO_PASSWORD);
});

afterAll(async () => {
  await server.stop();
});

/** The `<input>` for `name`, as served. */
const input = (html: string, name: string) =>
  html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0] ?? "";

describe("adding a synonym pair", () => {
  it("marks the word that is neither a word nor a short phrase, and keeps both", async () => {
    const response = await lead.post("/kb/synonyms", {
      intent: "add",
      term: "결제 오류 / 실패",
      synonym: "payment",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(input(html, "term")).toContain('aria-invalid="true"');
    expect(input(html, "term")).toContain('aria-describedby="field-term-error"');
    expect(input(html, "term")).toContain('value="결제 오류 / 실패"');
    expect(input(html, "synonym")).not.toContain("aria-invalid");
    expect(input(html, "synonym")).toContain('value="payment"');
    expect(html).toMatch(
      /<p class="field-error" id="field-term-error">Give two different words or short phrases/,
    );
  });

  it("takes a short phrase, as its words one space apart", async () => {
    const response = await lead.post("/kb/synonyms", {
      intent: "add",
      term: "결제  오류",
      synonym: "payment-failure",
    });
    expect(response.status).toBeLessThan(400);
    const list = await (await lead.get("/kb/synonyms?q=payment failure")).text();
    expect(list).toContain("결제 오류");
  });

  it("marks the second word when it is the first again, or too long, keeping what was typed", async () => {
    const same = await (
      await lead.post("/kb/synonyms", { intent: "add", term: "Cookie", synonym: "cookie" })
    ).text();
    expect(input(same, "synonym")).toContain('aria-invalid="true"');
    expect(input(same, "term")).not.toContain("aria-invalid");

    const long = "가".repeat(150);
    const response = await lead.post("/kb/synonyms", {
      intent: "add",
      term: "쿠키",
      synonym: long,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(input(html, "synonym")).toContain('aria-invalid="true"');
    expect(input(html, "synonym")).toContain(`value="${long}"`);
  });
});

describe("removing a synonym pair", () => {
  /** The page's status message (role=status), as served. */
  const status = (html: string) =>
    html.match(/<div class="notice notice-success" role="status"[^>]*>([^<]*)<\/div>/)?.[1] ?? "";

  it("says which pair went, in the page's language, and says so calmly when it was already gone", async () => {
    const [first, second] = await server.db
      .selectFrom("search_synonyms")
      .select(["id", "term", "synonym"])
      .orderBy("id")
      .limit(2)
      .execute();
    if (!first || !second) throw new Error("the demo has synonym pairs");
    const removed = await lead.post("/kb/synonyms", { intent: "remove", id: String(first.id) });
    expect(removed.status).toBe(200);
    expect(status(await removed.text())).toBe(`Removed: ${first.term} ↔ ${first.synonym}.`);

    const korean = await lead.request("/kb/synonyms", {
      form: { intent: "remove", id: String(second.id) },
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(korean.status).toBe(200);
    expect(status(await korean.text())).toBe(`삭제했어요: ${second.term} ↔ ${second.synonym}.`);

    // Pressed again (a second tab, another lead was first): nothing to remove, and it says so.
    const again = await lead.post("/kb/synonyms", { intent: "remove", id: String(first.id) });
    expect(again.status).toBe(200);
    expect(status(await again.text())).toBe("That pair was already removed: nothing to do.");
    const againKo = await lead.request("/kb/synonyms", {
      form: { intent: "remove", id: String(first.id) },
      headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
    });
    expect(status(await againKo.text())).toBe("이미 삭제된 짝이에요. 더 할 일은 없어요.");
  });
});

describe("removing a pair while a new one is being typed", () => {
  it("the Remove buttons send the add form, and the page comes back with its words in their fields", async () => {
    const page = await (await lead.get("/kb/synonyms")).text();
    // Without scripts too: each Remove button is the add form's, naming its pair.
    expect(page).toMatch(/<form[^>]*id="synonym-add"/);
    const button = page.match(/<button[^>]*aria-label="Remove [^"]*"[^>]*>/)?.[0] ?? "";
    expect(button).toContain('form="synonym-add"');
    expect(button).toContain('name="remove"');
    const id = button.match(/value="(\d+)"/)?.[1] ?? "";
    expect(id).not.toBe("");

    // What the browser sends when that button is pressed with words typed in the add fields.
    const response = await lead.post("/kb/synonyms", {
      term: "payment",
      synonym: "결제",
      remove: id,
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/role="status"[^>]*>Removed: /);
    expect(input(html, "term")).toContain('value="payment"');
    expect(input(html, "synonym")).toContain('value="결제"');
    expect(input(html, "term")).not.toContain("aria-invalid");
    const gone = await server.db
      .selectFrom("search_synonyms")
      .select("id")
      .where("id", "=", Number(id))
      .executeTakeFirst();
    expect(gone).toBeUndefined();

    // A forged pair id: refused calmly, the typed words still there.
    const forged = await lead.post("/kb/synonyms", { term: "payment", synonym: "", remove: "x" });
    expect(forged.status).toBe(400);
    expect(input(await forged.text(), "term")).toContain('value="payment"');
  });
});

describe("the list of pairs, a page at a time", () => {
  /** The pairs a page lists, as "term ↔ synonym", from their Remove buttons' names. */
  const listed = (html: string) =>
    [...html.matchAll(/aria-label="Remove ([^"]*)"/g)].map((m) => m[1] ?? "");
  /** Every pair in the list's order (by word, then its synonym), optionally those holding `q`. */
  async function pairs(q = "") {
    const rows = await server.db
      .selectFrom("search_synonyms")
      .select(["id", "term", "synonym"])
      .execute();
    return rows
      .filter((p) => p.term.includes(q) || p.synonym.includes(q))
      .sort((a, b) =>
        a.term === b.term
          ? a.synonym === b.synonym
            ? a.id - b.id
            : a.synonym < b.synonym
              ? -1
              : 1
          : a.term < b.term
            ? -1
            : 1,
      )
      .map((p) => `${p.term} ↔ ${p.synonym}`);
  }

  it("shows 50 pairs a page, says how many there are and where the reader is, and links on", async () => {
    const all = await pairs();
    expect(all.length).toBeGreaterThan(100);
    const pageCount = Math.ceil(all.length / 50);
    const first = await (await lead.get("/kb/synonyms")).text();
    expect(listed(first)).toEqual(all.slice(0, 50));
    expect(first).toContain(`${all.length.toLocaleString("en")} pairs</h2>`);
    expect(first).toContain(
      `Showing pairs 1–50 of ${all.length.toLocaleString("en")}, by word from A to Z (page 1 of ${pageCount}).`,
    );
    expect(first).toContain('aria-label="Pages of synonym pairs"');
    expect(first).toContain(`Page 1 of ${pageCount}`);
    expect(first).toContain('href="/kb/synonyms?page=2#pairs-heading"');
    // The add form stays at the top, above the list.
    expect(first.indexOf('name="term"')).toBeLessThan(first.indexOf("Remove "));

    const second = await (await lead.get("/kb/synonyms?page=2")).text();
    expect(listed(second)).toEqual(all.slice(50, 100));
    expect(second).toContain('href="/kb/synonyms#pairs-heading"');
    // Past the end, however far: the last page.
    const past = await (await lead.get("/kb/synonyms?page=99999")).text();
    expect(listed(past)).toEqual(all.slice((pageCount - 1) * 50));
    const korean = await (
      await lead.request("/kb/synonyms?page=2", {
        headers: { "Accept-Language": "ko-KR,ko;q=0.9" },
      })
    ).text();
    expect(korean).toContain(`${pageCount}쪽 중 2쪽`);
    expect(korean).toContain(`${all.length.toLocaleString("ko")}쌍 중 51–100번째를 단어 순으로`);
  });

  it("pages the pairs found too, keeping what was looked for", async () => {
    // A letter most pairs hold: more than a page of them.
    const q = "e";
    const found = await pairs(q);
    expect(found.length).toBeGreaterThan(50);
    const first = await (await lead.get(`/kb/synonyms?q=${q}`)).text();
    expect(listed(first)).toEqual(found.slice(0, 50));
    expect(first).toContain(`href="/kb/synonyms?q=${q}&amp;page=2#pairs-heading"`);
    const second = await (await lead.get(`/kb/synonyms?q=${q}&page=2`)).text();
    expect(listed(second)).toEqual(found.slice(50, 100));
    expect(second).toMatch(new RegExp(`${found.length} pairs of [\\d,]+ hold “${q}”`));
    // A few found: one page, no pager.
    const few = await (await lead.get("/kb/synonyms?q=timeout")).text();
    expect(few).not.toContain("Pages of synonym pairs");
  });
});
