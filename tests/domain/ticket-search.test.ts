import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketSearchText } from "#db/search-text";
import { ticketQueryWords, ticketsMatching } from "~/tickets/ticket-search.server";
import {
  createTicket,
  queryTickets,
  type TicketFilters,
  updateTicket,
} from "~/tickets/tickets.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase } from "../support/db";

// The ticket queue's text search (/tickets?q=): each word typed, in any order, a substring of the
// title or the body; Korean whatever its spacing ("두번" finds "두 번", "결제버튼" finds
// "결제 버튼"), English as before ("log" finds "Login"); one bounded pass over the tickets' search
// texts however many there are.

let t: TestDatabase;
let lead: number;
const ids: Record<string, number> = {};

const ticket = (title: string, body = "") => ({
  title,
  body,
  component: "billing",
  labels: [],
  difficulty: 1,
  starter: false,
});

const noHolders = async () => new Map<number, string>();
async function found(q: string, more: Partial<TicketFilters> = {}) {
  const filters: TicketFilters = {
    status: "any",
    starterOnly: false,
    sort: "oldest",
    page: 1,
    pageSize: 50,
    q,
    ...more,
  };
  const { rows } = await queryTickets(t.db, filters, noHolders);
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  t = await createTestDatabase();
  lead = await buildTestUser(t.db, "lead");
  const add = async (key: string, title: string, body = "") => {
    ids[key] = await createTicket(t.db, { actorId: lead, ticket: ticket(title, body) });
  };
  await add("twice", "결제가 두 번 돼요", "카드로 결제하면 승인이 두 번 와요.");
  await add("onceMore", "환불 요청", "고객이 두번째 환불을 요청했어요.");
  await add("spacedButton", "결제 버튼이 안 눌려요", "");
  await add("gluedButton", "모바일 결제버튼 색이 흐려요", "");
  await add("api", "주문 조회", "배송사 API 호출이 실패해요.");
  await add("login", "Login fails after timeout", "The session cookie expires too early.");
  await add("logIn", "Users cannot log in", "Blank page after the form is sent.");
  await add("percent", "Discount shows 50% off", "Applied to the whole cart.");
  await add("underscore", "Column user_id is empty", "");
});

afterAll(async () => {
  await t?.close();
});

describe("the ticket queue's search text", () => {
  it("drops only the whitespace next to Hangul, lower-cased, title and body apart", () => {
    expect(ticketSearchText("결제 버튼이 두 번", "API 호출\n실패")).toBe(
      "결제버튼이두번\napi호출실패",
    );
    expect(ticketSearchText("Log in  after Timeout", "")).toBe("log in  after timeout\n");
    // Decomposed Korean (a Mac's file) is composed first.
    expect(ticketSearchText("두 번".normalize("NFD"), "")).toBe("두번\n");
  });

  it("reads a query's words composed, lower-cased, without repeats, the first 8", () => {
    expect(ticketQueryWords("  LOGIN  두번 login ")).toEqual(["login", "두번"]);
    expect(ticketQueryWords("a b c d e f g h i j")).toHaveLength(8);
    expect(ticketQueryWords("   ")).toEqual([]);
    expect(ticketQueryWords(undefined)).toEqual([]);
  });
});

describe("searching the ticket queue in Korean, whatever the spacing", () => {
  it("두번 finds 두 번, and 두 번 finds 두번", async () => {
    expect(await found("두번")).toEqual([ids.twice, ids.onceMore]);
    expect(await found("두 번")).toEqual([ids.twice, ids.onceMore]);
    expect(await found("승인이두번")).toEqual([ids.twice]);
  });

  it("결제버튼 finds 결제 버튼, and 결제 버튼 finds 결제버튼", async () => {
    expect(await found("결제버튼")).toEqual([ids.spacedButton, ids.gluedButton]);
    expect(await found("결제 버튼")).toEqual([ids.spacedButton, ids.gluedButton]);
    expect(await found("결제버튼이")).toEqual([ids.spacedButton]);
  });

  it("Hangul glued to Latin letters meets them spaced: API호출 finds API 호출", async () => {
    expect(await found("API호출")).toEqual([ids.api]);
    expect(await found("api 호출이")).toEqual([ids.api]);
  });

  it("still needs every word: 결제버튼 환불 finds nothing", async () => {
    expect(await found("결제버튼 환불")).toEqual([]);
  });

  it("follows an edit of the title or the body", async () => {
    const id = await createTicket(t.db, { actorId: lead, ticket: ticket("정산 파일", "") });
    expect(await found("정산파일")).toEqual([id]);
    expect(await found("누락건")).toEqual([]);
    const result = await updateTicket(
      t.db,
      { actorId: lead, ticketId: id, ticket: ticket("정산 파일", "누락 건이 있어요") },
      new Date(),
      async () => {},
    );
    expect(result).toBe("updated");
    expect(await found("누락건")).toEqual([id]);
    expect(await found("정산파일")).toEqual([id]);
  });
});

describe("searching the ticket queue in English, as before", () => {
  it("finds a word inside a longer one, in any case", async () => {
    expect(await found("log")).toEqual([ids.login, ids.logIn]);
    expect(await found("LOGIN")).toEqual([ids.login]);
    expect(await found("cookie session")).toEqual([ids.login]);
    expect(await found("time")).toEqual([ids.login]);
  });

  it("does not join English words that were written apart, nor split them", async () => {
    expect(await found("login")).toEqual([ids.login]);
    expect(await found("log in")).toEqual([ids.login, ids.logIn]);
    expect(await found("timeoutthe")).toEqual([]);
  });

  it("takes % and _ as the characters typed, not as wildcards", async () => {
    expect(await found("50%")).toEqual([ids.percent]);
    expect(await found("5%")).toEqual([]);
    expect(await found("user_id")).toEqual([ids.underscore]);
    expect(await found("user%id")).toEqual([]);
  });

  it("still narrows by the other filters and counts only the matches", async () => {
    const filters: TicketFilters = {
      status: "any",
      starterOnly: false,
      sort: "newest",
      page: 1,
      pageSize: 1,
      q: "결제",
    };
    const first = await queryTickets(t.db, filters, noHolders);
    expect(first.total).toBe(3);
    expect(first.pageCount).toBe(3);
    expect(first.rows.map((r) => r.id)).toEqual([ids.gluedButton]);
    expect(await found("결제", { component: "web-ui" })).toEqual([]);
  });
});

describe("the search's cost", () => {
  it("reads the search texts by rowid ranges, never the tickets' rows, and the page by id", async () => {
    const plans: string[] = [];
    const { rows } = await sql<{ detail: string }>`explain query plan
      select ticket_id from ticket_search_text
      where ticket_id > ${0} and ticket_id <= ${500} and instr(text, ${"두번"}) > 0`.execute(t.db);
    plans.push(rows.map((r) => r.detail).join(" | "));
    expect(plans[0]).toMatch(
      /SEARCH ticket_search_text USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/,
    );
    expect(plans[0]).not.toContain("tickets ");
  });

  it("goes over thousands of tickets in statements of a few hundred, each well under the event loop's budget", async () => {
    const big = await createTestDatabase();
    try {
      const leadId = await buildTestUser(big.db, "lead");
      const body = "결제 버튼을 두 번 눌러도 반응이 없어요. The login page times out. ".repeat(40);
      // 3,000 tickets, about 2,500 characters each, written in one transaction.
      await big.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 3000; i++) {
          await trx
            .insertInto("tickets")
            .values({
              title: `티켓 ${i}`,
              body: i === 2999 ? `${body} 마지막 한 건` : body,
              component: "billing",
              difficulty: 1,
              starter: 0,
              status: "open",
              source: "manual",
              reporter_id: leadId,
              created_at: new Date(2026, 0, 1, 0, 0, i).toISOString(),
              updated_at: new Date(2026, 0, 1, 0, 0, i).toISOString(),
            })
            .execute();
        }
      });
      const statements: number[] = [];
      const sqlite = big.sqlite;
      const prepare = sqlite.prepare.bind(sqlite);
      let longest = 0;
      sqlite.prepare = ((source: string) => {
        const statement = prepare(source);
        if (!source.includes("ticket_search_text")) return statement;
        const all = statement.all.bind(statement);
        statement.all = ((...params: unknown[]) => {
          const started = performance.now();
          const result = all(...params);
          const took = performance.now() - started;
          statements.push(took);
          longest = Math.max(longest, took);
          return result;
        }) as typeof statement.all;
        return statement;
      }) as typeof sqlite.prepare;
      const started = performance.now();
      const matched = await ticketsMatching(big.db, ticketQueryWords("마지막한건 두번"));
      const took = performance.now() - started;
      sqlite.prepare = prepare;
      expect(matched).toHaveLength(1);
      // One statement for the last id, then one per 500 tickets.
      expect(statements.length).toBeGreaterThanOrEqual(6);
      expect(statements.length).toBeLessThanOrEqual(8);
      // Generous for a shared machine: each statement takes a few milliseconds here.
      expect(longest).toBeLessThan(100);
      expect(took).toBeLessThan(1000);
    } finally {
      await big.close();
    }
  });
});
