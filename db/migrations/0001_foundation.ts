import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull().modifyEnd(sql`collate nocase`).unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('newcomer', 'mentor', 'lead')`),
    )
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("active").check(sql`status in ('active', 'deactivated')`),
    )
    .addColumn("password_hash", "text")
    .addColumn("start_date", "text")
    .addColumn("capacity", "integer", (c) => c.check(sql`capacity is null or capacity >= 0`))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex("users_role_status")
    .on("users")
    .columns(["role", "status"])
    .execute();

  await db.schema
    .createTable("mentor_components")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("component", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("mentor_components_pk", ["user_id", "component"])
    .execute();
  await db.schema
    .createIndex("mentor_components_component")
    .on("mentor_components")
    .column("component")
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .addColumn("ip", "text")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("invites")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull().modifyEnd(sql`collate nocase`))
    .addColumn("name", "text")
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('newcomer', 'mentor', 'lead')`),
    )
    .addColumn("start_date", "text")
    .addColumn("capacity", "integer")
    .addColumn("components", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("invited_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addColumn("accepted_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("invites_email").on("invites").column("email").execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_failures_key_time")
    .on("login_failures")
    .columns(["key", "created_at"])
    .execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "integer")
    .addColumn("data", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_events_subject")
    .on("audit_events")
    .columns(["subject_type", "subject_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_events",
    "login_failures",
    "invites",
    "sessions",
    "mentor_components",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
