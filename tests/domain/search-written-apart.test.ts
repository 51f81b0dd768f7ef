import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// Words written as one in the query and as two in the write-up, or the other way round, in two
// cases the reading of a typed query used to miss:
// - a word no write-up holds whole that the synonym table knows ("healthcheck", 헬스체크 in
//   migration 0019): found through its partner, it was never read as two words run together;
// - two words typed apart in one spelling ("data centre") that the write-ups write as one word
//   in the other ("datacenter");
// - a typed sentence longer than six words because of its function words ("on", "the"): it was
//   read as pasted text, and its two words written as one ("file system") were not joined.

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, first, found, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.healthCheck = await add({
    title: "Instances pulled from the pool under load",
    symptom: "The load balancer's health check gives up after one second; the timeout is too low.",
    component: "infra",
  });
  ids.korean = await add({
    title: "배포 직후 헬스체크 실패로 502",
    symptom: "새 파드가 뜨기 전에 헬스체크가 실패해서 로드밸런서가 502 를 돌려줌.",
    component: "infra",
  });
  ids.timeout = await add({
    title: "Export job timeout raised",
    symptom: "The nightly export hit its timeout; the timeout is now ten minutes.",
    component: "billing",
  });
  ids.filesystem = await add({
    title: "Primary came back on the wrong filesystem",
    symptom:
      "After the restart the primary was restarted on the wrong filesystem: a global outage.",
    component: "database",
  });
  ids.file = await add({
    title: "Database permission change wrote an oversized file",
    symptom: "A database query wrote a file past the system's limit; the file crashed the system.",
    component: "database",
  });
  ids.datacenter = await add({
    title: "Power disruption at the primary datacenter",
    symptom: "The primary datacenter lost power for two hours; every service failed over late.",
    component: "infra",
  });
  ids.dataCenter = await add({
    title: "Data center power failure",
    symptom: "A colocation data center reported a power failure; nothing of ours was hit.",
    component: "infra",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("words written apart", () => {
  it("a word known only through its Korean partner is met written apart too", async () => {
    // 헬스체크 alone would be found; the English write-up writes the word as "health check".
    expect(await first("healthcheck timeout too low")).toBe(ids.healthCheck);
    expect(await found("healthcheck ")).toEqual(
      expect.arrayContaining([ids.healthCheck, ids.korean]),
    );
  });

  it("two words typed apart in British spelling meet the one word in American spelling", async () => {
    expect(await first("primary data centre power loss")).toBe(ids.datacenter);
  });

  it("a typed sentence of more than six words with function words is still read as typed", async () => {
    // Seven words, two of them function words: "file system" meets "filesystem".
    expect(await first("database restarted on the wrong file system")).toBe(ids.filesystem);
  });
});
