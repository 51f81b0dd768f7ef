import type { DB } from "#db/client";

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
