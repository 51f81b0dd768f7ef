import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.

const DEFAULT_TRACK: [key: string, title: string, signoff: number, guide: string][] = [
  [
    "reproduce",
    "Reproduce the bug",
    1,
    "Show the bug happening on your machine or a staging copy.\n\n**Good evidence:** the exact steps, the environment, and what you saw (error text, a screenshot, a log line).",
  ],
  [
    "locate",
    "Find the code",
    0,
    "Trace the symptom to the code involved.\n\n**Good evidence:** the files and functions, and how you found them (search, logs, a debugger).",
  ],
  [
    "root_cause",
    "Root cause",
    1,
    "Explain *why* it happens, not only where.\n\n**Good evidence:** one or two sentences a teammate could check, with a link to the line. If the behaviour is intended, say where that is specified: you can finish as *works as designed*.",
  ],
  [
    "failing_test",
    "Failing test",
    1,
    "Prove the cause with a test that fails today.\n\n**Good evidence:** a link to the test and its failure output.",
  ],
  [
    "fix",
    "Fix and review",
    1,
    "Make the test pass and get the change reviewed.\n\n**Good evidence:** the pull request, and what reviewers asked for.",
  ],
  [
    "ship",
    "Ship and verify",
    0,
    "Release it and check the symptom is gone for real users.\n\n**Good evidence:** the release or deploy, and how you verified it.",
  ],
  [
    "writeup",
    "Write-up",
    1,
    "Leave the next engineer a map: symptom, root cause, fix (or expected behaviour), and how you debugged it.",
  ],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tracks")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("track_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("track_id", "integer", (c) => c.notNull().references("tracks.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("track_versions_unique", ["track_id", "version"])
    .execute();
  await db.schema
    .createTable("track_checkpoints")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("track_version_id", "integer", (c) => c.notNull().references("track_versions.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("guide", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("needs_signoff", "integer", (c) => c.notNull().check(sql`needs_signoff in (0, 1)`))
    .addUniqueConstraint("track_checkpoints_position", ["track_version_id", "position"])
    .execute();

  await db.schema
    .alterTable("assignments")
    .addColumn("track_version_id", "integer", (c) => c.references("track_versions.id"))
    .execute();
  await db.schema
    .alterTable("assignments")
    .addColumn("resolution", "text", (c) =>
      c.check(sql`resolution is null or resolution in ('fixed', 'works_as_designed')`),
    )
    .execute();

  await db.schema
    .createTable("assignment_checkpoints")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("assignment_id", "integer", (c) => c.notNull().references("assignments.id"))
    .addColumn("track_checkpoint_id", "integer", (c) =>
      c.notNull().references("track_checkpoints.id"),
    )
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("todo")
        .check(
          sql`state in ('todo', 'submitted', 'changes_requested', 'resubmitted', 'approved', 'completed', 'skipped')`,
        ),
    )
    .addColumn("state_since", "text", (c) => c.notNull())
    .addColumn("done_at", "text")
    .addUniqueConstraint("assignment_checkpoints_unique", ["assignment_id", "track_checkpoint_id"])
    .execute();
  await db.schema
    .createIndex("assignment_checkpoints_state")
    .on("assignment_checkpoints")
    .columns(["state", "state_since"])
    .execute();

  await db.schema
    .createTable("evidence")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("assignment_checkpoint_id", "integer", (c) =>
      c.notNull().references("assignment_checkpoints.id"),
    )
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("links", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("minutes", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("evidence_checkpoint")
    .on("evidence")
    .columns(["assignment_checkpoint_id", "id"])
    .execute();

  await db.schema
    .createTable("checkpoint_comments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("assignment_checkpoint_id", "integer", (c) =>
      c.notNull().references("assignment_checkpoints.id"),
    )
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('comment', 'approved', 'changes_requested', 'stuck')`),
    )
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("checkpoint_comments_checkpoint")
    .on("checkpoint_comments")
    .columns(["assignment_checkpoint_id", "id"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("assignment_id", "integer", (c) => c.references("assignments.id"))
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .addUniqueConstraint("notifications_once", ["user_id", "event_key"])
    .execute();
  await db.schema
    .createIndex("notifications_inbox")
    .on("notifications")
    .columns(["user_id", "read_at", "id"])
    .execute();

  // The default track, version 1; open assignments start on it.
  const now = new Date().toISOString();
  await sql`insert into tracks (id, name, created_at) values (1, 'Default track', ${now})`.execute(
    db,
  );
  await sql`insert into track_versions (id, track_id, version, created_by, created_at) values (1, 1, 1, null, ${now})`.execute(
    db,
  );
  for (const [index, [key, title, signoff, guide]] of DEFAULT_TRACK.entries()) {
    await sql`insert into track_checkpoints (track_version_id, position, key, title, guide, needs_signoff)
      values (1, ${index + 1}, ${key}, ${title}, ${guide}, ${signoff})`.execute(db);
  }
  await sql`update assignments set track_version_id = 1`.execute(db);
  await sql`insert into assignment_checkpoints (assignment_id, track_checkpoint_id, state, state_since)
    select a.id, c.id, 'todo', a.claimed_at from assignments a cross join track_checkpoints c
    where c.track_version_id = 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "notifications",
    "checkpoint_comments",
    "evidence",
    "assignment_checkpoints",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("assignments").dropColumn("resolution").execute();
  await db.schema.alterTable("assignments").dropColumn("track_version_id").execute();
  for (const table of ["track_checkpoints", "track_versions", "tracks"])
    await db.schema.dropTable(table).execute();
}
