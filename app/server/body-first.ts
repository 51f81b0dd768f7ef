import type { NextFunction, Request, Response } from "express";

/** How long a request's body may take to arrive, from its first turn to read. */
export const BODY_TIMEOUT_MS = 30_000;
/** Bodies read at once hold at most this much memory; the others wait (unread) for room. */
const READ_BUDGET_BYTES = 64 * 1024 * 1024;
/**
 * More fields than any form of Koan's has (the track editor's longest is a few hundred): parsing
 * 60,000 of them took the Fetch API's formData() alone 300 ms, and 10,000 upload parts 650 ms.
 */
export const MAX_FORM_FIELDS = 2_000;

/**
 * The request has been answered, or its client has gone. Not `req.destroyed`: Node destroys a
 * request a turn after its body has been read whole, so a form that waited for its turn after
 * bodyFirst read it looked gone, and was never answered.
 */
export function clientLeft(req: Request, res: Response): boolean {
  return res.writableEnded || res.destroyed || req.socket.destroyed;
}

function occurrences(body: Buffer, needle: Buffer, atMost: number): number {
  let count = 0;
  for (
    let at = body.indexOf(needle);
    at !== -1 && count <= atMost;
    at = body.indexOf(needle, at + needle.length)
  ) {
    count += 1;
  }
  return count;
}

/** How many fields a form body holds, counted without parsing it (at most past `atMost`). */
export function formFieldCount(
  body: Buffer,
  contentType: string | undefined,
  atMost: number,
): number {
  const type = contentType?.toLowerCase() ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return body.length ? occurrences(body, Buffer.from("&"), atMost) + 1 : 0;
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  if (type.startsWith("multipart/form-data") && boundary) {
    return occurrences(body, Buffer.from(`--${boundary[1] ?? boundary[2]}`), atMost);
  }
  return 0;
}

/**
 * A request's body is read whole before the request joins the admission line (which lets a few
 * requests work at a time). Read inside the line, eight clients sending their bodies slowly held
 * every place for Node's five-minute request timeout, and no page answered meanwhile. Here a slow
 * body holds only its bytes of a shared budget, and gets 408 after BODY_TIMEOUT_MS.
 *
 * The body is kept as `res.locals.body` for the Remix handler. A body refused as too large while
 * it arrives (limitStreamedBody, which answers 413) is not kept.
 */
export function bodyFirst(options: {
  maxBytes: number;
  safeMethods: ReadonlySet<string>;
  timeoutMs?: number;
  budgetBytes?: number;
}) {
  const budget = options.budgetBytes ?? READ_BUDGET_BYTES;
  const timeoutMs = options.timeoutMs ?? BODY_TIMEOUT_MS;
  let reserved = 0;
  const waiting: { size: number; begin: () => void }[] = [];

  const admitWaiting = () => {
    while (waiting.length && (reserved === 0 || reserved + (waiting[0]?.size ?? 0) <= budget)) {
      waiting.shift()?.begin();
    }
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (options.safeMethods.has(req.method) || res.writableEnded) return next();
    const declared = Number(req.get("content-length"));
    const size = Number.isFinite(declared)
      ? Math.min(Math.max(declared, 0), options.maxBytes)
      : options.maxBytes;

    const begin = () => {
      if (clientLeft(req, res)) return;
      reserved += size;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        reserved -= size;
        admitWaiting();
      };
      const chunks: Buffer[] = [];
      let settled = false;
      res.once("close", () => {
        settled = true;
        clearTimeout(timer);
        release();
      });
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        req.removeListener("data", collect);
        if (!res.headersSent) {
          res.setHeader("Connection", "close");
          res
            .status(408)
            .type("text/plain")
            .send("The request took too long to arrive. Send it again.");
        }
        res.once("finish", () => req.destroy());
        release();
      }, timeoutMs);
      timer.unref();
      const collect = (chunk: Buffer) => {
        // Refused as too large meanwhile: what follows is drained elsewhere, not kept.
        if (res.writableEnded || res.locals.bodyTooLarge) return;
        chunks.push(chunk);
      };
      req.on("data", collect);
      req.once("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.removeListener("data", collect);
        // Refused as too large (its answer may still be on its way): not for the app to read.
        if (res.writableEnded || res.locals.bodyTooLarge) return;
        const body = Buffer.concat(chunks);
        if (formFieldCount(body, req.get("content-type"), MAX_FORM_FIELDS) > MAX_FORM_FIELDS) {
          res
            .status(400)
            .type("text/plain")
            .send(`That form has more than ${MAX_FORM_FIELDS} fields: no form of Koan's has.`);
          return;
        }
        res.locals.body = body;
        next();
      });
      req.once("error", () => {
        settled = true;
        clearTimeout(timer);
        release();
      });
      req.resume();
    };

    if (reserved === 0 || reserved + size <= budget) begin();
    else waiting.push({ size, begin });
  };
}
