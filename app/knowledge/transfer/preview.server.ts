import type { DB } from "#db/client";
import { can } from "~/auth/policies";
import { idsByEmail } from "~/auth/users.server";
import { recordAudit } from "~/lib/audit.server";
import { k } from "~/lib/i18n/messages";
import type { ImportAction } from "~/lib/imports";
import { batchStore } from "~/lib/upload-batches.server";
import { writeInSlices } from "~/lib/write-slices.server";
import { resetVocabulary } from "../search-vocabulary.server";
import { columns } from "../writeup-content.server";
import {
  type AssignmentMentorOf,
  insertWriteup,
  replaceWriteupContent,
  type Viewer,
} from "../writeups.server";
import { childrenOf } from "./export.server";
import { contentOfRow, fingerprint, type KbImportItem } from "./portable.server";
import {
  foreignOrigin,
  importedFrom,
  instanceKey,
  linkedIds,
  readKoanId,
  relink,
} from "./relink.server";

// Knowledge-base import, second half: what a parsed file would change, applying it, and the
// preview's items kept between the preview and its confirmation.

/** Items whose existing write-ups one transaction looks up at once (it may handle fewer). */
const APPLY_LOOKAHEAD = 200;
/** A preview can be confirmed for this long. */
const KB_BATCH_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Preview and apply

interface KbImportPreview {
  create: number;
  update: number;
  unchanged: number;
  sample: { where: string; externalId: string; title: string; action: ImportAction }[];
  /** Updates of write-ups the importer may not edit: listed with the reason, never applied. */
  refused: { where: string; externalId: string; title: string; reason: string }[];
}

interface Existing {
  id: number;
  status: "draft" | "published";
  fingerprint: string;
  authorId: number | null;
  assignmentId: number | null;
}

/** Who imports, and how to find the mentor of an assignment (mentoring's, passed in). */
export interface KbImporter {
  viewer: Viewer;
  mentorOf: AssignmentMentorOf;
}

/** The same rule as the write-up's edit page: its author, its assignment's mentor and leads. */
async function mayEdit(db: DB, importer: KbImporter, existing: Existing): Promise<boolean> {
  const { viewer } = importer;
  if (can(viewer, "editWriteup", { authorId: existing.authorId, mentorId: null })) return true;
  if (existing.assignmentId === null) return false;
  const mentorId = await importer.mentorOf(db, existing.assignmentId);
  return can(viewer, "editWriteup", { authorId: existing.authorId, mentorId });
}

/** Shown beside the write-up in the preview, in the importer's language. */
const REFUSED_REASON = k("knowledge.import.refused");

const selectContent = (db: DB) =>
  db
    .selectFrom("writeups")
    .select([
      "id",
      "external_id",
      "status",
      "author_id",
      "assignment_id",
      "verified_by",
      "title",
      "component",
      "resolution",
      "symptom",
      "root_cause",
      "fix",
      "debugging",
    ]);

/**
 * The write-ups already holding these items' external ids, with what they hold now. This
 * instance's own export names a write-up without an external id `koan-<key>-<id>`: that id is its
 * own. Another instance's `koan-<key>-<id>` is only ever the write-up imported from it before
 * (its id 12 is some other write-up here).
 */
async function findExisting(
  db: DB,
  items: readonly KbImportItem[],
  ownKey: string,
): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>();
  const existing = (
    row: Awaited<ReturnType<ReturnType<typeof selectContent>["execute"]>>[number],
    children: Awaited<ReturnType<typeof childrenOf>>,
  ): Existing => ({
    id: row.id,
    status: row.status,
    fingerprint: fingerprint(contentOfRow(row, children.get(row.id))),
    authorId: row.author_id,
    assignmentId: row.assignment_id,
  });
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500).map((item) => item.externalId);
    const rows = await selectContent(db).where("external_id", "in", chunk).execute();
    const children = await childrenOf(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      if (row.external_id !== null) found.set(row.external_id, existing(row, children));
    }
  }
  const ownIds = new Map<number, KbImportItem>();
  for (const item of items) {
    const koan = readKoanId(item.externalId);
    if (!koan || found.has(item.externalId)) continue;
    if (koan.key === ownKey || koan.key === null) ownIds.set(koan.id, item);
  }
  const ids = [...ownIds.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await selectContent(db)
      .where("id", "in", ids.slice(i, i + 500))
      .where("external_id", "is", null)
      .execute();
    const children = await childrenOf(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      const item = ownIds.get(row.id);
      if (!item) continue;
      // An export made before instance keys (`koan-12`) can't say whose write-up 12 it holds:
      // it is this one only when their titles agree; otherwise it comes in as a new write-up.
      const keyless = readKoanId(item.externalId)?.key === null;
      if (keyless && sameTitle(row.title, item.writeup.title) === false) continue;
      found.set(item.externalId, existing(row, children));
    }
  }
  return found;
}

const sameTitle = (a: string, b: string) => {
  const plain = (t: string) => t.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
  return plain(a) === plain(b);
};

/**
 * How a file from another instance links write-ups to each other (`/kb/12`, its ids): the
 * instance (null when the file is this instance's own, or can't say) and the ids its items have
 * there.
 */
interface Origin {
  key: string;
  /** Ids (there) of the write-ups this file holds. */
  inFile: Set<number>;
}

function originOf(items: readonly KbImportItem[], ownKey: string): Origin | null {
  const key = foreignOrigin(
    items.map((i) => i.externalId),
    ownKey,
  );
  if (!key) return null;
  const inFile = new Set<number>();
  for (const item of items) {
    const koan = readKoanId(item.externalId);
    if (koan?.key === key) inFile.add(koan.id);
  }
  return { key, inFile };
}

/**
 * The write-ups here already imported from `origin` that `items` link to (`/kb/<id>`): their id
 * there → their id here, in one lookup. Empty for a file of this instance's own.
 */
async function linkedHere(
  db: DB,
  origin: Origin | null,
  items: readonly KbImportItem[],
): Promise<Map<number, number>> {
  if (!origin) return new Map();
  return importedFrom(
    db,
    origin.key,
    items.flatMap((i) => [...linkedIds(i.writeup)]),
  );
}

/** The items with their `/kb/<id>` links pointing at the write-ups here already imported from `origin`. */
async function relinked(
  db: DB,
  origin: Origin | null,
  items: readonly KbImportItem[],
): Promise<readonly KbImportItem[]> {
  if (!origin) return items;
  const here = await linkedHere(db, origin, items);
  return items.map((i) => ({ ...i, writeup: relink(i.writeup, here).writeup }));
}

function actionFor(item: KbImportItem, existing: Existing | undefined): ImportAction {
  if (!existing) return "create";
  return existing.status === "published" && existing.fingerprint === fingerprint(item.writeup)
    ? "unchanged"
    : "update";
}

/** What applying `items` would do: each is compared with the write-up of the same external id. */
export async function previewKbImport(
  db: DB,
  importer: KbImporter,
  items: readonly KbImportItem[],
  opts: { sampleSize?: number } = {},
): Promise<KbImportPreview> {
  const ownKey = await instanceKey(db);
  const existing = await findExisting(db, items, ownKey);
  const preview: KbImportPreview = { create: 0, update: 0, unchanged: 0, sample: [], refused: [] };
  const sampleSize = opts.sampleSize ?? 50;
  // What would change is shown before what would not: re-importing an export with one write-up
  // edited listed fifty unchanged ones and never the edit.
  const unchangedSample: KbImportPreview["sample"] = [];
  // Compared as they would be stored: their links to write-ups already imported point here.
  const compared = await relinked(db, originOf(items, ownKey), items);
  for (const item of compared) {
    const current = existing.get(item.externalId);
    const action = actionFor(item, current);
    if (action === "update" && current && !(await mayEdit(db, importer, current))) {
      preview.refused.push({
        where: item.where,
        externalId: item.externalId,
        title: item.writeup.title,
        reason: REFUSED_REASON,
      });
      continue;
    }
    preview[action]++;
    const sampled = action === "unchanged" ? unchangedSample : preview.sample;
    if (sampled.length < sampleSize) {
      sampled.push({
        where: item.where,
        externalId: item.externalId,
        title: item.writeup.title,
        action,
      });
    }
  }
  preview.sample.push(...unchangedSample.slice(0, sampleSize - preview.sample.length));
  return preview;
}

/** A file's dates for a new write-up; one after `now` (a clock ahead, a typo) is `now`. */
function pastDates(item: KbImportItem, now: Date): { publishedAt?: string; updatedAt?: string } {
  const iso = now.toISOString();
  const notAfterNow = (at: string | undefined) =>
    at === undefined ? undefined : at < iso ? at : iso;
  const publishedAt = notAfterNow(item.publishedAt);
  const updatedAt = notAfterNow(item.updatedAt);
  return {
    ...(publishedAt ? { publishedAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
}

interface KbImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
}

/**
 * Creates or updates a published write-up per item (upsert on external id), a chunk of items per
 * short write transaction. A new write-up's author is the member here with the file's author's
 * address, else nobody; an updated one keeps its own. The audit names the importer.
 */
export async function applyKbImport(
  db: DB,
  input: { importer: KbImporter; items: readonly KbImportItem[]; fileName?: string },
  now: Date = new Date(),
): Promise<KbImportCounts> {
  const counts: KbImportCounts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  const actorId = input.importer.viewer.id;
  if (!input.items.length) return counts;
  const total = input.items.length;
  const ownKey = await instanceKey(db);
  const origin = originOf(input.items, ownKey);
  // A new write-up's author: the member here with the file's author's address, if any.
  const authors = await idsByEmail(
    db,
    input.items.flatMap((i) => (i.authorEmail ? [i.authorEmail] : [])),
  );
  // Items linking to write-ups of the file made after them, as the file has them: relinked at
  // the end, from the file's text (a link made to point here is not read as the other's id).
  const later: KbImportItem[] = [];
  await writeInSlices(db, total, async (trx, from, due) => {
    // Existing write-ups are looked up for the next few items at once; those the slice's time
    // doesn't reach are looked up again by the next transaction.
    const part = input.items.slice(from, from + APPLY_LOOKAHEAD);
    const existing = await findExisting(trx, part, ownKey);
    const here = await linkedHere(trx, origin, part);
    let handled = 0;
    for (; handled < part.length && (handled === 0 || !due()); handled++) {
      const inFile = part[handled] as KbImportItem;
      const links = origin ? relink(inFile.writeup, here) : null;
      const item = links ? { ...inFile, writeup: links.writeup } : inFile;
      const current = existing.get(item.externalId);
      const action = actionFor(item, current);
      if (action === "update" && current && !(await mayEdit(trx, input.importer, current))) {
        counts.refused++;
        continue;
      }
      if (links?.unresolved.some((id) => origin?.inFile.has(id))) later.push(inFile);
      if (action === "create") {
        const id = await insertWriteup(
          trx,
          {
            authorId: authors.get(item.authorEmail?.toLowerCase() ?? "") ?? null,
            writeup: item.writeup,
            status: "published",
            externalId: item.externalId,
            ...pastDates(item, now),
          },
          now,
        );
        const koan = readKoanId(item.externalId);
        if (origin && koan?.key === origin.key) here.set(koan.id, id);
      } else if (action === "update" && current) {
        await replaceWriteupContent(trx, current.id, item.writeup, now);
        if (current.status !== "published") {
          await trx
            .updateTable("writeups")
            .set((eb) => ({
              status: "published",
              published_at: eb.fn.coalesce("published_at", eb.val(now.toISOString())),
            }))
            .where("id", "=", current.id)
            .execute();
        }
      }
      counts[action === "create" ? "created" : action === "update" ? "updated" : "unchanged"]++;
    }
    if (from + handled === total) {
      await recordAudit(
        trx,
        {
          actorId,
          action: "writeups.imported",
          subjectType: "writeup_import",
          subjectId: null,
          data: { file: input.fileName ?? null, items: total, ...counts },
        },
        now,
      );
    }
    return from + handled;
  });
  if (origin && later.length) await relinkLater(db, origin, later);
  resetVocabulary(db);
  return counts;
}

/**
 * Points the links of write-ups imported before the write-ups they link to (`/kb/12` of the other
 * instance) at those write-ups here, now that all are made: from the file's text, as the import
 * stored it otherwise. Their dates stay the file's.
 */
async function relinkLater(db: DB, origin: Origin, items: readonly KbImportItem[]) {
  await writeInSlices(db, items.length, async (trx, from, due) => {
    // The write-ups they link to, looked up once for the next few items (as applyKbImport does);
    // relinking makes none, so the lookup holds for the whole slice.
    const part = items.slice(from, from + APPLY_LOOKAHEAD);
    const here = await linkedHere(trx, origin, part);
    let handled = 0;
    for (; handled < part.length && (handled === 0 || !due()); handled++) {
      const item = part[handled] as KbImportItem;
      const row = await trx
        .selectFrom("writeups")
        .select("id")
        .where("external_id", "=", item.externalId)
        .executeTakeFirst();
      if (!row) continue;
      const fixed = relink(item.writeup, here).writeup;
      const { values } = columns(fixed);
      await trx
        .updateTable("writeups")
        .set({
          symptom: values.symptom,
          root_cause: values.root_cause,
          fix: values.fix,
          debugging: values.debugging,
        })
        .where("id", "=", row.id)
        .execute();
      const links = await trx
        .selectFrom("writeup_links")
        .select(["id", "url"])
        .where("writeup_id", "=", row.id)
        .orderBy("id")
        .execute();
      const urls = fixed.links.map((l) => l.url);
      for (const [index, link] of links.entries()) {
        const url = urls[index];
        if (url !== undefined && url !== link.url) {
          await trx.updateTable("writeup_links").set({ url }).where("id", "=", link.id).execute();
        }
      }
    }
    return from + handled;
  });
}

// ---------------------------------------------------------------------------------------------
// Batches: a preview's good items, kept until it is confirmed (once) or expires

interface KbImportBatch {
  id: string;
  actorId: number;
  fileName: string;
  createdAt: string;
  items: KbImportItem[];
  problems: number;
  skipped: number;
}

const batches = batchStore<Omit<KbImportBatch, "id" | "createdAt">>(
  "koan-kb-imports",
  KB_BATCH_TTL_MS,
);

export const saveKbImportBatch = batches.save;
/** Reads and removes the batch so it is applied once; null when unknown, expired or another user's. */
const takeKbImportBatch: (
  id: string,
  actorId: number,
  now?: Date,
  dir?: string,
) => Promise<KbImportBatch | null> = batches.take;

interface KbImportResult extends KbImportCounts {
  fileName: string;
  problems: number;
  skipped: number;
}

/** Applies a confirmed preview. */
export async function runKbImportBatch(
  db: DB,
  input: { batchId: string; importer: KbImporter; dir?: string },
  now: Date = new Date(),
): Promise<{ ok: true; result: KbImportResult } | { ok: false; reason: "expired" }> {
  const batch = await takeKbImportBatch(input.batchId, input.importer.viewer.id, now, input.dir);
  if (!batch) return { ok: false, reason: "expired" };
  const counts = await applyKbImport(
    db,
    { importer: input.importer, items: batch.items, fileName: batch.fileName },
    now,
  );
  return {
    ok: true,
    result: {
      ...counts,
      fileName: batch.fileName,
      problems: batch.problems,
      skipped: batch.skipped,
    },
  };
}
