import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A link "severed" is one "cut", and a program that "froze" is "unresponsive" (migration 0049).

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.severed = await add({
    title: "BGP change severed the connection to two carriers",
    symptom: "A bad route map withdrew our prefixes; the carriers dropped every session.",
    component: "network",
  });
  ids.resets = await add({
    title: "Connection resets from the payment gateway",
    symptom: "Every connection to the gateway was reset after 30 seconds idle.",
    component: "payments",
  });
  ids.unresponsive = await add({
    title: "Checkout page unresponsive after the HTTP/3 rollout",
    symptom: "The browser tab stopped answering clicks on the page.",
    component: "checkout",
  });
  ids.checkout = await add({
    title: "Checkout button does nothing on the checkout page",
    symptom: "Checkout shows the button, but checkout never starts.",
    component: "checkout",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("cut and froze (migration 0049)", () => {
  it("a connection cut off is the one a BGP change severed", async () => {
    expect(await first("connection cut")).toBe(ids.severed);
    expect(await first("carriers cut off")).toBe(ids.severed);
  });

  it("a page that froze is the unresponsive one", async () => {
    expect(await first("checkout froze")).toBe(ids.unresponsive);
  });
});
