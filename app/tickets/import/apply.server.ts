import type { DB } from "#db/client";
import { recordAudit } from "~/lib/audit.server";
import type { ImportAction } from "~/lib/imports";
import { timeSlicer } from "~/lib/time-slice";
import { batchStore } from "~/lib/upload-batches.server";
import { writeInSlices } from "~/lib/write-slices.server";
import { normalizeComponent, normalizeLabels, upsertSourcedTicket } from "../tickets.server";
import type { ImportRow, ImportSource } from "./parse.server";

// Bulk ticket import, second half: what the parsed rows would change, applying them in chunks,
// and the rows kept between the preview and its confirmation.

const IMPORT_CHUNK_SIZE = 500;
/** A preview can be confirmed for this long; its stored rows are deleted after. */
const IMPORT_BATCH_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Preview and apply

interface ImportPreview {
  create: number;
  update: number;
  unchanged: number;
  /** The first rows with what will happen to each. */
  sample: { line: number; externalId: string; title: string; action: ImportAction }[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The fields a source owns, normalized as upsertSourcedTicket stores them, for comparison. */
function fingerprint(t: {
  title: string;
  body: string;
  component: string;
  difficulty: number;
  starter: number;
  url: string | null;
  labels: readonly string[];
}) {
  return JSON.stringify([
    t.title,
    t.body,
    t.component,
    t.difficulty,
    t.starter,
    t.url,
    [...t.labels].sort(),
  ]);
}

function rowFingerprint(row: ImportRow) {
  return fingerprint({
    title: row.ticket.title.trim(),
    body: row.ticket.body,
    component: normalizeComponent(row.ticket.component),
    difficulty: row.ticket.difficulty,
    starter: row.ticket.starter ? 1 : 0,
    url: row.url,
    labels: normalizeLabels(row.ticket.labels),
  });
}

/** What applying `rows` would do: each is compared with the ticket of the same source and id. */
export async function previewImport(
  db: DB,
  rows: readonly ImportRow[],
  opts: { sampleSize?: number } = {},
): Promise<ImportPreview> {
  // Up to MAX_IMPORT_ROWS rows are compared: in slices, letting other requests in between.
  const slice = timeSlicer();
  const existing = new Map<string, string>();
  const bySource = new Map<ImportSource, string[]>();
  for (const row of rows) {
    const ids = bySource.get(row.source) ?? [];
    ids.push(row.externalId);
    bySource.set(row.source, ids);
  }
  for (const [source, ids] of bySource) {
    for (const chunk of chunks(ids, IMPORT_CHUNK_SIZE)) {
      const tickets = await db
        .selectFrom("tickets")
        .select(["id", "external_id", "title", "body", "component", "difficulty", "starter", "url"])
        .where("source", "=", source)
        .where("external_id", "in", chunk)
        .execute();
      if (!tickets.length) continue;
      const labels = await db
        .selectFrom("ticket_labels")
        .select(["ticket_id", "label"])
        .where(
          "ticket_id",
          "in",
          tickets.map((t) => t.id),
        )
        .execute();
      const labelsOf = new Map<number, string[]>();
      for (const l of labels) {
        const list = labelsOf.get(l.ticket_id) ?? [];
        list.push(l.label);
        labelsOf.set(l.ticket_id, list);
      }
      for (const t of tickets) {
        existing.set(
          `${source}\n${t.external_id}`,
          fingerprint({ ...t, labels: labelsOf.get(t.id) ?? [] }),
        );
      }
      await slice();
    }
  }
  const preview: ImportPreview = { create: 0, update: 0, unchanged: 0, sample: [] };
  const sampleSize = opts.sampleSize ?? 50;
  for (const row of rows) {
    const current = existing.get(`${row.source}\n${row.externalId}`);
    const action: ImportAction =
      current === undefined ? "create" : current === rowFingerprint(row) ? "unchanged" : "update";
    preview[action]++;
    if (preview.sample.length < sampleSize) {
      preview.sample.push({
        line: row.line,
        externalId: row.externalId,
        title: row.ticket.title,
        action,
      });
    }
    await slice();
  }
  return preview;
}

interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportProgress {
  done: number;
  total: number;
}

/**
 * Creates or updates a ticket per row (upsert on source + external id), in short write
 * transactions: each takes rows until its slice of time is used (or `chunkSize` rows), then
 * commits and lets other requests run. A fixed 500 rows took 440–600 ms of GitHub issues, with
 * their labels and history, on a busy machine (`tests/bench/hardening.ts`).
 */
export async function applyImport(
  db: DB,
  input: {
    actorId: number;
    rows: readonly ImportRow[];
    fileName?: string;
    onProgress?: (progress: ImportProgress) => void;
    chunkSize?: number;
  },
  now: Date = new Date(),
): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const total = input.rows.length;
  const most = input.chunkSize ?? IMPORT_CHUNK_SIZE;
  input.onProgress?.({ done: 0, total });
  await writeInSlices(
    db,
    total,
    async (trx, from, due) => {
      const until = Math.min(total, from + most);
      let at = from;
      for (; at < until && (at === from || !due()); at++) {
        const row = input.rows[at] as ImportRow;
        const { outcome } = await upsertSourcedTicket(
          trx,
          {
            source: row.source,
            externalId: row.externalId,
            url: row.url,
            reporterName: row.reporterName,
            ticket: row.ticket,
            actorId: input.actorId,
            eventKind: "imported",
          },
          now,
        );
        counts[outcome]++;
      }
      if (at === total) {
        await recordAudit(
          trx,
          {
            actorId: input.actorId,
            action: "tickets.imported",
            subjectType: "ticket_import",
            subjectId: null,
            data: { file: input.fileName ?? null, rows: total, ...counts },
          },
          now,
        );
      }
      return at;
    },
    (done) => input.onProgress?.({ done, total }),
  );
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Batches: the validated rows between the preview and its confirmation

interface ImportBatch {
  id: string;
  actorId: number;
  fileName: string;
  createdAt: string;
  rows: ImportRow[];
  /** Rows of the file that will not be imported, for the final report. */
  problems: number;
  skipped: number;
}

const batches = batchStore<Omit<ImportBatch, "id" | "createdAt">>(
  "koan-imports",
  IMPORT_BATCH_TTL_MS,
);

/** Stores a preview's good rows under a random id until it is confirmed (or expires). */
export const saveImportBatch = batches.save;
/** Reads and removes the batch, so it is applied once; null when malformed, unknown, expired or another user's. */
export const takeImportBatch: (
  id: string,
  actorId: number,
  now?: Date,
  dir?: string,
) => Promise<ImportBatch | null> = batches.take;

interface RunningImport extends ImportProgress {
  actorId: number;
  finishedAt: number | null;
}

/** Progress of imports running in this process, by batch id, for the page to poll. */
const running = new Map<string, RunningImport>();

export function getImportProgress(batchId: string, actorId: number): ImportProgress | null {
  const entry = running.get(batchId);
  return entry && entry.actorId === actorId ? { done: entry.done, total: entry.total } : null;
}

interface ImportResult extends ImportCounts {
  problems: number;
  skipped: number;
  fileName: string;
}

/** Applies a confirmed preview, reporting progress by its batch id while it runs. */
export async function runImportBatch(
  db: DB,
  input: { batchId: string; actorId: number; dir?: string },
  now: Date = new Date(),
): Promise<{ ok: true; result: ImportResult } | { ok: false; reason: "expired" }> {
  for (const [id, entry] of running) {
    if (entry.finishedAt && Date.now() - entry.finishedAt > 10 * 60_000) running.delete(id);
  }
  const batch = await takeImportBatch(input.batchId, input.actorId, now, input.dir);
  if (!batch) return { ok: false, reason: "expired" };
  const entry: RunningImport = {
    actorId: input.actorId,
    done: 0,
    total: batch.rows.length,
    finishedAt: null,
  };
  running.set(batch.id, entry);
  try {
    const counts = await applyImport(
      db,
      {
        actorId: input.actorId,
        rows: batch.rows,
        fileName: batch.fileName,
        onProgress: ({ done }) => {
          entry.done = done;
        },
      },
      now,
    );
    return {
      ok: true,
      result: {
        ...counts,
        problems: batch.problems,
        skipped: batch.skipped,
        fileName: batch.fileName,
      },
    };
  } finally {
    entry.finishedAt = Date.now();
  }
}
