import { type DB, writeTransaction } from "#db/client";
import { recordAudit } from "~/lib/audit.server";
import type { ImportAction } from "~/lib/imports";
import { batchStore } from "~/lib/upload-batches.server";
import { resetVocabulary } from "../search-vocabulary.server";
import { insertWriteup, replaceWriteupContent } from "../writeups.server";
import { childrenOf } from "./export.server";
import { contentOfRow, fingerprint, type KbImportItem } from "./portable.server";

// Knowledge-base import, second half: what a parsed file would change, applying it, and the
// preview's items kept between the preview and its confirmation.

const APPLY_CHUNK_SIZE = 200;
/** A preview can be confirmed for this long. */
const KB_BATCH_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Preview and apply

interface KbImportPreview {
  create: number;
  update: number;
  unchanged: number;
  sample: { where: string; externalId: string; title: string; action: ImportAction }[];
}

interface Existing {
  id: number;
  status: "draft" | "published";
  fingerprint: string;
}

/** The write-ups already holding these external ids, with what they hold now. */
async function findExisting(
  db: DB,
  externalIds: readonly string[],
): Promise<Map<string, Existing>> {
  const found = new Map<string, Existing>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const chunk = externalIds.slice(i, i + 500);
    const rows = await db
      .selectFrom("writeups")
      .select([
        "id",
        "external_id",
        "status",
        "title",
        "component",
        "resolution",
        "symptom",
        "root_cause",
        "fix",
        "debugging",
      ])
      .where("external_id", "in", chunk)
      .execute();
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
      });
    }
  }
  return found;
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
  items: readonly KbImportItem[],
  opts: { sampleSize?: number } = {},
): Promise<KbImportPreview> {
  const existing = await findExisting(
    db,
    items.map((i) => i.externalId),
  );
  const preview: KbImportPreview = { create: 0, update: 0, unchanged: 0, sample: [] };
  const sampleSize = opts.sampleSize ?? 50;
  for (const item of items) {
    const action = actionFor(item, existing.get(item.externalId));
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

interface KbImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Creates or updates a published write-up per item (upsert on external id), a chunk of items per
 * short write transaction. Imported write-ups have no author; the audit names the importer.
 */
export async function applyKbImport(
  db: DB,
  input: { actorId: number; items: readonly KbImportItem[]; fileName?: string },
  now: Date = new Date(),
): Promise<KbImportCounts> {
  const counts: KbImportCounts = { created: 0, updated: 0, unchanged: 0 };
  if (!input.items.length) return counts;
  for (let start = 0; start < input.items.length; start += APPLY_CHUNK_SIZE) {
    const part = input.items.slice(start, start + APPLY_CHUNK_SIZE);
    const last = start + APPLY_CHUNK_SIZE >= input.items.length;
    await writeTransaction(db, async (trx) => {
      const existing = await findExisting(
        trx,
        part.map((i) => i.externalId),
      );
      for (const item of part) {
        const current = existing.get(item.externalId);
        const action = actionFor(item, current);
        if (action === "create") {
          await insertWriteup(
            trx,
            {
              authorId: null,
              writeup: item.writeup,
              status: "published",
              externalId: item.externalId,
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
      if (last) {
        await recordAudit(
          trx,
          {
            actorId: input.actorId,
            action: "writeups.imported",
            subjectType: "writeup_import",
            subjectId: null,
            data: { file: input.fileName ?? null, items: input.items.length, ...counts },
          },
          now,
        );
      }
    });
    if (!last) await new Promise((resolve) => setImmediate(resolve));
  }
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
  input: { batchId: string; actorId: number; dir?: string },
  now: Date = new Date(),
): Promise<{ ok: true; result: KbImportResult } | { ok: false; reason: "expired" }> {
  const batch = await takeKbImportBatch(input.batchId, input.actorId, now, input.dir);
  if (!batch) return { ok: false, reason: "expired" };
  const counts = await applyKbImport(
    db,
    { actorId: input.actorId, items: batch.items, fileName: batch.fileName },
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
