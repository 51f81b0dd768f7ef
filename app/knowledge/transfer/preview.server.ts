import type { DB } from "#db/client";
import { can } from "~/auth/policies";
import { recordAudit } from "~/lib/audit.server";
import { k } from "~/lib/i18n/messages";
import type { ImportAction } from "~/lib/imports";
import { batchStore } from "~/lib/upload-batches.server";
import { writeInSlices } from "~/lib/write-slices.server";
import { resetVocabulary } from "../search-vocabulary.server";
import {
  type AssignmentMentorOf,
  insertWriteup,
  replaceWriteupContent,
  type Viewer,
} from "../writeups.server";
import { childrenOf } from "./export.server";
import { contentOfRow, fingerprint, type KbImportItem } from "./portable.server";

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

/** The write-ups already holding these external ids (or, for `koan-<id>`, that id), with what they hold now. */
async function findExisting(
  db: DB,
  externalIds: readonly string[],
): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const chunk = externalIds.slice(i, i + 500);
    const rows = await selectContent(db).where("external_id", "in", chunk).execute();
    const children = await childrenOf(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      if (row.external_id === null) continue;
      found.set(row.external_id, {
        id: row.id,
        status: row.status,
        fingerprint: fingerprint(contentOfRow(row, children.get(row.id))),
        authorId: row.author_id,
        assignmentId: row.assignment_id,
      });
    }
  }
  // The export names a write-up without an external id `koan-<id>`: that id is its own.
  const ownIds = new Map<number, string>();
  for (const externalId of externalIds) {
    const own = KOAN_ID.exec(externalId);
    if (own && !found.has(externalId)) ownIds.set(Number(own[1]), externalId);
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
      found.set(ownIds.get(row.id) ?? "", {
        id: row.id,
        status: row.status,
        fingerprint: fingerprint(contentOfRow(row, children.get(row.id))),
        authorId: row.author_id,
        assignmentId: row.assignment_id,
      });
    }
  }
  return found;
}

/** `koan-<id>`: the external id the export gives a write-up that has none. */
const KOAN_ID = /^koan-([1-9]\d{0,15})$/;

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
  const existing = await findExisting(
    db,
    items.map((i) => i.externalId),
  );
  const preview: KbImportPreview = { create: 0, update: 0, unchanged: 0, sample: [], refused: [] };
  const sampleSize = opts.sampleSize ?? 50;
  for (const item of items) {
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
    if (preview.sample.length < sampleSize) {
      preview.sample.push({
        where: item.where,
        externalId: item.externalId,
        title: item.writeup.title,
        action,
      });
    }
  }
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
 * short write transaction. Imported write-ups have no author; the audit names the importer.
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
  await writeInSlices(db, total, async (trx, from, due) => {
    // Existing write-ups are looked up for the next few items at once; those the slice's time
    // doesn't reach are looked up again by the next transaction.
    const part = input.items.slice(from, from + APPLY_LOOKAHEAD);
    const existing = await findExisting(
      trx,
      part.map((i) => i.externalId),
    );
    let handled = 0;
    for (; handled < part.length && (handled === 0 || !due()); handled++) {
      const item = part[handled] as KbImportItem;
      const current = existing.get(item.externalId);
      const action = actionFor(item, current);
      if (action === "update" && current && !(await mayEdit(trx, input.importer, current))) {
        counts.refused++;
        continue;
      }
      if (action === "create") {
        await insertWriteup(
          trx,
          {
            authorId: null,
            writeup: item.writeup,
            status: "published",
            externalId: item.externalId,
            ...pastDates(item, now),
          },
          now,
        );
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
  resetVocabulary(db);
  return counts;
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
