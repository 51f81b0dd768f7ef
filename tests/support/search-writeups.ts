import { searchWriteups } from "~/knowledge/search.server";
import { resetVocabulary, warmSearch } from "~/knowledge/search-vocabulary.server";
import { createWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import type { TestDatabase } from "./db";
import { writeupInput } from "./fixtures";

/**
 * Published write-ups added to a test database and searched as the search box searches, for the
 * search tests. `t` is read on each call: the database is made in beforeAll.
 */
export function writeupSearch(t: () => TestDatabase) {
  const add = (fields: Partial<WriteupInput>) =>
    createWriteup(t().db, { authorId: null, writeup: writeupInput(fields), status: "published" });
  const found = async (q: string) => (await searchWriteups(t().db, { q })).results.map((r) => r.id);
  const first = async (q: string) => (await found(q))[0];
  /** Loads the correction dictionary afresh, once the write-ups are in. */
  const warm = async () => {
    resetVocabulary(t().db);
    await warmSearch(t().db);
  };
  return { add, found, first, warm };
}
