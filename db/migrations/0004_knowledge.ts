import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("writeups")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("symptom", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("component", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("root_cause", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("fix", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("debugging", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("resolution", "text", (c) =>
      c
        .notNull()
        .check(
          sql`resolution in ('fixed', 'works_as_designed', 'config_change', 'data_fix', 'duplicate', 'cannot_reproduce')`,
        ),
    )
    // Space-separated lowercase tags, kept in sync with writeup_tags, for the full-text index.
    .addColumn("tags_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'published')`),
    )
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("ticket_id", "integer", (c) => c.references("tickets.id"))
    .addColumn("assignment_id", "integer", (c) => c.references("assignments.id"))
    .addColumn("verified_by", "integer", (c) => c.references("users.id"))
    .addColumn("verified_at", "text")
    .addColumn("external_id", "text")
    .addColumn("views", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .execute();
  await db.schema
    .createIndex("writeups_status_updated")
    .on("writeups")
    .columns(["status", "updated_at"])
    .execute();
  await db.schema
    .createIndex("writeups_component")
    .on("writeups")
    .columns(["component", "status"])
    .execute();
  await db.schema
    .createIndex("writeups_assignment")
    .on("writeups")
    .column("assignment_id")
    .unique()
    .where(sql.ref("assignment_id"), "is not", null)
    .execute();
  await db.schema
    .createIndex("writeups_external")
    .on("writeups")
    .column("external_id")
    .unique()
    .where(sql.ref("external_id"), "is not", null)
    .execute();

  await db.schema
    .createTable("writeup_tags")
    .addColumn("writeup_id", "integer", (c) =>
      c.notNull().references("writeups.id").onDelete("cascade"),
    )
    .addColumn("tag", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("writeup_tags_pk", ["writeup_id", "tag"])
    .execute();
  await db.schema
    .createIndex("writeup_tags_tag")
    .on("writeup_tags")
    .columns(["tag", "writeup_id"])
    .execute();

  await db.schema
    .createTable("writeup_links")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("writeup_id", "integer", (c) =>
      c.notNull().references("writeups.id").onDelete("cascade"),
    )
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("writeup_links_writeup")
    .on("writeup_links")
    .column("writeup_id")
    .execute();

  await db.schema
    .createTable("toil")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("writeup_id", "integer", (c) =>
      c.notNull().references("writeups.id").onDelete("cascade"),
    )
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("minutes", "integer", (c) => c.notNull().check(sql`minutes >= 0`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("toil_writeup").on("toil").column("writeup_id").execute();

  await db.schema
    .createTable("writeup_votes")
    .addColumn("writeup_id", "integer", (c) =>
      c.notNull().references("writeups.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("helpful", "integer", (c) => c.notNull().check(sql`helpful in (0, 1)`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("writeup_votes_pk", ["writeup_id", "user_id"])
    .execute();

  await db.schema
    .createTable("writeup_flags")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("writeup_id", "integer", (c) =>
      c.notNull().references("writeups.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema
    .createIndex("writeup_flags_open")
    .on("writeup_flags")
    .columns(["resolved_at", "created_at"])
    .execute();

  await db.schema
    .createTable("search_misses")
    .addColumn("query", "text", (c) => c.primaryKey())
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("ticket_id", "integer", (c) => c.references("tickets.id"))
    .execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_tokens_user").on("api_tokens").column("user_id").execute();

  // Full-text search over write-ups: an external-content FTS5 table kept in sync by triggers.
  // Column order matters to bm25() weights: title, symptom, root_cause, fix, debugging, tags_text.
  await sql`create virtual table writeups_fts using fts5(
    title, symptom, root_cause, fix, debugging, tags_text,
    content='writeups', content_rowid='id',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
  )`.execute(db);
  await sql`create trigger writeups_ai after insert on writeups begin
    insert into writeups_fts(rowid, title, symptom, root_cause, fix, debugging, tags_text)
    values (new.id, new.title, new.symptom, new.root_cause, new.fix, new.debugging, new.tags_text);
  end`.execute(db);
  await sql`create trigger writeups_ad after delete on writeups begin
    insert into writeups_fts(writeups_fts, rowid, title, symptom, root_cause, fix, debugging, tags_text)
    values ('delete', old.id, old.title, old.symptom, old.root_cause, old.fix, old.debugging, old.tags_text);
  end`.execute(db);
  await sql`create trigger writeups_au after update of title, symptom, root_cause, fix, debugging, tags_text on writeups begin
    insert into writeups_fts(writeups_fts, rowid, title, symptom, root_cause, fix, debugging, tags_text)
    values ('delete', old.id, old.title, old.symptom, old.root_cause, old.fix, old.debugging, old.tags_text);
    insert into writeups_fts(rowid, title, symptom, root_cause, fix, debugging, tags_text)
    values (new.id, new.title, new.symptom, new.root_cause, new.fix, new.debugging, new.tags_text);
  end`.execute(db);
  // The index's own vocabulary, for "did you mean" typo corrections.
  await sql`create virtual table writeups_vocab using fts5vocab(writeups_fts, 'row')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists writeups_vocab`.execute(db);
  await sql`drop trigger if exists writeups_au`.execute(db);
  await sql`drop trigger if exists writeups_ad`.execute(db);
  await sql`drop trigger if exists writeups_ai`.execute(db);
  await sql`drop table if exists writeups_fts`.execute(db);
  for (const table of [
    "api_tokens",
    "search_misses",
    "writeup_flags",
    "writeup_votes",
    "toil",
    "writeup_links",
    "writeup_tags",
    "writeups",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
