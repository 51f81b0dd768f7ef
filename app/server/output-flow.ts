import type { Response } from "express";

/**
 * Flow control for a streamed response. Remix writes a response body's chunks as fast as the body
 * gives them and ignores `res.write()` answering false (the client is not keeping up), so an
 * export read slowly would pile up in the server's memory. The function returned here resolves
 * once the response can take more: at once while the last write was accepted, otherwise at its
 * next "drain" (with compression on, compression's own stream's "drain") or when it closes. A body
 * that awaits it before making each chunk is made only as fast as the client reads it. It resolves
 * false once the response is gone (closed before it ended: the client hung up), so the body can
 * stop: Remix goes on reading a body after its client left, and writes it into the void.
 */
export function outputFlow(res: Response): () => Promise<boolean> {
  let full = false;
  let watching = false;
  const watch = () => {
    watching = true;
    // Wrapped on first use, after compression has put its own write in place.
    const write = res.write;
    res.write = function (this: Response, ...args: Parameters<Response["write"]>) {
      const accepted = (write as (...a: typeof args) => boolean).apply(this, args);
      if (!accepted) full = true;
      return accepted;
    } as Response["write"];
  };
  const gone = () => res.destroyed && !res.writableFinished;
  return () => {
    if (!watching) watch();
    if (gone()) return Promise.resolve(false);
    if (!full || res.writableEnded) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        full = false;
        res.off("drain", done);
        res.off("close", done);
        resolve(!gone());
      };
      res.once("drain", done);
      res.once("close", done);
    });
  };
}
