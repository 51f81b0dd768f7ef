import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// The names of two kinds of security incident meet the write-ups that tell them in plain words
// (migration 0047): a hijacked session is one stolen ("hijack" ↔ "steal", "stolen"; 탈취), an
// insider is an employee ("insider" ↔ "employee"; 내부자).

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, found, first, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.stealing = await add({
    title: "Malware on a laptop took over a signed-in session",
    symptom: "Malware on an engineer's laptop was used to steal a valid SSO session.",
    rootCause: "The session cookie stayed valid from another device.",
    component: "auth",
  });
  ids.stolen = await add({
    title: "Support sessions used from another country",
    symptom: "A stolen session cookie was replayed against the admin pages.",
    component: "auth",
  });
  ids.employee = await add({
    title: "Refunds sent to a private account",
    symptom: "An employee moved refunds to an account of their own over a month.",
    component: "billing",
  });
  // Write-ups sharing the other word of each query, to be outranked.
  ids.expiry = await add({
    title: "Session expires after ten minutes",
    symptom: "The session cookie's lifetime was set in seconds, not minutes.",
    component: "auth",
  });
  ids.threat = await add({
    title: "Threat model review missed the export page",
    symptom: "The export page was left out of the threat model.",
    component: "security",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("security incidents named by their kind (migration 0047)", () => {
  it("session hijacking finds the session stolen, before a session merely expiring", async () => {
    const results = await found("session hijacking");
    expect(results.slice(0, 2)).toEqual(expect.arrayContaining([ids.stealing, ids.stolen]));
    expect(results[0]).not.toBe(ids.expiry);
    expect(await first("hijacked session")).not.toBe(ids.expiry);
  });

  it("세션 탈취, typed in Korean, finds the same write-ups", async () => {
    const results = await found("세션 탈취");
    expect(results.slice(0, 2)).toEqual(expect.arrayContaining([ids.stealing, ids.stolen]));
  });

  it("insider threat finds what an employee did, which holds neither word", async () => {
    expect((await found("insider threat")).slice(0, 2)).toContain(ids.employee);
    expect(await first("내부자 위협")).toBe(ids.employee);
  });

  it("the plain words still find their own write-ups", async () => {
    expect(await first("employee refunds")).toBe(ids.employee);
    expect(await found("threat model")).toContain(ids.threat);
  });
});
