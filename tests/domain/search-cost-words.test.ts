import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// 요금 (a fee) and 비용 (a cost) say the same of a cloud bill, and "cost" in English (migration 0050).

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.cost = await add({
    title: "S3 비용이 갑자기 두 배 — 완료되지 않은 멀티파트 업로드 조각",
    symptom: "이번 달 S3 청구 금액이 지난달의 두 배. 객체 수는 그대로였다.",
    component: "media",
  });
  ids.links = await add({
    title: "S3 이미지 링크가 하루 지나면 AccessDenied",
    symptom: "S3 presigned URL 이 하루 지나면 열리지 않음. S3 버킷 정책은 그대로였다.",
    component: "media",
  });
  ids.english = await add({
    title: "Cloud cost doubled after a log retention change",
    symptom: "The monthly bill doubled; logs were kept forever.",
    component: "infra",
  });
  ids.console = await add({
    title: "Cloud console shows the wrong region",
    symptom: "The cloud console opened in another region after signing in.",
    component: "infra",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("요금, 비용 and cost (migration 0050)", () => {
  it("a fee that went up is the cost that doubled, before another write-up naming S3", async () => {
    expect(await first("s3 요금 갑자기 늘어남")).toBe(ids.cost);
  });

  it("meets the English write-up's cost in Korean", async () => {
    expect(await first("클라우드 요금")).toBe(ids.english);
  });
});
