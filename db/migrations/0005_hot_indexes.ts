import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Indexes for the hot queries the page benchmark found at 20,000 tickets and 100,000 write-ups
// (each checked with EXPLAIN QUERY PLAN), and data versions (counters bumped by triggers) that let a process cache an
// answer until a write could change it.

export async function up(db: Kysely<any>): Promise<void> {
  // The ticket queue's default order (newest first) walks this index and stops after a page.
  await db.schema
    .createIndex("tickets_created")
    .on("tickets")
    .columns(["created_at", "id"])
    .execute();
  // Open starter tickets, the oldest of each component and difficulty (next tickets for me).
  await db.schema
    .createIndex("tickets_starter_pool")
    .on("tickets")
    .columns(["starter", "status", "component", "difficulty", "created_at", "id"])
    .execute();
  // A ticket's write-ups (the ticket page).
  await db.schema.createIndex("writeups_ticket").on("writeups").column("ticket_id").execute();
  // Recently published (the knowledge base's front page) and the search filters' lists.
  await db.schema
    .createIndex("writeups_status_published")
    .on("writeups")
    .columns(["status", "published_at", "id"])
    .execute();
  await db.schema
    .createIndex("writeups_status_component")
    .on("writeups")
    .columns(["status", "component"])
    .execute();
  await db.schema
    .createIndex("writeups_author_status")
    .on("writeups")
    .columns(["author_id", "status"])
    .execute();

  await db.schema
    .createTable("data_versions")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  for (const name of VERSIONS)
    await sql`insert into data_versions (name, version) values (${name}, 0)`.execute(db);
  for (const [trigger, event, name] of TRIGGERS)
    await sql`create trigger ${sql.raw(trigger)} ${sql.raw(event)} begin
      update data_versions set version = version + 1 where name = ${sql.lit(name)};
    end`.execute(db);
}

const VERSIONS = ["tickets", "writeups", "mentoring"] as const;

/** What bumps each version: any change a cached answer could depend on (not write-up views). */
const TRIGGERS: [trigger: string, event: string, version: (typeof VERSIONS)[number]][] = [
  ...["insert", "update", "delete"].flatMap((op): [string, string, "tickets"][] => [
    [`tickets_version_${op}`, `after ${op} on tickets`, "tickets"],
  ]),
  ["ticket_labels_version_insert", "after insert on ticket_labels", "tickets"],
  ["ticket_labels_version_delete", "after delete on ticket_labels", "tickets"],
  ["writeups_version_insert", "after insert on writeups", "writeups"],
  [
    "writeups_version_update",
    "after update of title, symptom, component, root_cause, fix, debugging, resolution, tags_text, status, author_id, ticket_id, verified_at, published_at on writeups",
    "writeups",
  ],
  ["writeups_version_delete", "after delete on writeups", "writeups"],
  ["users_writeups_version_update", "after update of name on users", "writeups"],
  ...["insert", "update", "delete"].flatMap((op): [string, string, "mentoring"][] => [
    [`assignments_version_${op}`, `after ${op} on assignments`, "mentoring"],
    [`assignment_checkpoints_version_${op}`, `after ${op} on assignment_checkpoints`, "mentoring"],
    [`mentor_components_version_${op}`, `after ${op} on mentor_components`, "mentoring"],
    [`track_checkpoints_version_${op}`, `after ${op} on track_checkpoints`, "mentoring"],
    [`track_versions_version_${op}`, `after ${op} on track_versions`, "mentoring"],
  ]),
  ["users_mentoring_version_insert", "after insert on users", "mentoring"],
  ["users_mentoring_version_update", "after update on users", "mentoring"],
  ["users_mentoring_version_delete", "after delete on users", "mentoring"],
];

export async function down(db: Kysely<any>): Promise<void> {
  for (const [trigger] of TRIGGERS)
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  await db.schema.dropTable("data_versions").execute();
  for (const index of [
    "tickets_created",
    "tickets_starter_pool",
    "writeups_ticket",
    "writeups_status_published",
    "writeups_status_component",
    "writeups_author_status",
  ])
    await db.schema.dropIndex(index).execute();
}
