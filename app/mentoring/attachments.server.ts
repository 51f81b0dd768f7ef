import { sql } from "kysely";
import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { getWriteup } from "~/knowledge/writeups.server";
import {
  type AttachmentKind,
  type AttachmentStore,
  cleanFileName,
  listAttachmentFiles,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_BYTES_PER_USER,
  newStorageKey,
  readAttachmentFile,
  removeAttachmentFile,
  removeLeftover,
  sniffAttachment,
  writeAttachmentFile,
} from "~/lib/attachment-files.server";

// Screenshots and log files on a checkpoint's evidence (seen by whoever sees the assignment,
// added by its newcomer) and on write-ups (seen by whoever may read the write-up, added by whoever
// may edit it). Rows go with their checkpoint or write-up (on delete cascade); files whose row is
// gone are swept by sweepAttachmentFiles.

export type AttachmentTarget =
  | { kind: "evidence"; checkpointId: number }
  | { kind: "writeup"; writeupId: number };

/** An attachment as pages show it. */
export interface AttachmentView {
  key: string;
  url: string;
  fileName: string;
  kind: AttachmentKind;
  size: number;
  createdAt: string;
  mayRemove: boolean;
}

export type AttachFailure = "not_found" | "forbidden" | "empty" | "too_large" | "type" | "quota";
export type AttachResult =
  | { ok: true; attachment: AttachmentView }
  | { ok: false; reason: AttachFailure };

/** The people on the assignment a checkpoint belongs to, or null when there is no such checkpoint. */
async function checkpointSubject(db: DB, checkpointId: number) {
  const row = await db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("assignments as a", "a.id", "ac.assignment_id")
    .select(["a.newcomer_id as newcomerId", "a.mentor_id as mentorId"])
    .where("ac.id", "=", checkpointId)
    .executeTakeFirst();
  return row ?? null;
}

async function writeupSubject(db: DB, writeupId: number) {
  const writeup = await getWriteup(db, writeupId);
  if (!writeup) return null;
  const assignment =
    writeup.assignment_id === null
      ? undefined
      : await db
          .selectFrom("assignments")
          .select("mentor_id")
          .where("id", "=", writeup.assignment_id)
          .executeTakeFirst();
  const mentorId = assignment?.mentor_id ?? null;
  return { authorId: writeup.author_id, mentorId, published: writeup.status === "published" };
}

/** May the actor add files to the target? null when the target does not exist. */
async function mayAttach(db: DB, actor: Actor, target: AttachmentTarget): Promise<boolean | null> {
  if (target.kind === "evidence") {
    const subject = await checkpointSubject(db, target.checkpointId);
    return subject && can(actor, "attachToEvidence", subject);
  }
  const subject = await writeupSubject(db, target.writeupId);
  return subject && can(actor, "attachToWriteup", subject);
}

const view = (
  row: {
    storage_key: string;
    file_name: string;
    kind: AttachmentKind;
    size: number;
    created_at: string;
    uploader_id: number;
  },
  viewer: Actor,
): AttachmentView => ({
  key: row.storage_key,
  url: `/attachments/${row.storage_key}`,
  fileName: row.file_name,
  kind: row.kind,
  size: row.size,
  createdAt: row.created_at,
  mayRemove: can(viewer, "removeAttachment", { uploaderId: row.uploader_id }),
});

/**
 * Adds a file to a checkpoint's evidence or a write-up: its type sniffed from the bytes, at most
 * 5 MB, and the uploader's files together at most 50 MB (checked and recorded in one statement,
 * so two uploads at once can't both slip under the limit).
 */
export async function attachFile(
  db: DB,
  store: AttachmentStore,
  input: { actor: Actor; target: AttachmentTarget; fileName: string; bytes: Uint8Array },
  now: Date = new Date(),
): Promise<AttachResult> {
  const { actor, target, bytes } = input;
  const allowed = await mayAttach(db, actor, target);
  if (allowed === null) return { ok: false, reason: "not_found" };
  if (!allowed) return { ok: false, reason: "forbidden" };
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, reason: "too_large" };
  const fileName = cleanFileName(input.fileName);
  const type = sniffAttachment(fileName, bytes);
  if (!type) return { ok: false, reason: "type" };

  const key = newStorageKey();
  await writeAttachmentFile(store, key, bytes);
  const createdAt = now.toISOString();
  const checkpointId = target.kind === "evidence" ? target.checkpointId : null;
  const writeupId = target.kind === "writeup" ? target.writeupId : null;
  let inserted: bigint | undefined;
  try {
    const result = await sql`
      insert into attachments
        (storage_key, assignment_checkpoint_id, writeup_id, uploader_id, file_name, content_type, kind, size, created_at)
      select ${key}, ${checkpointId}, ${writeupId}, ${actor.id}, ${fileName}, ${type.contentType}, ${type.kind}, ${bytes.length}, ${createdAt}
      where (select coalesce(sum(size), 0) from attachments where uploader_id = ${actor.id}) + ${bytes.length} <= ${MAX_ATTACHMENT_BYTES_PER_USER}
    `.execute(db);
    inserted = result.numAffectedRows;
  } catch (error) {
    await removeAttachmentFile(store, key);
    throw error;
  }
  if (!inserted) {
    await removeAttachmentFile(store, key);
    return { ok: false, reason: "quota" };
  }
  return {
    ok: true,
    attachment: view(
      {
        storage_key: key,
        file_name: fileName,
        kind: type.kind,
        size: bytes.length,
        created_at: createdAt,
        uploader_id: actor.id,
      },
      actor,
    ),
  };
}

const LISTED = [
  "storage_key",
  "file_name",
  "kind",
  "size",
  "created_at",
  "uploader_id",
  "assignment_checkpoint_id",
] as const;

/**
 * The files on each of an assignment's checkpoints, oldest first, keyed by checkpoint id. The
 * caller has checked the viewer may see the assignment.
 */
export async function listEvidenceAttachments(
  db: DB,
  input: { checkpointIds: readonly number[]; viewer: Actor },
): Promise<Record<number, AttachmentView[]>> {
  const out: Record<number, AttachmentView[]> = {};
  if (!input.checkpointIds.length) return out;
  const rows = await db
    .selectFrom("attachments")
    .select(LISTED)
    .where("assignment_checkpoint_id", "in", input.checkpointIds)
    .orderBy("id")
    .execute();
  for (const row of rows) {
    const id = row.assignment_checkpoint_id as number;
    out[id] = [...(out[id] ?? []), view(row, input.viewer)];
  }
  return out;
}

/** A write-up's files, oldest first. The caller has checked the viewer may read the write-up. */
export async function listWriteupAttachments(
  db: DB,
  input: { writeupId: number; viewer: Actor },
): Promise<AttachmentView[]> {
  const rows = await db
    .selectFrom("attachments")
    .select(LISTED)
    .where("writeup_id", "=", input.writeupId)
    .orderBy("id")
    .execute();
  return rows.map((row) => view(row, input.viewer));
}

async function findAttachment(db: DB, key: string) {
  return db.selectFrom("attachments").selectAll().where("storage_key", "=", key).executeTakeFirst();
}

/** May the viewer see this attachment (whoever may see its evidence or write-up)? */
async function mayView(
  db: DB,
  viewer: Actor,
  row: { assignment_checkpoint_id: number | null; writeup_id: number | null },
) {
  if (row.assignment_checkpoint_id !== null) {
    const subject = await checkpointSubject(db, row.assignment_checkpoint_id);
    return subject !== null && can(viewer, "viewEvidenceAttachments", subject);
  }
  if (row.writeup_id !== null) {
    const subject = await writeupSubject(db, row.writeup_id);
    return subject !== null && can(viewer, "viewWriteupAttachments", subject);
  }
  return false;
}

/**
 * The file to send: its bytes, sniffed type and name. Null when it doesn't exist or the viewer
 * may not see it (someone else's evidence is as good as missing).
 */
export async function openAttachment(
  db: DB,
  store: AttachmentStore,
  input: { key: string; viewer: Actor },
) {
  const row = await findAttachment(db, input.key);
  if (!row || !(await mayView(db, input.viewer, row))) return null;
  const bytes = await readAttachmentFile(store, row.storage_key);
  if (!bytes) return null;
  return { bytes, contentType: row.content_type, kind: row.kind, fileName: row.file_name };
}

/** Removes one attachment (its row, then its file). */
export async function removeAttachment(
  db: DB,
  store: AttachmentStore,
  input: { key: string; actor: Actor },
): Promise<{ ok: true } | { ok: false; reason: "not_found" | "forbidden" }> {
  const row = await findAttachment(db, input.key);
  if (!row || !(await mayView(db, input.actor, row))) return { ok: false, reason: "not_found" };
  if (!can(input.actor, "removeAttachment", { uploaderId: row.uploader_id }))
    return { ok: false, reason: "forbidden" };
  await db.deleteFrom("attachments").where("id", "=", row.id).execute();
  await removeAttachmentFile(store, row.storage_key);
  return { ok: true };
}

/**
 * Removes files whose row is gone (their checkpoint or write-up was deleted, taking the rows with
 * it) and uploads cut short. Run at start-up; returns how many files went.
 */
export async function sweepAttachmentFiles(db: DB, store: AttachmentStore): Promise<number> {
  const { keys, leftovers } = await listAttachmentFiles(store);
  let removed = 0;
  const CHUNK = 500;
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const known = new Set(
      (
        await db
          .selectFrom("attachments")
          .select("storage_key")
          .where("storage_key", "in", chunk)
          .execute()
      ).map((r) => r.storage_key),
    );
    for (const key of chunk.filter((k) => !known.has(k))) {
      await removeAttachmentFile(store, key);
      removed++;
    }
  }
  for (const name of leftovers) {
    await removeLeftover(store, name);
    removed++;
  }
  return removed;
}
