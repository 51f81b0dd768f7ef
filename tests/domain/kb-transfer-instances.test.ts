import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  exportKnowledgeBaseJson,
  exportKnowledgeBaseZip,
} from "~/knowledge/transfer/export.server";
import { parseKbImportFile } from "~/knowledge/transfer/parse.server";
import { applyKbImport, previewKbImport } from "~/knowledge/transfer/preview.server";
import { instanceKey, linkedIds, relink } from "~/knowledge/transfer/relink.server";
import { createWriteup, type WriteupInput } from "~/knowledge/writeups.server";
import { assignmentMentorOf } from "~/mentoring/writeup-access.server";
import { buildTestUser } from "../../seeds/builders";
import { createTestDatabase, type DB, type TestDatabase } from "../support/db";
import { writeupInput } from "../support/fixtures";

// A knowledge base moved from one Koan instance to another: the export names each write-up by
// its instance's key and id, so the other instance's write-up 12 is never taken for its own 12,
// and links between the moved write-ups (`/kb/12`) point at them in their new home.

const now = new Date("2026-11-25T10:00:00Z");

let source: TestDatabase;
let target: TestDatabase;
beforeEach(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
});
afterEach(async () => {
  await source.close();
  await target.close();
});

async function publish(db: DB, over: Partial<WriteupInput>): Promise<number> {
  const author = await buildTestUser(db, "mentor");
  return createWriteup(
    db,
    { authorId: author, writeup: { ...writeupInput(), ...over }, status: "published" },
    new Date("2026-06-01T09:00:00Z"),
  );
}

async function importInto(
  db: DB,
  name: string,
  file: string | Uint8Array,
  role: "lead" | "mentor" = "lead",
) {
  const parsed = await parseKbImportFile(name, "", file);
  if (!parsed.ok) throw new Error("unreadable");
  expect(parsed.problems).toEqual([]);
  const importer = {
    viewer: { id: await buildTestUser(db, role), role },
    mentorOf: assignmentMentorOf,
  };
  const preview = await previewKbImport(db, importer, parsed.items);
  const counts = await applyKbImport(db, { importer, items: parsed.items }, now);
  return { preview, counts };
}

async function stored(db: DB, title: string) {
  const row = await db
    .selectFrom("writeups")
    .select(["id", "symptom", "fix", "root_cause", "updated_at", "external_id"])
    .where("title", "=", title)
    .executeTakeFirstOrThrow();
  const links = await db
    .selectFrom("writeup_links")
    .select("url")
    .where("writeup_id", "=", row.id)
    .orderBy("id")
    .execute();
  return { ...row, links: links.map((l) => l.url) };
}

const titles = async (db: DB) =>
  (await db.selectFrom("writeups").select("title").orderBy("id").execute()).map((r) => r.title);

describe("a knowledge base moved to another instance", () => {
  it("each instance has a key of its own", async () => {
    expect(await instanceKey(source.db)).toMatch(/^[0-9a-f]{12}$/);
    expect(await instanceKey(source.db)).not.toBe(await instanceKey(target.db));
  });

  it("comes in as new write-ups: the other instance's ids never overwrite write-ups here", async () => {
    for (const title of ["Invoice totals off by a cent", "결제 웹훅이 두 번 도착함"]) {
      await publish(source.db, { title });
    }
    for (const title of ["Login loops on Safari", "검색 결과가 비어 있음"]) {
      await publish(target.db, { title });
    }
    const json = await exportKnowledgeBaseJson(source.db);
    const { preview, counts } = await importInto(target.db, "kb.json", json);
    expect(preview).toMatchObject({ create: 2, update: 0, unchanged: 0, refused: [] });
    expect(counts).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 0 });
    expect(await titles(target.db)).toEqual([
      "Login loops on Safari",
      "검색 결과가 비어 있음",
      "Invoice totals off by a cent",
      "결제 웹훅이 두 번 도착함",
    ]);
    // The same file again changes nothing; so does the zip of the same knowledge base.
    expect((await importInto(target.db, "kb.json", json)).counts).toMatchObject({ unchanged: 2 });
    const zip = await exportKnowledgeBaseZip(source.db, now);
    expect((await importInto(target.db, "kb.zip", zip)).counts).toMatchObject({ unchanged: 2 });
    expect(await titles(target.db)).toHaveLength(4);
  });

  it("links between the moved write-ups point at them here, either way round, and the dates stay", async () => {
    // Ids here are taken first, so the moved write-ups get others than they had.
    for (const title of ["Here 1", "Here 2", "Here 3"]) await publish(target.db, { title });
    const first = await publish(source.db, { title: "환불 버튼이 회색으로 보임" });
    const second = await publish(source.db, { title: "Refund webhook retried" });
    const third = await publish(source.db, { title: "Refund window explained" });
    // The first links forward (to write-ups made after it), the third back; another site's
    // /kb/ path and a ticket stay as they are.
    await source.db
      .updateTable("writeups")
      .set({
        symptom: `정책은 [여기](/kb/${third}#fix)에 있어요. See </kb/${second}>.`,
        fix: `Same as https://wiki.example/kb/${second} and /tickets/${second}.`,
      })
      .where("id", "=", first)
      .execute();
    await source.db
      .updateTable("writeups")
      .set({ root_cause: `Started in [the first](/kb/${first}).` })
      .where("id", "=", third)
      .execute();
    await source.db
      .insertInto("writeup_links")
      .values([
        { writeup_id: first, label: "Retry", url: `/kb/${second}` },
        { writeup_id: first, label: "Other", url: `https://wiki.example/kb/${third}` },
      ])
      .execute();
    const json = await exportKnowledgeBaseJson(source.db);
    expect((await importInto(target.db, "kb.json", json)).counts).toMatchObject({ created: 3 });

    const moved = {
      first: await stored(target.db, "환불 버튼이 회색으로 보임"),
      second: await stored(target.db, "Refund webhook retried"),
      third: await stored(target.db, "Refund window explained"),
    };
    expect(moved.first.id).not.toBe(first);
    expect(moved.first.symptom).toBe(
      `정책은 [여기](/kb/${moved.third.id}#fix)에 있어요. See </kb/${moved.second.id}>.`,
    );
    expect(moved.first.fix).toBe(
      `Same as https://wiki.example/kb/${second} and /tickets/${second}.`,
    );
    expect(moved.first.links).toEqual([
      `/kb/${moved.second.id}`,
      `https://wiki.example/kb/${third}`,
    ]);
    expect(moved.third.root_cause).toBe(`Started in [the first](/kb/${moved.first.id}).`);
    // Relinking afterwards is not an edit: the write-ups keep the source's dates.
    expect(moved.first.updated_at).toBe(moved.second.updated_at);
    expect(moved.first.updated_at < now.toISOString()).toBe(true);

    // Imported again: nothing changed, and the links stay pointed here.
    const again = await importInto(target.db, "kb.json", json);
    expect(again.preview).toMatchObject({ create: 0, update: 0, unchanged: 3 });
    expect(again.counts).toMatchObject({ unchanged: 3 });
    expect((await stored(target.db, "환불 버튼이 회색으로 보임")).symptom).toBe(
      moved.first.symptom,
    );
  });

  it("a write-up the importer may not change is not changed by relinking either", async () => {
    const first = await publish(source.db, { title: "Refund webhook retried", fix: "Retry." });
    const json = await exportKnowledgeBaseJson(source.db);
    expect((await importInto(target.db, "kb.json", json)).counts).toMatchObject({ created: 1 });
    // Later the source links the first write-up to a new one; a mentor here imports that file.
    const second = await publish(source.db, { title: "Refund window explained" });
    await source.db
      .updateTable("writeups")
      .set({ fix: `Retry, then see /kb/${second}.` })
      .where("id", "=", first)
      .execute();
    const { counts } = await importInto(
      target.db,
      "kb.json",
      await exportKnowledgeBaseJson(source.db),
      "mentor",
    );
    expect(counts).toMatchObject({ created: 1, refused: 1 });
    expect((await stored(target.db, "Refund webhook retried")).fix).toBe("Retry.");
  });

  it("an export from before instance keys (`koan-12`) updates write-up 12 here only when it is the same write-up", async () => {
    const sameId = await publish(target.db, { title: "Login loops on Safari" });
    await publish(target.db, { title: "검색 결과가 비어 있음" });
    const old = (id: number, title: string, fix: string) => ({
      external_id: `koan-${id}`,
      title,
      component: "auth",
      resolution: "fixed",
      tags: [],
      symptom: "It happens.",
      root_cause: "A reason.",
      fix,
      debugging: "Logs.",
      links: [],
      toil: [],
      status: "published",
    });
    const file = JSON.stringify([
      old(sameId, "Login loops on Safari", "Set SameSite=Lax."),
      old(sameId + 1, "Another team's write-up", "Theirs."),
    ]);
    const { preview, counts } = await importInto(target.db, "kb.json", file);
    expect(preview).toMatchObject({ create: 1, update: 1 });
    expect(counts).toMatchObject({ created: 1, updated: 1 });
    expect(await titles(target.db)).toEqual([
      "Login loops on Safari",
      "검색 결과가 비어 있음",
      "Another team's write-up",
    ]);
    expect((await stored(target.db, "Login loops on Safari")).fix).toBe("Set SameSite=Lax.");
  });
});

describe("relink", () => {
  const w = (text: string, url = "/kb/7"): WriteupInput => ({
    ...writeupInput(),
    symptom: text,
    links: [{ label: "See", url }],
  });

  it("finds Koan paths to write-ups, not another site's or a longer path", () => {
    expect([
      ...linkedIds(w("[a](/kb/1) </kb/2#fix> /kb/3/edit x.example/kb/4 /a/kb/5 %2Fkb/6", "/kb/7")),
    ]).toEqual([1, 2, 3, 7]);
  });

  it("points each at its write-up here and lists those not here", () => {
    const { writeup, unresolved } = relink(w("[a](/kb/1) and /kb/12 (/kb/2)"), new Map([[1, 40]]));
    expect(writeup.symptom).toBe("[a](/kb/40) and /kb/12 (/kb/2)");
    expect(writeup.links).toEqual([{ label: "See", url: "/kb/7" }]);
    expect(unresolved).toEqual([12, 2, 7]);
  });
});
