import { type DB, writeTransaction } from "#db/client";
import type { Role, Writeup } from "#db/schema";
import { can } from "~/auth/policies";
import { recordAudit } from "~/lib/audit.server";
import { clip } from "~/lib/clip";
import type { FieldErrors } from "~/lib/forms";
import { slackTexts } from "~/lib/message-templates";
import { appLink, queueSlack } from "~/lib/outbox.server";
import { sameFormSince } from "~/lib/sent-twice";
import {
  changedFields,
  columns,
  contentSnapshot,
  readSnapshot,
  sameAsStored,
  type VerifiedSnapshot,
  type WriteupInput,
} from "./writeup-content.server";
import { missingToPublish } from "./writeup-schema";

export { normalizeTags, type WriteupInput } from "./writeup-content.server";

async function setChildren(
  trx: DB,
  writeupId: number,
  input: WriteupInput,
  tags: string[],
  now: Date,
) {
  await trx.deleteFrom("writeup_tags").where("writeup_id", "=", writeupId).execute();
  if (tags.length) {
    await trx
      .insertInto("writeup_tags")
      .values(tags.map((tag) => ({ writeup_id: writeupId, tag })))
      .execute();
  }
  await trx.deleteFrom("writeup_links").where("writeup_id", "=", writeupId).execute();
  if (input.links.length) {
    await trx
      .insertInto("writeup_links")
      .values(
        input.links
          .slice(0, 30)
          .map((l) => ({ writeup_id: writeupId, label: clip(l.label, 120), url: l.url })),
      )
      .execute();
  }
  await trx.deleteFrom("toil").where("writeup_id", "=", writeupId).execute();
  if (input.toil.length) {
    await trx
      .insertInto("toil")
      .values(
        input.toil.slice(0, 30).map((t) => ({
          writeup_id: writeupId,
          description: clip(t.description.trim(), 300),
          minutes: Math.max(0, Math.round(t.minutes)),
          created_at: now.toISOString(),
        })),
      )
      .execute();
  }
}

/**
 * Creates a write-up (a draft unless told otherwise). Call with `trx` to join a caller's
 * transaction (the Write-up checkpoint's draft); otherwise it runs in its own.
 */
export async function insertWriteup(
  trx: DB,
  input: {
    authorId: number | null;
    writeup: WriteupInput;
    status?: "draft" | "published";
    ticketId?: number | null;
    assignmentId?: number | null;
    externalId?: string | null;
    /**
     * An imported write-up's own dates (ISO-8601, not after `now`): created and published then,
     * last changed at `updatedAt`; its toil recorded when it was published.
     */
    publishedAt?: string;
    updatedAt?: string;
  },
  now: Date = new Date(),
): Promise<number> {
  const iso = now.toISOString();
  const published = input.publishedAt ?? iso;
  const { values, tags } = columns(input.writeup);
  const status = input.status ?? "draft";
  const { id } = await trx
    .insertInto("writeups")
    .values({
      ...values,
      status,
      author_id: input.authorId,
      ticket_id: input.ticketId ?? null,
      assignment_id: input.assignmentId ?? null,
      verified_by: null,
      verified_at: null,
      external_id: input.externalId ?? null,
      created_at: published,
      updated_at: input.updatedAt && input.updatedAt > published ? input.updatedAt : published,
      published_at: status === "published" ? published : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await setChildren(trx, id, input.writeup, tags, input.publishedAt ? new Date(published) : now);
  // Published by a person (an import's write-ups are not announced one by one).
  if (status === "published" && !input.externalId) await announcePublished(trx, id, now);
  // An imported write-up was written elsewhere: nobody here made it, whoever its author (the
  // import's own audit names the importer).
  const actorId = input.externalId ? null : input.authorId;
  await recordAudit(
    trx,
    { actorId, action: "writeup.created", subjectType: "writeup", subjectId: id },
    now,
  );
  return id;
}

export async function createWriteup(
  db: DB,
  input: Parameters<typeof insertWriteup>[1],
  now: Date = new Date(),
) {
  return writeTransaction(db, (trx) => insertWriteup(trx, input, now));
}

/**
 * A write-up someone wrote at Knowledge base → New write-up. The same form sent twice by the same
 * person within a minute (a double click, a resent form: lib/sent-twice.ts) makes one: the
 * second gets the first.
 */
export async function createWriteupByHand(
  db: DB,
  input: { authorId: number; writeup: WriteupInput; status: "draft" | "published" },
  now: Date = new Date(),
): Promise<number> {
  return writeTransaction(db, async (trx) => {
    const recent = await trx
      .selectFrom("writeups")
      .select("id")
      .where("author_id", "=", input.authorId)
      .where("created_at", ">=", sameFormSince(now))
      .where("status", "=", input.status)
      .where("ticket_id", "is", null)
      .where("external_id", "is", null)
      .orderBy("id", "desc")
      .execute();
    for (const { id } of recent) if (await sameAsStored(trx, id, input.writeup)) return id;
    return insertWriteup(trx, input, now);
  });
}

/**
 * Replaces a write-up's content; its status and author stay. A verified write-up whose content
 * changes loses its verification (a sign-off vouches for what was signed) and goes back to the
 * review queue; the verified version is kept so its page can say what changed. Call inside a
 * transaction.
 */
export async function replaceWriteupContent(
  trx: DB,
  writeupId: number,
  writeup: WriteupInput,
  now: Date,
) {
  const { values, tags } = columns(writeup);
  const verification = await trx
    .selectFrom("writeups")
    .select(["verified_at", "verified_by", "verified_snapshot"])
    .where("id", "=", writeupId)
    .executeTakeFirst();
  const before = verification?.verified_at ? await contentSnapshot(trx, writeupId) : null;
  await trx
    .updateTable("writeups")
    .set({ ...values, updated_at: now.toISOString() })
    .where("id", "=", writeupId)
    .execute();
  await setChildren(trx, writeupId, writeup, tags, now);
  if (!before || !verification?.verified_at) return;
  const after = await contentSnapshot(trx, writeupId);
  if (!after || changedFields(before, after).length === 0) return;
  const kept = readSnapshot(verification.verified_snapshot) ?? {
    by: verification.verified_by,
    at: verification.verified_at,
    content: before,
  };
  await trx
    .updateTable("writeups")
    .set({ verified_by: null, verified_at: null, verified_snapshot: JSON.stringify(kept) })
    .where("id", "=", writeupId)
    .execute();
  await recordAudit(
    trx,
    {
      actorId: null,
      action: "writeup.verification_cleared",
      subjectType: "writeup",
      subjectId: writeupId,
      data: { changed: changedFields(kept.content, after) },
    },
    now,
  );
}

/**
 * What changed since the write-up was last verified, when an edit cleared its verification:
 * the fields, who had verified it and when. Null when it is verified, or never was.
 */
export async function changesSinceVerified(
  db: DB,
  writeupId: number,
): Promise<{ fields: string[]; verifiedBy: string | null; verifiedAt: string } | null> {
  const row = await db
    .selectFrom("writeups")
    .select(["verified_at", "verified_snapshot"])
    .where("id", "=", writeupId)
    .executeTakeFirst();
  const kept = row && !row.verified_at ? readSnapshot(row.verified_snapshot) : null;
  if (!kept) return null;
  const current = await contentSnapshot(db, writeupId);
  if (!current) return null;
  const fields = changedFields(kept.content, current);
  if (fields.length === 0) return null;
  const by =
    kept.by === null
      ? null
      : ((await db.selectFrom("users").select("name").where("id", "=", kept.by).executeTakeFirst())
          ?.name ?? null);
  return { fields, verifiedBy: by, verifiedAt: kept.at };
}

export interface AssignmentWriteup {
  id: number;
  status: "draft" | "published";
  verifiedAt: string | null;
}

/** The write-up drafted for an assignment, if any (read-only). */
export async function findWriteupForAssignment(
  db: DB,
  assignmentId: number,
): Promise<AssignmentWriteup | null> {
  const row = await db
    .selectFrom("writeups")
    .select(["id", "status", "verified_at as verifiedAt"])
    .where("assignment_id", "=", assignmentId)
    .executeTakeFirst();
  return row ?? null;
}

export interface Viewer {
  id: number;
  role: Role;
}

/**
 * The mentor of an assignment. Mentoring owns assignments, so it passes this in: its
 * `canEditWriteup`, `canViewWriteup`, `updateWriteup` and `publishWriteup` bind it.
 */
export type AssignmentMentorOf = (db: DB, assignmentId: number) => Promise<number | null>;

/** Who may edit: the author, the mentor of its assignment, and leads. */
export async function canEditWriteup(
  db: DB,
  viewer: Viewer,
  writeupId: number,
  mentorOf: AssignmentMentorOf,
): Promise<boolean> {
  const row = await db
    .selectFrom("writeups")
    .select(["author_id", "assignment_id"])
    .where("id", "=", writeupId)
    .executeTakeFirst();
  if (!row) return can(viewer, "editWriteup", { authorId: null, mentorId: null });
  const byAuthorship = { authorId: row.author_id, mentorId: null };
  if (can(viewer, "editWriteup", byAuthorship)) return true;
  if (row.assignment_id === null) return false;
  const mentorId = await mentorOf(db, row.assignment_id);
  return can(viewer, "editWriteup", { authorId: row.author_id, mentorId });
}

export type EditResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "forbidden" }
  /** Saved by someone else since `expectedUpdatedAt`: nothing was written. */
  | { ok: false; reason: "stale"; updatedAt: string }
  /** Publishing, with parts a reader needs left empty (`missingToPublish`): nothing was written. */
  | { ok: false; reason: "incomplete"; errors: FieldErrors };

export async function updateWriteup(
  db: DB,
  input: {
    viewer: Viewer;
    writeupId: number;
    writeup: WriteupInput;
    publish?: boolean;
    /** The write-up's updated_at when the editor opened it: a later save refuses this one. */
    expectedUpdatedAt?: string;
  },
  now: Date,
  mentorOf: AssignmentMentorOf,
): Promise<EditResult> {
  const exists = await db
    .selectFrom("writeups")
    .select("id")
    .where("id", "=", input.writeupId)
    .executeTakeFirst();
  if (!exists) return { ok: false, reason: "not_found" };
  if (!(await canEditWriteup(db, input.viewer, input.writeupId, mentorOf)))
    return { ok: false, reason: "forbidden" };
  if (input.publish) {
    const errors = missingToPublish(input.writeup);
    if (Object.keys(errors).length) return { ok: false, reason: "incomplete", errors };
  }
  return writeTransaction(db, async (trx): Promise<EditResult> => {
    const row = await trx
      .selectFrom("writeups")
      .select(["updated_at", "status"])
      .where("id", "=", input.writeupId)
      .executeTakeFirst();
    // Deleted since the check above: nothing to save into.
    if (!row) return { ok: false, reason: "not_found" };
    if (input.expectedUpdatedAt) {
      // Stale, unless it would change nothing (the same form sent twice): then it is done.
      if (row.updated_at !== input.expectedUpdatedAt) {
        const done = !input.publish || row.status === "published";
        if (done && (await sameAsStored(trx, input.writeupId, input.writeup))) return { ok: true };
        return { ok: false, reason: "stale", updatedAt: row.updated_at };
      }
    }
    await replaceWriteupContent(trx, input.writeupId, input.writeup, now);
    if (input.publish) await markPublished(trx, input.writeupId, now);
    await recordAudit(
      trx,
      {
        actorId: input.viewer.id,
        action: input.publish ? "writeup.published" : "writeup.updated",
        subjectType: "writeup",
        subjectId: input.writeupId,
      },
      now,
    );
    return { ok: true };
  });
}

/**
 * Publishes a write-up (keeping its first publication time). Its views start there: a draft's
 * readings (counted before drafts stopped counting them) are not readers'. Call inside a transaction.
 */
export async function markPublished(trx: DB, writeupId: number, now: Date) {
  await trx
    .updateTable("writeups")
    .set((eb) => ({
      status: "published",
      published_at: eb.fn.coalesce("published_at", eb.val(now.toISOString())),
      views: eb.case().when("published_at", "is", null).then(0).else(eb.ref("views")).end(),
    }))
    .where("id", "=", writeupId)
    .execute();
  await announcePublished(trx, writeupId, now);
}

/** Tells Slack once per write-up (a second publish after an edit is not news). */
async function announcePublished(trx: DB, writeupId: number, now: Date) {
  const row = await trx
    .selectFrom("writeups")
    .select("title")
    .where("id", "=", writeupId)
    .executeTakeFirst();
  if (!row) return;
  await queueSlack(
    trx,
    {
      kind: "writeup_published",
      item: { text: slackTexts.writeup(row.title), link: appLink(`/kb/${writeupId}`) },
      dedupeKey: `slack:published:${writeupId}`,
    },
    now,
  );
}

export async function publishWriteup(
  db: DB,
  input: { viewer: Viewer; writeupId: number },
  now: Date,
  mentorOf: AssignmentMentorOf,
): Promise<EditResult> {
  const exists = await db
    .selectFrom("writeups")
    .select(["id", "resolution", "symptom", "root_cause as rootCause", "fix"])
    .where("id", "=", input.writeupId)
    .executeTakeFirst();
  if (!exists) return { ok: false, reason: "not_found" };
  if (!(await canEditWriteup(db, input.viewer, input.writeupId, mentorOf)))
    return { ok: false, reason: "forbidden" };
  const errors = missingToPublish(exists);
  if (Object.keys(errors).length) return { ok: false, reason: "incomplete", errors };
  return writeTransaction(db, async (trx): Promise<EditResult> => {
    const still = await trx
      .selectFrom("writeups")
      .select("id")
      .where("id", "=", input.writeupId)
      .executeTakeFirst();
    // Deleted since the check above: there is nothing to publish.
    if (!still) return { ok: false, reason: "not_found" };
    await markPublished(trx, input.writeupId, now);
    await recordAudit(
      trx,
      {
        actorId: input.viewer.id,
        action: "writeup.published",
        subjectType: "writeup",
        subjectId: input.writeupId,
      },
      now,
    );
    return { ok: true };
  });
}

/** A mentor's (or lead's) sign-off: the write-up is verified, by whom and when. Call inside a transaction. */
export async function markVerified(
  trx: DB,
  input: { writeupId: number; verifierId: number },
  now: Date,
) {
  const content = await contentSnapshot(trx, input.writeupId);
  const snapshot: VerifiedSnapshot | null = content
    ? { by: input.verifierId, at: now.toISOString(), content }
    : null;
  await trx
    .updateTable("writeups")
    .set({
      verified_by: input.verifierId,
      verified_at: now.toISOString(),
      verified_snapshot: snapshot ? JSON.stringify(snapshot) : null,
    })
    .where("id", "=", input.writeupId)
    .execute();
}

export interface WriteupView extends Writeup {
  tags: string[];
  links: { label: string; url: string }[];
  toil: { description: string; minutes: number }[];
  authorName: string | null;
  verifierName: string | null;
  ticketTitle: string | null;
}

export async function getWriteup(db: DB, writeupId: number): Promise<WriteupView | null> {
  const row = await db
    .selectFrom("writeups as w")
    .leftJoin("users as a", "a.id", "w.author_id")
    .leftJoin("users as v", "v.id", "w.verified_by")
    .leftJoin("tickets as t", "t.id", "w.ticket_id")
    .selectAll("w")
    .select(["a.name as authorName", "v.name as verifierName", "t.title as ticketTitle"])
    .where("w.id", "=", writeupId)
    .executeTakeFirst();
  if (!row) return null;
  const [tags, links, toil] = await Promise.all([
    db
      .selectFrom("writeup_tags")
      .select("tag")
      .where("writeup_id", "=", writeupId)
      .orderBy("tag")
      .execute(),
    db
      .selectFrom("writeup_links")
      .select(["label", "url"])
      .where("writeup_id", "=", writeupId)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("toil")
      .select(["description", "minutes"])
      .where("writeup_id", "=", writeupId)
      .orderBy("id")
      .execute(),
  ]);
  return { ...row, tags: tags.map((t) => t.tag), links, toil };
}

/** A draft is visible to whoever may edit it; a published write-up to everyone signed in. */
export async function canViewWriteup(
  db: DB,
  viewer: Viewer,
  writeup: Pick<Writeup, "id" | "status">,
  mentorOf: AssignmentMentorOf,
) {
  return writeup.status === "published" || canEditWriteup(db, viewer, writeup.id, mentorOf);
}

/** The newest published write-ups, for the knowledge base's front page. */
export async function listRecentWriteups(db: DB, limit = 20) {
  return db
    .selectFrom("writeups")
    .select(["id", "title", "component", "resolution", "verified_at", "published_at", "tags_text"])
    .where("status", "=", "published")
    .orderBy("published_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** One user's drafts. */
export async function listDrafts(db: DB, authorId: number) {
  return db
    .selectFrom("writeups")
    .select(["id", "title", "updated_at"])
    .where("status", "=", "draft")
    .where("author_id", "=", authorId)
    .orderBy("updated_at", "desc")
    .execute();
}
