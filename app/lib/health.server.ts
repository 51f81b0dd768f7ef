import { sql } from "kysely";
import type { DB } from "#db/client";
import { logger } from "~/lib/logger.server";

/** A real query through the pool: throws when the database cannot answer. */
export async function checkDatabase(db: DB): Promise<void> {
  await sql`select count(*) from users`.execute(db);
}

export interface HealthAnswer {
  status: 200 | 503;
  body: { status: "ok" | "error" };
}

/**
 * What `GET /healthz` answers: 200 `{"status":"ok"}` after a real query, 503 `{"status":"error"}`
 * (logged) when the database cannot answer. The production server answers it before Remix
 * (app/server/app.ts); the route app/routes/healthz.ts answers it under `remix vite:dev`.
 */
export async function healthAnswer(db: DB): Promise<HealthAnswer> {
  try {
    await checkDatabase(db);
    return { status: 200, body: { status: "ok" } };
  } catch (error) {
    logger.error("health check failed", { error: String(error) });
    return { status: 503, body: { status: "error" } };
  }
}
