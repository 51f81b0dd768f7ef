import { getDatabase } from "#db/client";

/** The process-wide Kysely instance for routes to hand to domain functions. */
export const db = getDatabase().db;
