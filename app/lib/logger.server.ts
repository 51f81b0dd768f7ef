import pino from "pino";

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
type Level = (typeof LEVELS)[number];

function levelFromEnv(): Level {
  const level = process.env.LOG_LEVEL as Level | undefined;
  return level && LEVELS.includes(level) ? level : "info";
}

/** Info and debug lines are held until this many bytes are waiting (about 25 request lines)… */
export const LOG_BATCH_BYTES = 4096;
/** …or this many milliseconds have passed, whichever comes first. */
export const LOG_FLUSH_MS = 200;

/**
 * pino, writing asynchronously (a request no longer waits for its log line to reach the pipe),
 * in Koan's line shape: `level` as a word, `time` as ISO-8601, `msg`, then the fields; no pid or
 * hostname. What is buffered when the process exits is flushed by pino's exit handler.
 *
 * `batched`: lines are written to the pipe in batches (LOG_BATCH_BYTES, at most LOG_FLUSH_MS
 * late) instead of one write each: under load, one system call per page for its request line
 * was a twentieth of the minimal page's CPU.
 */
function destination(fd: 1 | 2, batched: boolean) {
  return pino(
    {
      level: levelFromEnv(),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination(
      batched
        ? { fd, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS }
        : { fd, sync: false },
    ),
  );
}

// Debug and info lines go to stdout, batched; warnings and errors to stderr, each at once.
const out = destination(1, true);
const problems = destination(2, false);

/** Structured JSON logs, one line each, filtered by LOG_LEVEL. */
export const logger = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => out.debug(fields, msg),
  info: (msg: string, fields: Record<string, unknown> = {}) => out.info(fields, msg),
  warn: (msg: string, fields: Record<string, unknown> = {}) => problems.warn(fields, msg),
  error: (msg: string, fields: Record<string, unknown> = {}) => problems.error(fields, msg),
  /** Writes the batched lines now (the server's "ready" line, which scripts wait for). */
  flush: () => out.flush(),
};
