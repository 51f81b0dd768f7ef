import { type AppLoadContext, createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";

/** The request's own headers, repeated ones kept. */
function headersOf(req: Request): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.set(name, value);
  }
  return headers;
}

/** The port a client asked for, from the forwarded host (trusted per `trust proxy`) or Host. */
function portOf(req: Request): string {
  for (const header of ["X-Forwarded-Host", "Host"]) {
    const port = Number.parseInt(req.get(header)?.split(":")[1] ?? "", 10);
    if (Number.isSafeInteger(port)) return `:${port}`;
  }
  return "";
}

/** The size of the pieces a large body reaches Remix in, one piece per turn of the event loop. */
export const BODY_PIECE_BYTES = 64 * 1024;

/**
 * A body read whole before the request's turn, given to Remix a piece per turn: handed over as
 * one buffer, an upload of 8 MB was split into its form's parts in one go, holding the event loop
 * about half a second (every other request waited).
 */
export function inPieces(body: Buffer): BodyInit {
  if (body.length <= BODY_PIECE_BYTES) return new Uint8Array(body);
  let at = 0;
  return new ReadableStream(
    {
      async pull(controller) {
        if (at > 0) await new Promise((resolve) => setImmediate(resolve));
        controller.enqueue(body.subarray(at, at + BODY_PIECE_BYTES));
        at += BODY_PIECE_BYTES;
        if (at >= body.length) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** A response compression wraps: `flush()` sends what it holds so far. */
type Flushable = Response & { flush?: () => void };

/**
 * Writes a response body to the client, as @remix-run/node's writeReadableStreamToWritable does,
 * except that compression is flushed once per turn of the event loop instead of after every chunk.
 * React hands over a page in many small chunks, all in the same turn; a deflate flush after each
 * cost about 0.5 ms of CPU per page, a tenth of a minimal page's. A chunk made in a later turn (an
 * export streamed as its client reads) is still sent at the end of that turn.
 */
export async function writeBody(body: ReadableStream<Uint8Array>, res: Flushable): Promise<void> {
  const reader = body.getReader();
  let flushing = false;
  const flush = () => {
    flushing = false;
    if (!res.writableEnded && !res.destroyed) res.flush?.();
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
      if (!flushing && typeof res.flush === "function") {
        flushing = true;
        setImmediate(flush);
      }
    }
    res.end();
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/**
 * Remix behind Express, like @remix-run/express's handler, except that a body is the one bodyFirst
 * read before the request's turn (`res.locals.body`), not the request stream. The request's signal
 * aborts when the client leaves before the answer is sent.
 */
export function remixHandler(
  build: ServerBuild,
  mode: string,
  loadContext: (req: Request, res: Response) => AppLoadContext,
) {
  const handle = createRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const url = new URL(`${req.protocol}://${req.hostname}${portOf(req)}${req.originalUrl}`);
      const controller = new AbortController();
      let answered = false;
      res.on("finish", () => {
        answered = true;
      });
      res.on("close", () => {
        if (!answered) controller.abort();
      });
      const body: unknown = res.locals.body;
      const request = new globalThis.Request(url.href, {
        method: req.method,
        headers: headersOf(req),
        signal: controller.signal,
        ...(req.method !== "GET" && req.method !== "HEAD"
          ? { body: body instanceof Buffer ? inPieces(body) : null, duplex: "half" }
          : {}),
      });
      const response = await handle(request, loadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers.entries()) res.append(name, value);
      if (response.body) await writeBody(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
