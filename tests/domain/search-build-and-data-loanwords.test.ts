import { describe } from "vitest";
import { BUILD_AND_DATA_LOANWORDS } from "#db/migrations/0055_build_and_data_loanwords";
import { synonymPairCases } from "../support/synonym-pairs";

// Korean words for queries, builds and data (migration 0055), typed where the write-up says the
// other: each finds the write-up that says it the other way.

/** Each pair's first word as typed, and a write-up saying only its partner. */
const SAID_OTHERWISE: readonly [typed: string, title: string][] = [
  ["페치", "Order list loads items with one fetch per order"],
  ["조인", "Report query does a join on an unindexed column"],
  ["커서", "Export paginates with a cursor that skips rows"],
  ["그래들", "Gradle build pulls two versions of the SDK"],
  ["메이븐", "Maven mirror down, every build fails"],
  ["잭슨", "Jackson drops unknown fields from the webhook"],
  ["체인", "Old phones reject the certificate chain"],
  ["마이너스", "포인트 잔액이 음수로 보임"],
  ["음수", "Stock count goes negative under load"],
  ["줄바꿈", "Import splits a row at a newline inside a cell"],
  ["개행", "Memo field loses its newline on save"],
  ["무한", "Infinite redirect after signing out"],
];

describe("build and data loanwords (migration 0055)", () => {
  synonymPairCases(BUILD_AND_DATA_LOANWORDS, SAID_OTHERWISE);
});
