import http from "node:http";

export interface ChunkedAnswer {
  status: number;
  body: string;
  /** How much of the body had been sent when the answer's headers arrived. */
  sentWhenAnswered: number;
}

/**
 * Sends `prefix` then filler bytes up to `totalBytes` as a `Transfer-Encoding: chunked` body (no
 * Content-Length), 64 KB a chunk with backpressure, and stops sending once the server answers.
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
    const req = http.request(url, {
      method: options.method ?? "POST",
      headers: { ...options.headers, "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
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
      while (!answered && sent < options.totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}
