import { db } from "~/lib/db.server";
import { checkDatabase } from "~/lib/health.server";
import { logger } from "~/lib/logger.server";

/** 200 after a real query; 503 when the database cannot answer. */
export async function loader() {
  try {
    await checkDatabase(db);
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    logger.error("health check failed", { error: String(error) });
    return Response.json(
      { status: "error" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
