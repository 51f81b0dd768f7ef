import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Bigger bodies are refused before anyone reads them (uploads have their own, lower limits). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;
/** An oversized upload is read and discarded up to this much, so its sender sees the 413. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

function securityHeaders(nonce: string): Record<string, string> {
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
}

/**
 * A mutation from another site (or from an opaque `null` origin) is refused. Requests without an
 * Origin header (scripts, curl, old browsers on same-origin GET-less forms) pass: the session
 * cookie is SameSite=Lax, so they carry no session when cross-site.
 */
export function isCrossOrigin(req: Pick<Request, "method" | "get">, appOrigin?: string): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const origin = req.get("origin");
  if (origin === undefined) return false;
  if (origin === "null") return true;
  try {
    const url = new URL(origin);
    return appOrigin ? url.origin !== new URL(appOrigin).origin : url.host !== req.get("host");
  } catch {
    return true;
  }
}

/** Pages and actions being worked on at once; the rest wait their turn, first come first served. */
const MAX_CONCURRENT_REQUESTS = 8;

/**
 * Every page is CPU work on one thread (SQLite answers synchronously), so running a hundred
 * requests at once only makes each of them slower, and the unlucky ones very slow. A few at a
 * time, the rest in arrival order, keeps waiting times even: under a burst, every request waits
 * about as long as the others instead of some timing out. /healthz skips the line.
 */
export function admission(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === "/healthz") return next();
    const start = () => {
      if (req.destroyed) {
        // The client gave up while waiting: let the next one in.
        const following = waiting.shift();
        if (following) following();
        else active--;
        return;
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const following = waiting.shift();
        if (following) following();
        else active--;
      };
      res.on("finish", release);
      res.on("close", release);
      next();
    };
    if (active < limit) {
      active++;
      start();
    } else waiting.push(start);
  };
}

export function createServerApp(build: ServerBuild, env: Env, buildDir: string) {
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", true);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const nonce = randomBytes(16).toString("base64");
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.set({ "X-Request-Id": requestId, ...securityHeaders(nonce) });
    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error("request", fields);
      else logger.info("request", fields);
    });
    next();
  });

  // A request answered before its body was read (a redirect to log in, a refusal) must not leave
  // the rest of that body on a keep-alive connection, where it would stall the next request.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!SAFE_METHODS.has(req.method)) {
      res.on("finish", () => {
        if (req.complete) return;
        // Drain what is left (bounded by the size limit above), so the connection stays usable.
        req.removeAllListeners("data");
        req.resume();
      });
    }
    next();
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isCrossOrigin(req, env.APP_ORIGIN)) {
      res
        .status(403)
        .type("text/plain")
        .send("Cross-site request refused: submit the form from Koan itself.");
      return;
    }
    const length = Number(req.get("content-length") ?? 0);
    if (length > MAX_BODY_BYTES) {
      // Closing at once would cut the upload short, and many clients then report a broken
      // connection instead of this answer: the rest is read and thrown away (up to a bound,
      // past which the connection is dropped), and the connection stays usable.
      let discarded = 0;
      req.on("data", (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > MAX_DISCARDED_BYTES) req.destroy();
      });
      req.resume();
      res.status(413).type("text/plain").send("That request is too large.");
      return;
    }
    next();
  });

  app.use(compression());
  const client = path.join(buildDir, "client");
  app.use(
    "/assets",
    express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }),
  );
  app.use(express.static(client, { maxAge: "1h", index: false }));

  app.use(admission(MAX_CONCURRENT_REQUESTS));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        requestId: res.locals.requestId as string,
        nonce: res.locals.nonce as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? null,
      }),
    }),
  );
  return app;
}
