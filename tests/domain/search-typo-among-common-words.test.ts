import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchWriteups } from "~/knowledge/search.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { writeupSearch } from "../support/search-writeups";

// A typo of a rare name among plain words ("zookeper wont start too much data"): the correction
// is kept when a result holding the corrected name holds as many of the query's other words as
// any did as typed, both counted without function words ("too"). Counted with them, the answer
// holding "zookeeper", "much" and "data" fell one short of the four words known as typed, and
// among 100,000 write-ups the search showed generated texts holding "start" and "data".

let t: TestDatabase;
const ids: Record<string, number> = {};
const { add, warm } = writeupSearch(() => t);

beforeAll(async () => {
  t = await createTestDatabase();
  ids.zookeeper = await add({
    title: "Outage in a maintenance window",
    symptom: "There was too much data for Zookeeper to boot, and the cluster stayed down.",
    component: "platform",
  });
  for (let i = 0; i < 8; i++)
    await add({
      title: `Export job ${i} is slow to start`,
      symptom: `The export holds too much data: much of it is old, and the data job takes ${i + 2} minutes to start.`,
      component: "reports",
    });
  await warm();
});

afterAll(() => t?.close());

describe("a typo among plain words", () => {
  it("corrects a rare name when the answer holds as many of the other words as any result did", async () => {
    const response = await searchWriteups(t.db, { q: "zookeper wont start too much data" });
    expect(response.correctedQuery).toBe("zookeeper wont start too much data");
    expect(response.originalQuery).toBe("zookeper wont start too much data");
    expect(response.results[0]?.id).toBe(ids.zookeeper);
  });
});
