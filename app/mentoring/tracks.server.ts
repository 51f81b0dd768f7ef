import { z } from "zod";
import { type DB, writeTransaction } from "#db/client";
import { namesOf, userMay } from "~/auth/users.server";
import { recordAudit } from "~/lib/audit.server";
import { k } from "~/lib/i18n/messages";
import { showsSomething } from "~/lib/invisible";

export const DEFAULT_TRACK_ID = 1;

/** The newest version of the default track: new assignments start on it. */
export async function currentTrackVersionId(db: DB, trackId = DEFAULT_TRACK_ID): Promise<number> {
  const row = await db
    .selectFrom("track_versions")
    .select("id")
    .where("track_id", "=", trackId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listTrackCheckpoints(db: DB, trackVersionId: number) {
  return db
    .selectFrom("track_checkpoints")
    .selectAll()
    .where("track_version_id", "=", trackVersionId)
    .orderBy("position")
    .execute();
}

// Editing: every save is a new version, so an assignment's checkpoints (which point at the
// version it was claimed on) never change under it.

export const TRACK_LIMITS = { minCheckpoints: 1, maxCheckpoints: 15, title: 80, guide: 5000 };

/**
 * Works as designed goes from Root cause straight to Write-up (see `setWorksAsDesigned`), so no
 * version may drop either of them.
 */
export const PROTECTED_KEYS: readonly string[] = ["root_cause", "writeup"];

export interface CheckpointDraft {
  /** An existing checkpoint's key (kept across renames); none for a new checkpoint. */
  key?: string;
  title: string;
  guide: string;
  needsSignoff: boolean;
}

/** A reason a draft can't be saved: at one checkpoint's field, or about the whole track. */
export interface TrackIssue {
  /** Index in the submitted `checkpoints`; null for the track as a whole. */
  index: number | null;
  field: "title" | "guide" | "key" | null;
  /** For a checkpoint that was left out but must stay: its key. */
  key?: string;
  message: string;
}

export type SaveTrackResult =
  | { ok: true; version: number; trackVersionId: number }
  | { ok: false; reason: "invalid"; issues: TrackIssue[] }
  | { ok: false; reason: "stale"; currentVersion: number }
  | { ok: false; reason: "unchanged"; currentVersion: number }
  | { ok: false; reason: "not_found" | "forbidden" };

/** Browsers send textarea line breaks as CRLF; store LF so lengths and comparisons are honest. */
function normalizeGuide(guide: string): string {
  return guide.replace(/\r\n?/g, "\n").trimEnd();
}

const checkpointSchema = z.object({
  key: z.string().trim().optional(),
  title: z
    .string()
    .trim()
    .refine(showsSomething, k("mentoring.tracks.err.titleRequired"))
    .max(TRACK_LIMITS.title, k("mentoring.tracks.err.titleTooLong", { max: TRACK_LIMITS.title })),
  guide: z
    .string()
    .transform(normalizeGuide)
    .pipe(
      z
        .string()
        .max(
          TRACK_LIMITS.guide,
          k("mentoring.tracks.err.guideTooLong", { max: TRACK_LIMITS.guide }),
        ),
    ),
  needsSignoff: z.boolean(),
});

const listSchema = z
  .array(checkpointSchema)
  .min(TRACK_LIMITS.minCheckpoints, k("mentoring.tracks.err.atLeastOne"))
  .max(
    TRACK_LIMITS.maxCheckpoints,
    k("mentoring.tracks.err.tooMany", { max: TRACK_LIMITS.maxCheckpoints }),
  );

type CleanCheckpoint = z.output<typeof checkpointSchema>;

function titleIdentity(title: string) {
  return title.normalize("NFKC").toLocaleLowerCase("en");
}

/** "Check the logs!" → "check_the_logs"; titles without Latin letters or digits → "step". */
export function slugKey(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return slug || "step";
}

function uniqueKey(title: string, taken: Set<string>): string {
  const base = slugKey(title);
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  taken.add(key);
  return key;
}

/** The rules that look across checkpoints and at the version being replaced. */
function crossIssues(
  list: CleanCheckpoint[],
  current: { key: string; title: string }[],
): TrackIssue[] {
  const issues: TrackIssue[] = [];
  const titles = new Map<string, number>();
  const keys = new Set<string>();
  const currentKeys = new Set(current.map((c) => c.key));
  list.forEach((c, index) => {
    const identity = titleIdentity(c.title);
    if (identity && titles.has(identity)) {
      issues.push({
        index,
        field: "title",
        message: k("mentoring.tracks.err.duplicateTitle", { title: c.title }),
      });
    } else titles.set(identity, index);
    if (c.key) {
      if (!currentKeys.has(c.key) || keys.has(c.key)) {
        issues.push({
          index,
          field: "key",
          message: k("mentoring.tracks.err.notOnTrack"),
        });
      }
      keys.add(c.key);
    }
  });
  if (list.length && !list.some((c) => c.needsSignoff)) {
    issues.push({
      index: null,
      field: null,
      message: k("mentoring.tracks.err.needsSignoff"),
    });
  }
  for (const protectedKey of PROTECTED_KEYS) {
    const was = current.find((c) => c.key === protectedKey);
    if (was && !keys.has(protectedKey)) {
      issues.push({
        index: null,
        field: null,
        key: protectedKey,
        message: k("mentoring.tracks.err.cannotRetire", { title: was.title }),
      });
    }
  }
  const rootCause = list.findIndex((c) => c.key === "root_cause");
  const writeup = list.findIndex((c) => c.key === "writeup");
  if (rootCause >= 0 && writeup >= 0 && rootCause > writeup) {
    issues.push({
      index: writeup,
      field: null,
      message: k("mentoring.tracks.err.order", {
        first: list[rootCause]?.title ?? "",
        second: list[writeup]?.title ?? "",
      }),
    });
  }
  return issues;
}

function sameCheckpoints(
  list: CleanCheckpoint[],
  current: { key: string; title: string; guide: string; needs_signoff: number }[],
) {
  return (
    list.length === current.length &&
    list.every((c, i) => {
      const was = current[i];
      return (
        was !== undefined &&
        c.key === was.key &&
        c.title === was.title &&
        c.guide === was.guide &&
        c.needsSignoff === (was.needs_signoff === 1)
      );
    })
  );
}

/**
 * A lead saves the track as version N+1 with `checkpoints` in order. Existing checkpoints keep
 * their key (so a renamed step is still the same step across versions); new ones get a key from
 * their title, unique across the track's history. `baseVersion`, when given, is the version the
 * lead was editing: if someone saved since, nothing is written.
 */
export async function saveTrackVersion(
  db: DB,
  input: {
    actorId: number;
    trackId?: number;
    baseVersion?: number;
    checkpoints: readonly CheckpointDraft[];
  },
  now: Date = new Date(),
): Promise<SaveTrackResult> {
  const trackId = input.trackId ?? DEFAULT_TRACK_ID;
  const parsed = listSchema.safeParse(input.checkpoints);
  const shapeIssues: TrackIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const [index, field] = issue.path;
        return {
          index: typeof index === "number" ? index : null,
          field: field === "title" || field === "guide" || field === "key" ? field : null,
          message: issue.message,
        };
      });
  return writeTransaction(db, async (trx): Promise<SaveTrackResult> => {
    if (!(await userMay(trx, input.actorId, "editTracks")))
      return { ok: false, reason: "forbidden" };
    const latest = await trx
      .selectFrom("track_versions")
      .select(["id", "version"])
      .where("track_id", "=", trackId)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!latest) return { ok: false, reason: "not_found" };
    if (input.baseVersion !== undefined && input.baseVersion !== latest.version)
      return { ok: false, reason: "stale", currentVersion: latest.version };
    const current = await listTrackCheckpoints(trx, latest.id);
    // Cross-checkpoint rules run on the trimmed input even when a field is invalid, so the lead
    // sees every problem at once.
    const list: CleanCheckpoint[] = parsed.success
      ? parsed.data
      : input.checkpoints.map((c) => ({ ...c, title: c.title.trim(), guide: c.guide }));
    const issues = [...shapeIssues, ...crossIssues(list, current)];
    if (issues.length) return { ok: false, reason: "invalid", issues };
    if (sameCheckpoints(list, current))
      return { ok: false, reason: "unchanged", currentVersion: latest.version };

    const everUsed = await trx
      .selectFrom("track_checkpoints as c")
      .innerJoin("track_versions as v", "v.id", "c.track_version_id")
      .select("c.key")
      .distinct()
      .where("v.track_id", "=", trackId)
      .execute();
    const taken = new Set(everUsed.map((r) => r.key));
    const keyed = list.map((c) => ({ ...c, key: c.key || uniqueKey(c.title, taken) }));

    const version = latest.version + 1;
    const iso = now.toISOString();
    const { id: trackVersionId } = await trx
      .insertInto("track_versions")
      .values({ track_id: trackId, version, created_by: input.actorId, created_at: iso })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("track_checkpoints")
      .values(
        keyed.map((c, i) => ({
          track_version_id: trackVersionId,
          position: i + 1,
          key: c.key,
          title: c.title,
          guide: c.guide,
          needs_signoff: c.needsSignoff ? 1 : 0,
        })),
      )
      .execute();
    const before = new Set(current.map((c) => c.key));
    const after = new Set(keyed.map((c) => c.key));
    await recordAudit(
      trx,
      {
        actorId: input.actorId,
        action: "track.version_saved",
        subjectType: "track",
        subjectId: trackId,
        data: {
          version,
          keys: keyed.map((c) => c.key),
          added: [...after].filter((k) => !before.has(k)),
          retired: [...before].filter((k) => !after.has(k)),
        },
      },
      now,
    );
    return { ok: true, version, trackVersionId };
  });
}

export interface TrackForEditing {
  trackId: number;
  name: string;
  version: number;
  trackVersionId: number;
  checkpoints: { key: string; title: string; guide: string; needsSignoff: boolean }[];
  /** Active assignments still working through an older version. */
  olderActiveAssignments: number;
  /** Newest first. */
  history: {
    version: number;
    createdAt: string;
    creatorName: string | null;
    checkpointCount: number;
  }[];
}

/** The current version of a track, what is still running on older ones, and its history. */
export async function getTrackForEditing(
  db: DB,
  trackId: number = DEFAULT_TRACK_ID,
): Promise<TrackForEditing | null> {
  const track = await db
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("id", "=", trackId)
    .executeTakeFirst();
  if (!track) return null;
  const history = await db
    .selectFrom("track_versions as v")
    .select((eb) => [
      "v.id",
      "v.version",
      "v.created_at",
      "v.created_by",
      eb
        .selectFrom("track_checkpoints as c")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("c.track_version_id", "=", "v.id")
        .as("checkpointCount"),
    ])
    .where("v.track_id", "=", trackId)
    .orderBy("v.version", "desc")
    .execute();
  const latest = history[0];
  if (!latest) return null;
  const checkpoints = await listTrackCheckpoints(db, latest.id);
  const older = await db
    .selectFrom("assignments as a")
    .innerJoin("track_versions as v", "v.id", "a.track_version_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("a.status", "=", "active")
    .where("v.track_id", "=", trackId)
    .where("v.version", "<", latest.version)
    .executeTakeFirstOrThrow();
  const names = await namesOf(
    db,
    history.flatMap((v) => (v.created_by === null ? [] : [v.created_by])),
  );
  return {
    trackId: track.id,
    name: track.name,
    version: latest.version,
    trackVersionId: latest.id,
    checkpoints: checkpoints.map((c) => ({
      key: c.key,
      title: c.title,
      guide: c.guide,
      needsSignoff: c.needs_signoff === 1,
    })),
    olderActiveAssignments: Number(older.n),
    history: history.map((v) => ({
      version: v.version,
      createdAt: v.created_at,
      creatorName: v.created_by === null ? null : (names.get(v.created_by) ?? null),
      checkpointCount: Number(v.checkpointCount ?? 0),
    })),
  };
}
