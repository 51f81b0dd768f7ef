import { describe, expect, it } from "vitest";
import { EVERYDAY_ENGLISH_PAIRS } from "#db/migrations/0058_everyday_english_pairs";
import { synonymPairCases } from "../support/synonym-pairs";

// Everyday English words a newcomer types where the write-up says another (migration 0058):
// each finds the write-up.

/** Each pair's first word as typed, and a write-up saying only its partner. */
const SAID_OTHERWISE: readonly [typed: string, title: string][] = [
  ["alert", "The disk alarm never triggered"],
  ["alerts", "Alarms stayed silent during the outage"],
  ["os", "Operating system patch broke the build agents"],
  ["wipe", "Cleanup script could erase the shared volume"],
  ["wiped", "Replica disks erased by the provisioning job"],
  ["leak", "Debug endpoint could expose session tokens"],
  ["leaked", "Support export exposed customer e-mail addresses"],
  ["scheduled", "Planned maintenance ran during business hours"],
];

describe("everyday English pairs (migration 0058)", () => {
  const { first, ids } = synonymPairCases(EVERYDAY_ENGLISH_PAIRS, SAID_OTHERWISE, async (add) => ({
    dropbox: await add({
      title: "Scheduled OS upgrade wiped database machines",
      symptom:
        "A scheduled OS upgrade caused some machines to get wiped out, taking out databases.",
      component: "database",
    }),
    upgrade: await add({
      title: "Database upgrade took the site down",
      symptom: "A deploy upgraded the database on running machines; hosts were restarted.",
      component: "database",
    }),
  }));

  it("the fresh check's query finds the write-up saying scheduled, OS and wiped", async () => {
    expect(await first("planned operating system upgrade erased db hosts")).toBe(ids.dropbox);
  });
});
