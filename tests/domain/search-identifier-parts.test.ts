import { Migrator, sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "#db/client";
import { migrations } from "#db/migrations/index";
import { identifierParts } from "#db/search-text";
import { searchWriteups } from "~/knowledge/search.server";
import { insertWriteup } from "~/knowledge/writeups.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type TestDatabase, tempDir } from "../support/db";
import { writeupInput } from "../support/fixtures";
import { writeupSearch } from "../support/search-writeups";

// The index holds a camel-case name as one word ("OOMKilled": oomkilled), so the acronym in it
// typed alone ("OOM 재시작") never met it. identifier_parts (migration 0052) keeps each name's
// parts, and search meets an acronym by the names it is part of.

describe("the parts of the camel-case names in a text", () => {
  it("are each name's words, lower-cased, the acronyms marked", () => {
    expect(JSON.parse(identifierParts("The pod was OOMKilled; see PushSendWorker."))).toEqual([
      ["oom", "oomkilled", 1],
      ["killed", "oomkilled", 0],
      ["push", "pushsendworker", 0],
      ["send", "pushsendworker", 0],
      ["worker", "pushsendworker", 0],
    ]);
  });

  it("leave out plain words, acronyms' plurals, one-letter parts and digits", () => {
    // "OAuth2": the O of one letter and the digit go, "Auth" stays.
    expect(
      JSON.parse(identifierParts("APIs and VMs of the DDoS team, plain words, 결제 API")),
    ).toEqual([]);
    expect(JSON.parse(identifierParts("OAuth2AuthenticationException"))).toEqual([
      ["auth", "oauth2authenticationexception", 0],
      ["authentication", "oauth2authenticationexception", 0],
      ["exception", "oauth2authenticationexception", 0],
    ]);
  });

  it("read each name once, and nothing of an empty text", () => {
    expect(JSON.parse(identifierParts("MySQL MySQL"))).toEqual([
      ["my", "mysql", 0],
      ["sql", "mysql", 1],
    ]);
    expect(identifierParts("")).toBe("[]");
    expect(identifierParts(null)).toBe("[]");
  });
});

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, found, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.clock = await add({
    title: "Clock drift alarms after a reboot",
    symptom: "timedatectl shows NTPSynchronized=no on two hosts.",
    component: "infra",
  });
  ids.pod = await add({
    title: "주문 API 파드가 계속 재시작됨",
    symptom: "kubectl describe 에 OOMKilled 가 찍히고 파드가 재시작됨.",
    component: "orders",
  });
  ids.restart = await add({
    title: "배포 후 워커가 재시작됨",
    symptom: "설정 파일 오타로 워커가 재시작을 반복함.",
    component: "worker",
  });
  ids.lock = await add({
    title: "Checkout stalls behind a table lock",
    symptom: "A migration on PostgreSQL held a lock on the orders table.",
    component: "checkout",
  });
  ids.pool = await add({
    title: "DB 커넥션 풀 고갈로 주문 API 응답 지연",
    symptom: "로그에 HikariPool-1 - Connection is not available 가 반복됨.",
    component: "orders",
  });
  ids.drained = await add({
    title: "쿠폰 재고 고갈 알림이 늦게 옴",
    symptom: "쿠폰이 고갈된 뒤 10분 지나서 알림이 옴.",
    component: "coupons",
  });
  ids.settings = await add({
    title: "Hikari 설정값 문서가 예전 값으로 남아 있음",
    symptom: "maximumPoolSize 설명이 예전 값 10 으로 적혀 있음.",
    component: "docs",
  });
  ids.upload = await add({
    title: "Oversized uploads rejected",
    symptom: "The proxy answers PayloadTooLargeError for files over 10 MB.",
    component: "uploads",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("search meets an acronym by the names it is part of", () => {
  // A word still being typed (the last, without a space after it) already meets the names it
  // begins, as completions: these queries end in a space, or the acronym is not the last word.
  it("finds the write-up naming NTPSynchronized for ntp, and the one naming PostgreSQL for sql", async () => {
    expect(await found("ntp ")).toEqual([ids.clock]);
    expect(await found("sql ")).toEqual([ids.lock]);
  });

  it("puts the pod OOMKilled first for OOM 재시작, above a restart alone", async () => {
    const results = await found("OOM 재시작");
    expect(results[0]).toBe(ids.pod);
    expect(results).toContain(ids.restart);
  });

  // A word no write-up holds alone already finds the names it begins (search-forms.server.ts):
  // here one write-up holds "Hikari" alone.
  it("meets a name by a word of it that is no English word (hikari: HikariPool)", async () => {
    expect((await found("hikari ")).sort()).toEqual([ids.pool, ids.settings].sort());
    const results = await found("hikari 고갈");
    expect(results[0]).toBe(ids.pool);
    expect(results).toContain(ids.drained);
  });

  it("marks the name in the snippet", async () => {
    const { results } = await searchWriteups(t.db, { q: "ntp " });
    const marked = results[0]?.snippet.filter((p) => p.hit).map((p) => p.text);
    expect(marked).toEqual(["NTPSynchronized"]);
  });

  it("does not meet a plain word of a name (large is no acronym of PayloadTooLargeError)", async () => {
    expect(await found("large ")).toEqual([]);
  });

  it("meets a name a write-up gains when it is edited", async () => {
    expect(await found("tls ")).toEqual([]);
    await t.db
      .updateTable("writeups")
      .set({ symptom: sql`symptom || ' The TLSSocket closed first.'` })
      .where("id", "=", ids.upload as number)
      .execute();
    expect(await first("tls ")).toBe(ids.upload);
  });
});

describe("migration 0052", () => {
  const opened: { close(): void }[] = [];
  afterEach(() => {
    for (const o of opened.splice(0)) o.close();
  });

  it("reads the names of the write-ups saved before it", async () => {
    const { db, sqlite } = openDatabase(`${tempDir()}/koan.db`);
    opened.push(sqlite);
    await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(
      "0051_phrase_words",
    );
    const author = await buildTestUser(db, "mentor");
    await insertWriteup(db, {
      authorId: author,
      status: "published",
      writeup: writeupInput({ title: "Checkout 502", symptom: "The SMSGateway timed out." }),
    });
    await migrateToLatest(db);
    const { rows } = await sql<{
      part: string;
      term: string;
      acronym: number;
    }>`select part, term, acronym from identifier_parts order by part`.execute(db);
    expect(rows).toEqual([
      { part: "gateway", term: "smsgateway", acronym: 0 },
      { part: "sms", term: "smsgateway", acronym: 1 },
    ]);
  });
});
