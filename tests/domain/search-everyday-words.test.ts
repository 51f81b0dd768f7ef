import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// Everyday words a newcomer types where the write-up says another (migration 0053): "quick" is
// "fast", a "neighbouring" service an "adjacent" one, "everyone" is "all users", "junk" is
// "spam", "big" is "large", and "two times" is "twice".

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, first, found, warm } = writeupSearch(() => t);

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
  ids.spam = await add({
    title: "Receipts land in the spam folder",
    symptom: "Gmail files every receipt as spam since the sending domain changed.",
    component: "notifications",
  });
  ids.receipts = await add({
    title: "Receipts show the wrong folder name in the export",
    symptom: "The export names each receipt's folder after the old shop; receipts export slowly.",
    component: "billing",
  });
  ids.large = await add({
    title: "Large uploads fail with 413",
    symptom: "A product list over 10 MB is refused by the proxy.",
    component: "files",
  });
  ids.upload = await add({
    title: "Upload fails for PDF files",
    symptom: "An upload of a PDF fails; each upload shows a spinner forever.",
    component: "files",
  });
  ids.koreanLarge = await add({
    title: "대용량 상품 목록 업로드가 413 으로 실패",
    symptom: "10MB 가 넘는 파일은 프록시가 거절함.",
    component: "files",
  });
  ids.twice = await add({
    title: "Customer e-mailed twice about one renewal",
    symptom: "The renewal reminder went out to the customer again an hour later.",
    component: "notifications",
  });
  ids.customer = await add({
    title: "Customer e-mailed the wrong customer's invoice",
    symptom: "A customer got the invoice of another customer; the customer e-mailed support.",
    component: "notifications",
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

  it("receipts in the junk folder are the ones in the spam folder", async () => {
    expect(await first("receipts junk folder")).toBe(ids.spam);
  });

  it("a big upload is a large one, and a 대용량 one", async () => {
    expect(await first("big upload")).toBe(ids.large);
    // Typed alone (the space ends it), "big" meets the Korean write-up by 대용량 only.
    expect(await found("big ")).toContain(ids.koreanLarge);
  });

  it("a customer e-mailed two times was e-mailed twice", async () => {
    expect(await first("customer emailed two times")).toBe(ids.twice);
  });
});
