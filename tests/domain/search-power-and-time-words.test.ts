import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// Power is electricity, a loss is what was lost (유실 in Korean), and units of time have short
// forms (migration 0048).

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.power = await add({
    title: "Power failure at the primary datacenter",
    symptom: "Storms cut the power; the backup generator did not start.",
    component: "infra",
  });
  ids.datacenter = await add({
    title: "Datacenter move left one rack unmonitored",
    symptom: "The new rack was never added to the dashboards.",
    component: "infra",
  });
  ids.loss = await add({
    title: "Data loss after the failover",
    symptom: "Writes acknowledged by the old primary never reached the replica.",
    component: "database",
  });
  ids.hours = await add({
    title: "Nightly export ran for 3 hours",
    symptom: "The export job held the database busy for hours.",
    component: "imports",
  });
  ids.minutes = await add({
    title: "Nightly export ran for 3 minutes too long",
    symptom: "The export job overran its window.",
    component: "imports",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("power, loss, and short forms (migration 0048)", () => {
  it("a datacenter that lost electricity is the power failure, before the datacenter move", async () => {
    expect(await first("datacenter lost electricity")).toBe(ids.power);
    expect(await first("electricity outage")).toBe(ids.power);
    expect(await first("데이터센터 전력 장애")).toBe(ids.power);
  });

  it("lost data meets data loss, in English and in Korean", async () => {
    expect(await first("lost data after failover")).toBe(ids.loss);
    expect(await first("데이터 유실")).toBe(ids.loss);
  });

  it("hrs are hours", async () => {
    expect(await first("export ran 3 hrs")).toBe(ids.hours);
  });
});
