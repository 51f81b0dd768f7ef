import http from "node:http";

export interface ChunkedAnswer {
  status: number;
  body: string;
  /** How much of the body had been sent when the answer's headers arrived. */
  sentWhenAnswered: number;
}

/**
 * How much of a long body is sent before the sender stops and waits, the body not ended, for the
 * answer. The server reads and throws away up to 64 MB past its 12 MB limit so that the sender
 * sees the 413, then closes the connection. A sender on a busy machine that had not yet read that
 * answer once wrote past 76 MB and met the closed connection (write ECONNRESET) instead of the 413.
 */
const HOLD_AT_BYTES = 48 * 1024 * 1024;
/** How long a held sender waits: a server that reads bodies whole never answers one not ended. */
const HELD_WAIT_MS = 15_000;

/**
 * Sends `prefix` then filler bytes up to `totalBytes` as a `Transfer-Encoding: chunked` body (no
 * Content-Length), 64 KB a chunk with backpressure, and stops sending once the server answers.
 * A body longer than 48 MB is never ended: unanswered by then, the sender waits for the answer,
 * and a server that waits for the end instead gets status 0 (no answer) after 15 s.
 */
export function sendChunked(
  base: string,
  options: {
    path: string;
    totalBytes: number;
    prefix?: string;
    headers?: Record<string, string>;
    method?: string;
  },
): Promise<ChunkedAnswer> {
  const url = new URL(options.path, base);
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    let held: NodeJS.Timeout | undefined;
    const req = http.request(url, {
      method: options.method ?? "POST",
      headers: { ...options.headers, "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
      clearTimeout(held);
      const sentWhenAnswered = sent;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => {
        body += part;
      });
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered });
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      if (options.prefix && sent === 0) {
        req.write(options.prefix);
        sent += Buffer.byteLength(options.prefix);
      }
      const stop = Math.min(options.totalBytes, HOLD_AT_BYTES);
      while (!answered && sent < stop) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (answered) return;
      if (sent >= options.totalBytes) req.end();
      else {
        held = setTimeout(() => {
          req.destroy();
          resolve({ status: 0, body: "", sentWhenAnswered: Number.POSITIVE_INFINITY });
        }, HELD_WAIT_MS);
      }
    };
    pump();
  });
}
