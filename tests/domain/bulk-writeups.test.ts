import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DB, writeTransaction } from "#db/client";
import { insertWriteup, markVerified } from "~/knowledge/writeups.server";
import { buildTestUser } from "../../seeds/builders";
import { type GeneratedWriteup, writeGeneratedWriteups } from "../bench/bulk-writeups";
import { CorpusGenerator } from "../bench/corpus";
import { createTestDatabase, integrityOf, type TestDatabase } from "../support/db";

// The benchmark datasets (and with them the 100,000-write-up search bound) write their generated
// write-ups through tests/bench/bulk-writeups.ts instead of the domain functions: it must leave
// exactly the rows, and the search index, that insertWriteup and markVerified leave.

const COUNT = 150;

function generated(author: number, verifier: number): GeneratedWriteup[] {
  const corpus = new CorpusGenerator();
  const start = Date.parse("2025-01-01T00:00:00Z");
  return Array.from({ length: COUNT }, (_, n) => ({
    ...corpus.next(),
    authorId: n % 2 ? author : verifier,
    verifierId: verifier,
    when: new Date(start + n * 3_600_000),
  }));
}

async function rows(db: DB) {
  const all = async (query: string) => (await sql.raw(query).execute(db)).rows;
  return {
    writeups: await all("select * from writeups order by id"),
    tags: await all("select * from writeup_tags order by writeup_id, tag"),
    links: await all("select * from writeup_links order by id"),
    toil: await all("select * from toil order by id"),
    audit: await all("select * from audit_events where subject_type = 'writeup' order by id"),
    outbox: await all("select * from outbox order by id"),
    versions: await all("select * from data_versions order by name"),
    index: await all("select term, doc, cnt from writeups_vocab order by term"),
  };
}

let domain: TestDatabase;
let bulk: TestDatabase;
beforeEach(async () => {
  [domain, bulk] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterEach(async () => {
  await Promise.all([domain.close(), bulk.close()]);
});

describe("the benchmark's bulk write-up writer", () => {
  it("leaves the same rows and search index as insertWriteup and markVerified", async () => {
    const ids: number[][] = [];
    for (const t of [domain, bulk]) {
      const verifier = await buildTestUser(t.db, "mentor");
      const author = await buildTestUser(t.db, "newcomer");
      const items = generated(author, verifier);
      if (t === bulk) {
        ids.push(writeGeneratedWriteups(t.sqlite, items));
        continue;
      }
      ids.push(
        await writeTransaction(t.db, async (trx) => {
          const written: number[] = [];
          for (const item of items) {
            const { authorId, writeup, when, verifierId } = item;
            const id = await insertWriteup(trx, { authorId, writeup, status: "published" }, when);
            if (item.verified) await markVerified(trx, { writeupId: id, verifierId }, when);
            written.push(id);
          }
          return written;
        }),
      );
    }
    expect(ids[1]).toEqual(ids[0]);
    const [expected, actual] = [await rows(domain.db), await rows(bulk.db)];
    // The corpus has what the writer must get right: verified ones, Korean text, toil.
    expect(expected.writeups).toHaveLength(COUNT);
    expect(
      expected.writeups.some((w) => (w as { verified_snapshot: unknown }).verified_snapshot),
    ).toBe(true);
    expect(expected.toil.length).toBeGreaterThan(0);
    expect(expected.index.some((r) => /[가-힣]/.test((r as { term: string }).term))).toBe(true);
    expect(actual).toEqual(expected);
    expect(integrityOf(bulk.sqlite)).toEqual({ file: "ok", fts: "ok" });
  }, 60_000);
});
