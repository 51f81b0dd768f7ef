import http from "node:http";

/** A download whose reading stopped once its headers came in: a client gone quiet. */
export interface UnreadDownload {
  status: number;
  /** Reads the rest to its end: the body's size in bytes. */
  finish(): Promise<number>;
}

/**
 * Starts a GET of `pathname` (as the person whose session `cookie` is) and stops reading it once
 * the answer's headers are in. A connection of its own, with no keep-alive reuse: one that carried
 * a whole download before has grown socket buffers that could hold this one whole.
 */
export function unreadDownload(
  baseUrl: string,
  pathname: string,
  cookie: string,
): Promise<UnreadDownload> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(pathname, baseUrl), { agent: false, headers: { Cookie: cookie } }, (res) => {
        res.pause();
        resolve({
          status: res.statusCode ?? 0,
          finish: () =>
            new Promise((done) => {
              let bytes = 0;
              res.on("data", (chunk: Buffer) => {
                bytes += chunk.length;
              });
              res.on("end", () => done(bytes));
              res.resume();
            }),
        });
      })
      .on("error", reject);
  });
}
