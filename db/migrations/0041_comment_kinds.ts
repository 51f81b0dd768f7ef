import type { Kysely } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// A step's comments by kind: My onboarding's "what happened last" reads each step's newest
// approval and request for changes, and the mentoring board its open "I'm stuck" requests. On
// (step, id) alone, finding them walked every comment of the step (40 ms at 100,000 comments on
// one step, and growing with them); on (step, kind, id) it reads the few reviews only.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("checkpoint_comments_kind")
    .on("checkpoint_comments")
    .columns(["assignment_checkpoint_id", "kind", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("checkpoint_comments_kind").execute();
}
