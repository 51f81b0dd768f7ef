import pino from "pino";

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
type Level = (typeof LEVELS)[number];

function levelFromEnv(): Level {
  const level = process.env.LOG_LEVEL as Level | undefined;
  return level && LEVELS.includes(level) ? level : "info";
}

/**
 * pino, writing asynchronously (a request no longer waits for its log line to reach the pipe),
 * in Koan's line shape: `level` as a word, `time` as ISO-8601, `msg`, then the fields; no pid or
 * hostname. What is buffered when the process exits is flushed by pino's exit handler.
 */
function destination(fd: 1 | 2) {
  return pino(
    {
      level: levelFromEnv(),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd, sync: false }),
  );
}

// Debug and info lines go to stdout, warnings and errors to stderr, as they always did.
const out = destination(1);
const problems = destination(2);

/** Structured JSON logs, one line each, filtered by LOG_LEVEL. */
export const logger = {
  debug: (msg: string, fields: Record<string, unknown> = {}) => out.debug(fields, msg),
  info: (msg: string, fields: Record<string, unknown> = {}) => out.info(fields, msg),
  warn: (msg: string, fields: Record<string, unknown> = {}) => problems.warn(fields, msg),
  error: (msg: string, fields: Record<string, unknown> = {}) => problems.error(fields, msg),
};
