import type { Response } from "express";

/** A request's place among those worked on at once (app.ts `admission`). */
export interface AdmissionPlace {
  /** Gives the place to the next in line while the request waits on its client, not on work. */
  stepOut(): void;
  /** Resolves once the request has a place again (at the end of the line), or has ended. */
  stepIn(): Promise<void>;
}

/**
 * Flow control for a streamed response. Remix writes a response body's chunks as fast as the body
 * gives them and ignores `res.write()` answering false (the client is not keeping up), so an
 * export read slowly would pile up in the server's memory. The function returned here resolves
 * once the response can take more: at once while the last write was accepted, otherwise at its
 * next "drain" (with compression on, compression's own stream's "drain") or when it closes. A body
 * that awaits it before making each chunk is made only as fast as the client reads it. It resolves
 * false once the response is gone (closed before it ended: the client hung up), so the body can
 * stop: Remix goes on reading a body after its client left, and writes it into the void. While it
 * waits, the request gives its admission place (`place`) to the next in line, and waits its
 * turn again before the body makes more.
 */
export function outputFlow(res: Response, place?: AdmissionPlace): () => Promise<boolean> {
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
    // Waiting for the client to read is not work: the place in line is someone else's meanwhile.
    place?.stepOut();
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        full = false;
        res.off("drain", done);
        res.off("close", done);
        if (gone() || !place) resolve(!gone());
        // The next chunk is work again: made once the request has its turn back.
        else place.stepIn().then(() => resolve(!gone()));
      };
      res.once("drain", done);
      res.once("close", done);
    });
  };
}
