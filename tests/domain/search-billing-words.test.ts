import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// What a Korean team types about a bill and its amount meets the English write-ups about them
// (migration 0046): 세금계산서, 계산서, 금액 and 청구.

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, found, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.invoice = await add({
    title: "Invoice PDF shows a dollar sign for KRW merchants",
    symptom: "The amount on the invoice is right but the currency sign is wrong.",
    component: "billing",
  });
  ids.twice = await add({
    title: "Customer charged twice for a renewal",
    symptom: "The renewal job ran on two workers at once.",
    component: "billing",
  });
  // Korean write-ups sharing a plain word (화면, 중복) with the queries below.
  ids.rows = await add({
    title: "가져오기를 다시 돌리면 행이 중복됨",
    symptom: "실패한 가져오기를 재실행하면 같은 거래가 중복으로 들어감.",
    component: "imports",
  });
  ids.shown = await add({
    title: "대시보드 화면에 소수점이 두 자리로 보임",
    symptom: "원화인데 화면에 .00 이 붙어서 보임.",
    component: "web-ui",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("a bill's and its amount's words in Hangul (migration 0046)", () => {
  it("세금계산서 and 금액 meet the invoice and its amount (they found nothing)", async () => {
    expect(await first("세금계산서")).toBe(ids.invoice);
    expect(await first("세금계산서 금액 틀림")).toBe(ids.invoice);
    expect(await first("계산서 금액이 잘못 나와요")).toBe(ids.invoice);
  });

  it("중복 청구 puts the write-up about a charge made twice first, not duplicated rows", async () => {
    expect(await first("중복 청구")).toBe(ids.twice);
    // 중복 still meets the Korean write-up that says it.
    expect(await found("중복 가져오기")).toContain(ids.rows);
  });
});
