import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A name with its width or version typed as one word ("int32") that no write-up holds, whole or
// apart: searched as the name and the number ("int 32"), so "int" meets its partner "integer".

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.integer = await add({
    title: "Uploads fail once ids pass the signed integer limit",
    symptom: "The uploads table's primary key is a signed 32-bit integer; new uploads fail.",
    component: "uploads",
  });
  ids.progress = await add({
    title: "Upload progress bar stuck at 99%",
    symptom: "Large uploads show 99% for minutes before finishing.",
    component: "uploads",
  });
  ids.size = await add({
    title: "Large uploads refused with 413",
    symptom: "Uploads over 10 MB fail at the proxy.",
    component: "uploads",
  });
  await warm();
});
afterAll(async () => {
  await t.close();
});

describe("a name and its width no write-up holds", () => {
  it("'uploads int32 overflow' finds the integer limit, and says it searched 'int 32'", async () => {
    const response = await searchWriteups(t.db, { q: "uploads int32 overflow" });
    expect(response.results[0]?.id).toBe(ids.integer);
    expect(response.correctedQuery).toBe("uploads int 32 overflow");
    expect(response.originalQuery).toBe("uploads int32 overflow");
  });

  it("a name nothing knows is left out as before, not searched by its number alone", async () => {
    const dns = await add({
      title: "DNS records vanished after the zone import",
      symptom: "Every DNS lookup for the API failed for two hours.",
      component: "infra",
    });
    await add({
      title: "Exports queued for 6 hours",
      symptom: "The export queue held jobs for 6 hours after the worker stopped.",
      component: "imports",
    });
    await warm();
    const response = await searchWriteups(t.db, { q: "ipv6 dns" });
    expect(response.correctedQuery).toBeNull();
    expect(response.results[0]?.id).toBe(dns);
  });

  it("a name and version a write-up holds whole is searched as typed", async () => {
    const holder = await add({
      title: "Checksums computed with sha256 differ on Windows",
      symptom: "Line endings change the sha256 of the uploaded file.",
      component: "uploads",
    });
    await warm();
    const response = await searchWriteups(t.db, { q: "sha256 uploads" });
    expect(response.results[0]?.id).toBe(holder);
    expect(response.correctedQuery).toBeNull();
  });
});
