import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endedVerbForms, joinedForms } from "~/knowledge/korean-verb-forms";
import { searchWriteups } from "~/knowledge/search.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A Korean query's verb meets the forms write-ups write it in: "환불이 안 들어와요" the write-up
// saying "환불이 안 들어온다는" (the stem's last syllable took ㄴ), and "며칠 걸리나요" (the stem
// 걸리 once 나요 goes) the one saying "3~7일이 걸림". Among 100,000 write-ups, generated texts
// repeating 결제, 취소 and 환불 outranked the answer, which counted as lacking the verb.

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.refund = await add({
    title: "결제 취소했는데 환불이 바로 안 들어온다는 문의",
    symptom: "고객이 주문 취소 후 3일이 지났는데 카드 환불이 안 됐다고 문의함.",
    rootCause: "PG 취소 승인은 즉시 되지만 카드사 매입 취소는 영업일 3~7일이 걸림.",
    component: "payments",
    resolution: "works_as_designed",
  });
  for (let i = 0; i < 12; i++)
    await add({
      title: `결제 취소 환불 결제 오류 ${i}`,
      symptom: `결제 결제 취소 환불 결제 카드 ${i}건. 결제가 취소되고 환불 처리.`,
      component: "payments",
    });
  await warm();
});

afterAll(() => t?.close());

describe("Korean verbs in the forms write-ups write them", () => {
  it("들어와요 finds 들어온다는: the stem's form with ㄴ", async () => {
    const response = await searchWriteups(t.db, { q: "결제를 취소했는데 환불이 안 들어와요" });
    expect(response.results[0]).toMatchObject({ id: ids.refund, matchedAll: true });
    expect(joinedForms("들어오")).toEqual(["들어온"]);
    expect(joinedForms("튕기")).toEqual(["튕긴"]);
    // One syllable, or a stem ending in a consonant: none.
    expect(joinedForms("오")).toEqual([]);
    expect(joinedForms("닫")).toEqual([]);
  });

  it("걸리나요 finds 걸림: a stem left by its ending takes the verb's other forms", async () => {
    const response = await searchWriteups(t.db, { q: "카드 환불 며칠 걸리나요" });
    expect(response.results[0]?.id).toBe(ids.refund);
    const held = await searchWriteups(t.db, { q: "카드 환불 걸리나요" });
    expect(held.results[0]).toMatchObject({ id: ids.refund, matchedAll: true });
    expect(endedVerbForms("걸리나요", "걸리")).toEqual(["걸림", "걸려", "걸렸", "걸린"]);
    expect(endedVerbForms("끊기는데", "끊기")).toEqual(["끊김", "끊겨", "끊겼", "끊긴"]);
    // Nouns stay nouns: 서버 is no verb's stem, and 알림 is a notification.
    expect(endedVerbForms("서버는데", "서버")).toBeNull();
    expect(endedVerbForms("알리는데", "알리")).toBeNull();
    // Only the endings that follow a verb's stem.
    expect(endedVerbForms("걸리고", "걸리")).toBeNull();
  });
});
