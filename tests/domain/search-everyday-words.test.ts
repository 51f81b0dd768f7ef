import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// Everyday words a newcomer types where the write-up says another (migration 0053): "quick" is
// "fast", a "neighbouring" service an "adjacent" one, and "everyone" is "all users".

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.fast = await add({
    title: "Fast deploy skipped the smoke tests",
    symptom: "A hotfix went out without the smoke suite; checkout broke for an hour.",
    component: "deploys",
  });
  ids.deploy = await add({
    title: "Deploy stuck on the canary step",
    symptom: "Each deploy waited on the canary; the deploy was retried by hand.",
    component: "deploys",
  });
  ids.adjacent = await add({
    title: "An adjacent service failure cascaded into sign-in",
    symptom: "The profile service timed out and the sign-in service queued every request.",
    component: "auth",
  });
  ids.service = await add({
    title: "Service failure alerts page twice",
    symptom: "Every service failure pages the on-call twice for one service.",
    component: "observability",
  });
  ids.allUsers = await add({
    title: "Dark mode turned on for all users by mistake",
    symptom: "A flag meant for staff switched the theme of every account.",
    component: "web",
  });
  ids.toggle = await add({
    title: "Dark mode toggle ignored on the settings page",
    symptom: "Dark mode stays off after saving the settings; dark mode never applies.",
    component: "web",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("everyday words (migration 0053)", () => {
  it("a quick deploy is the fast one", async () => {
    expect(await first("quick deploy")).toBe(ids.fast);
  });

  it("a neighbouring service is an adjacent one, in either spelling", async () => {
    expect(await first("neighbouring service failure")).toBe(ids.adjacent);
    expect(await first("neighboring service failure")).toBe(ids.adjacent);
  });

  it("dark mode for everyone is the one turned on for all users", async () => {
    expect(await first("dark mode for everyone")).toBe(ids.allUsers);
  });
});
