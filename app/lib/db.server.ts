import { data } from "@remix-run/node";
import { getDatabase, type OpenedDatabase, type OpenOptions } from "#db/client";
import { type Env, getEnv } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";

export const STORAGE_FULL_MESSAGE =
  "The server's disk is full, so nothing was saved. Go back to keep what you typed, and try again once space is freed; if it keeps happening, tell whoever runs Koan.";

/** Queries slower than this are logged as warnings; LOG_LEVEL=debug logs every query. */
const SLOW_QUERY_MS = 100;

/**
 * How the web app opens its database: a write that finds the disk full (or the DATABASE_MAX_MB
 * cap reached) is logged and answers 503 with a message saying nothing was saved, instead of a
 * 500; slow queries are logged.
 */
export function appDatabaseOptions(env: Pick<Env, "DATABASE_MAX_MB">): OpenOptions {
  return {
    maxMegabytes: env.DATABASE_MAX_MB,
    onStorageFull: (error) => {
      logger.error("storage full: a write was refused, nothing was saved", {
        error: String(error.cause ?? error),
      });
      return data({ message: STORAGE_FULL_MESSAGE, storageFull: true }, { status: 503 });
    },
    log(event) {
      if (event.level !== "query") return;
      const ms = Math.round(event.queryDurationMillis * 100) / 100;
      if (ms >= SLOW_QUERY_MS) logger.warn("slow query", { ms, sql: event.query.sql });
      else logger.debug("query", { ms, sql: event.query.sql });
    },
  };
}

/**
 * The one database factory: the process-wide database (DATABASE_PATH), opened with the web app's
 * options. The server's start-up work (migrations, seed, the stuck timer) and the request
 * handlers share it, so every write gets the same full-disk answer and slow-query log.
 */
export function getAppDatabase(env: Pick<Env, "DATABASE_MAX_MB"> = getEnv()): OpenedDatabase {
  return getDatabase(appDatabaseOptions(env));
}

/** The process-wide Kysely instance for routes to hand to domain functions. */
export const db = getAppDatabase().db;
