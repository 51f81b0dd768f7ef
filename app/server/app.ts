import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import type { Server, ServerResponse } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { MAX_ATTACHMENT_BYTES } from "~/lib/attachment-limits";
import { REQUEST_ID_HEADER } from "~/lib/context";
import type { Env } from "~/lib/env.server";
import type { HealthAnswer } from "~/lib/health.server";
import { logger } from "~/lib/logger.server";
import { bodyFirst, clientLeft } from "./body-first";
import { catalogChunks } from "./catalog-chunks";
import { type AdmissionPlace, outputFlow } from "./output-flow";
import { remixHandler } from "./remix-handler";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const KNOWN_METHODS = new Set([...SAFE_METHODS, "POST", "PUT", "PATCH", "DELETE"]);
/** Bigger bodies are refused before anyone reads them (uploads have their own, lower limits). */
const MAX_BODY_BYTES = 12 * 1024 * 1024;
/**
 * Routes that take less than MAX_BODY_BYTES (their own limit checks what they read). A client
 * that asks first (`Expect: 100-continue`) about a body past a route's limit is refused before it
 * uploads; one that sends at once still gets the route's own answer (a browser's form: the
 * message at its file field). /attachments takes one file and three short fields.
 */
const ROUTE_BODY_LIMITS: readonly { path: RegExp; maxBytes: number }[] = [
  { path: /^\/attachments(\.data)?$/, maxBytes: MAX_ATTACHMENT_BYTES + 64 * 1024 },
];

/** The most a client asking first may send to `url` (a request target: path and query). */
export function declaredBodyLimit(url: string | undefined, limit = MAX_BODY_BYTES): number {
  const path = (url ?? "/").split("?")[0] ?? "/";
  const route = ROUTE_BODY_LIMITS.find((r) => r.path.test(path));
  return route ? Math.min(route.maxBytes, limit) : limit;
}

const askedFirst = (req: { headers: { expect?: string } }) =>
  req.headers.expect?.toLowerCase() === "100-continue";

/** An oversized upload is read and discarded up to this much, so its sender sees the 413. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/**
 * A fresh 128-bit nonce for every response, cut from random bytes drawn 4 KB at a time (one call
 * into the system's random source per 256 responses instead of one each).
 */
function nonces() {
  const SIZE = 16;
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + SIZE > pool.length) {
      pool = randomBytes(SIZE * 256);
      offset = 0;
    }
    offset += SIZE;
    return pool.toString("base64", offset - SIZE, offset);
  };
}

/**
 * Security headers by helmet, with a fresh nonce for scripts on every response (set just before,
 * in res.locals). Only the headers Koan has always sent: helmet's other defaults are off.
 * Permissions-Policy is not one of helmet's, so it is set by hand.
 */
function securityHeaders(env: Env) {
  // "Sign in with …" posts to Koan, which redirects to the provider: form-action covers that hop.
  const ssoOrigin = env.OIDC_ISSUER ? [new URL(env.OIDC_ISSUER).origin] : [];
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'self'",
          (_req, res) =>
            `'nonce-${(res as ServerResponse & { locals: { nonce: string } }).locals.nonce}'`,
        ],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", ...ssoOrigin],
        frameAncestors: ["'none'"],
      },
    },
    xContentTypeOptions: true,
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    strictTransportSecurity: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xPoweredBy: false,
    xXssProtection: false,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // HSTS only means something over HTTPS: directly, or through a proxy Koan trusts.
    if (req.secure)
      res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    headers(req, res, next);
  };
}

/**
 * Serves the files of build/client outside /assets (favicon.svg and the like) without asking the
 * filesystem about every page's URL: only a path whose first segment is one of them can be one.
 */
function publicFiles(client: string) {
  const names = new Set(
    fs.existsSync(client) ? fs.readdirSync(client).filter((name) => name !== "assets") : [],
  );
  const serve = express.static(client, { maxAge: "1h", index: false });
  return (req: Request, res: Response, next: NextFunction) => {
    const first = req.path.slice(1).split("/", 1)[0] ?? "";
    if (names.has(first)) serve(req, res, next);
    else next();
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

/**
 * A request URL whose path holds escapes that aren't UTF-8 (/%ED%95, half a Hangul syllable) with
 * each broken run of them as an escaped U+FFFD, and a lone "%" as "%25": Express would answer its
 * own English "Bad Request" page and log a stack, Remix warn three times; so written, the page is
 * the reader's Not found. The query is left to URLSearchParams, which reads broken escapes itself.
 */
export function decodablePath(url: string): string {
  if (!url.includes("%")) return url;
  const end = url.search(/[?#]/);
  const path = end < 0 ? url : url.slice(0, end);
  if (!path.includes("%")) return url;
  // A "%" that begins no escape is a "%" (%25); then each run of escapes must decode.
  const fixed = path
    .replace(/%(?![0-9A-Fa-f]{2})/g, "%25")
    .replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        decodeURIComponent(run);
        return run;
      } catch {
        return "%EF%BF%BD";
      }
    });
  return end < 0 ? fixed : fixed + url.slice(end);
}

/**
 * A request path as the logs may keep it: the secret part of an invite link (a one-time
 * credential) is cut, so whoever reads the logs can't accept someone else's invite.
 */
export function redactPath(path: string): string {
  return path.replace(/^\/(invite|reset|setup)\/[^/]+/, "/$1/[redacted]");
}

/** Answers 413 for a body past `limit` bytes (the limit that applied to this request). */
export type TooLargeAnswer = (req: Request, res: Response, limit: number) => void;

const PLAIN_TOO_LARGE = "That request is too large.";

/**
 * The 413 answer: a page in the person's language for a browser's form (it names the limit and
 * what to do, with a way back), made by the Remix build's `tooLargePage`; plain text for a
 * script, and for a page's own data request (`.data`), which reads no page.
 */
export function tooLargeAnswer(
  page?: (request: globalThis.Request, maxBytes: number) => Promise<globalThis.Response>,
): TooLargeAnswer {
  return (req, res, limit) => {
    const plain = () => {
      if (!res.headersSent) res.status(413).type("text/plain").send(PLAIN_TOO_LARGE);
    };
    // A browser's navigation asks for text/html by name; fetch() and curl ask for anything.
    if (!page || req.path.endsWith(".data") || !req.get("accept")?.includes("text/html")) {
      plain();
      return;
    }
    let request: globalThis.Request;
    try {
      const headers = new Headers();
      for (const name of ["cookie", "accept-language", "referer"]) {
        const value = req.get(name);
        if (value) headers.set(name, value);
      }
      request = new globalThis.Request(
        `http://${req.get("host") ?? "localhost"}${req.originalUrl}`,
        {
          headers,
        },
      );
    } catch {
      plain();
      return;
    }
    page(request, limit).then(
      async (answer) => {
        const html = await answer.text();
        if (res.headersSent) return;
        res.status(413);
        answer.headers.forEach((value, name) => {
          res.setHeader(name, value);
        });
        res.send(html);
      },
      (error: unknown) => {
        logger.error("the too-large page failed", { error: String(error) });
        plain();
      },
    );
  };
}

/**
 * A body sent without a Content-Length (Transfer-Encoding: chunked) is counted as it streams in:
 * past MAX_BODY_BYTES whoever is reading it (Remix's request body) fails instead of getting the
 * rest, the rest is thrown away unread (up to a bound, past which the connection closes) and the
 * sender gets 413. Nothing beyond the limit is ever held in memory.
 */
export function limitStreamedBody(
  req: Request,
  res: Response,
  limit = MAX_BODY_BYTES,
  answer: TooLargeAnswer = tooLargeAnswer(),
) {
  let received = 0;
  // Paused, so counting does not start the flow before Remix listens (no chunk is lost).
  req.pause();
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= limit) return;
    res.locals.bodyTooLarge = true;
    req.removeAllListeners("data");
    let discarded = 0;
    req.on("data", (more: Buffer) => {
      discarded += more.length;
      if (discarded > MAX_DISCARDED_BYTES) req.destroy();
    });
    req.resume();
    // The reader fails once the 413 is out (its request then counts as aborted, not as an error).
    const failReader = () => {
      if (req.listenerCount("error") > 0) {
        req.emit("error", new Error("The request body is larger than the limit."));
      }
    };
    if (res.headersSent) failReader();
    else {
      res.once("close", failReader);
      answer(req, res, limit);
    }
  };
  req.on("data", count);
}

/**
 * `Expect: 100-continue`: the client asks before it sends its body. Node answers "100 Continue"
 * by itself, so a body declared over the limit was uploaded whole and only then refused. Here the
 * go-ahead goes only to a body the server will read (within the route's own limit when that is
 * lower: declaredBodyLimit); a larger one gets the app's 413 (with its headers and its log line)
 * before a byte of it is sent.
 */
export function continueWithinBodyLimit(server: Server, limit = MAX_BODY_BYTES): void {
  server.on("checkContinue", (req, res) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > declaredBodyLimit(req.url, limit)) {
      // The body was never asked for: the connection ends with the answer, not waiting for it.
      res.setHeader("Connection", "close");
    } else res.writeContinue();
    server.emit("request", req, res);
  });
}

/** Pages and actions being worked on at once; the rest wait their turn, first come first served. */
const MAX_CONCURRENT_REQUESTS = 8;
/** How long the place of a request whose client left mid-work is kept at most. */
const ABANDONED_HOLD_MS = 30_000;

/**
 * Every page is CPU work on one thread (SQLite answers synchronously), so running a hundred
 * requests at once only makes each of them slower, and the unlucky ones very slow. A few at a
 * time, the rest in arrival order, keeps waiting times even: under a burst, every request waits
 * about as long as the others instead of some timing out. /healthz skips the line.
 *
 * A streamed response waiting for its client to read (output-flow) is not work: it steps out of
 * the line meanwhile, and back in (at the end of the line) before it makes more. Holding its
 * place, eight downloads read slowly (or not at all) left no place for any page, for as long as
 * their clients held on.
 */
export function admission(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  /** A place given up goes to the first in line, or is free. */
  const handOn = () => {
    const following = waiting.shift();
    if (following) following();
    else active--;
  };
  /** Runs `enter` once a place is free, in arrival order. */
  const queue = (enter: () => void) => {
    if (active < limit) {
      active++;
      enter();
    } else waiting.push(enter);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === "/healthz") return next();
    queue(() => {
      if (clientLeft(req, res)) {
        // The client gave up while waiting: let the next one in.
        handOn();
        return;
      }
      let holding = true;
      let over = false;
      const release = () => {
        if (!holding) return;
        holding = false;
        handOn();
      };
      const leave = () => {
        over = true;
        release();
      };
      res.on("finish", leave);
      // A client that leaves mid-work does not end the work: its place is given up when the
      // handler says it is done (leaveAdmission), or ABANDONED_HOLD_MS later at the latest.
      // Freed at once, a burst of clients timing out and trying again had every abandoned
      // search still running beside the new ones, and the process answered nothing for seconds.
      res.on("close", () => {
        if (!over) setTimeout(leave, ABANDONED_HOLD_MS).unref();
      });
      // Called by the request handler when its work has ended, and early by a request that only
      // waits on a timer (a slowed-down log-in).
      res.locals.leaveAdmission = leave;
      const place: AdmissionPlace = {
        stepOut: release,
        stepIn: () =>
          new Promise<void>((resolve) => {
            if (holding || over || clientLeft(req, res)) return resolve();
            queue(() => {
              if (over || clientLeft(req, res)) handOn();
              else holding = true;
              resolve();
            });
          }),
      };
      res.locals.admissionPlace = place;
      next();
    });
  };
}

export function createServerApp(
  build: ServerBuild,
  env: Env,
  buildDir: string,
  /** Answers GET and HEAD /healthz here, before Remix (main.ts passes the database's check). */
  health?: () => Promise<HealthAnswer>,
) {
  // The per-request memos live in the Remix build's own copy of ~/lib/context (this file is
  // bundled apart from it), opened and closed through the functions its server entry exports.
  const entry = build.entry.module as Partial<
    Pick<typeof import("~/lib/context"), "openRequestMemo" | "closeRequestMemo">
  >;
  const memo =
    entry.openRequestMemo && entry.closeRequestMemo
      ? { openRequestMemo: entry.openRequestMemo, closeRequestMemo: entry.closeRequestMemo }
      : null;

  const tooLarge = tooLargeAnswer(
    (build.entry.module as { tooLargePage?: Parameters<typeof tooLargeAnswer>[0] }).tooLargePage,
  );
  const nextNonce = nonces();
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY !== false) app.set("trust proxy", env.TRUST_PROXY);
  if (env.TRUST_PROXY === true) {
    logger.warn(
      "TRUST_PROXY=true believes every X-Forwarded-For hop, so a client can choose the address that log-in limits count: set the number of proxies in front of Koan (TRUST_PROXY=1) or their addresses (TRUST_PROXY=10.0.0.0/8)",
    );
  }

  app.use((req: Request, res: Response, next: NextFunction) => {
    // (Both are the URL as received here; Remix reads originalUrl.)
    req.url = req.originalUrl = decodablePath(req.originalUrl);
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const nonce = nextNonce();
    res.locals.requestId = requestId;
    res.locals.nonce = nonce;
    res.setHeader("X-Request-Id", requestId);
    req.headers[REQUEST_ID_HEADER] = requestId;
    if (memo && (req.method === "GET" || req.method === "HEAD")) {
      memo.openRequestMemo(requestId);
      res.on("close", () => memo.closeRequestMemo(requestId));
    }
    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = {
        requestId,
        method: req.method,
        path: redactPath(req.path),
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error("request", fields);
      else logger.info("request", fields);
    });
    next();
  });
  app.use(securityHeaders(env));

  // A request answered before its body was read (a redirect to log in, a refusal) must not leave
  // the rest of that body on a keep-alive connection, where it would stall the next request.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!SAFE_METHODS.has(req.method)) {
      res.on("finish", () => {
        if (req.complete) return;
        // Drain what is left (bounded), so the connection stays usable; past the bound it closes.
        req.removeAllListeners("data");
        let drained = 0;
        req.on("data", (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > MAX_DISCARDED_BYTES) req.destroy();
        });
        req.resume();
      });
    }
    next();
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!KNOWN_METHODS.has(req.method)) {
      // TRACE and the like: the Fetch API Remix works with refuses them, and that was a 500.
      res.setHeader("Allow", "GET, HEAD, POST");
      res.status(405).type("text/plain").send(`${req.method} is not supported here.`);
      return;
    }
    if (isCrossOrigin(req, env.APP_ORIGIN)) {
      res
        .status(403)
        .type("text/plain")
        .send("Cross-site request refused: submit the form from Koan itself.");
      return;
    }
    // The origin check is done (above, against APP_ORIGIN when set). Remix repeats it against the
    // Host or X-Forwarded-Host header and answers a mismatch with a 500, which a proxy that does
    // not forward the public host would cause on every form: the host it sees is made to agree.
    if (env.APP_ORIGIN) {
      req.headers.host = new URL(env.APP_ORIGIN).host;
      delete req.headers["x-forwarded-host"];
    } else if (req.get("origin") !== undefined) delete req.headers["x-forwarded-host"];
    if (req.query._data !== undefined) {
      // The data protocol before single fetch: Koan's pages never ask for it.
      res
        .status(400)
        .type("text/plain")
        .send("?_data requests are not supported: Koan's pages load their data as .data.");
      return;
    }
    const length = Number(req.get("content-length") ?? 0);
    const limit = askedFirst(req) ? declaredBodyLimit(req.originalUrl) : MAX_BODY_BYTES;
    if (length > limit) {
      // Closing at once would cut the upload short, and many clients then report a broken
      // connection instead of this answer: the rest is read and thrown away (up to a bound,
      // past which the connection is dropped), and the connection stays usable.
      let discarded = 0;
      req.on("data", (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > MAX_DISCARDED_BYTES) req.destroy();
      });
      req.resume();
      tooLarge(req, res, limit);
      return;
    }
    if (req.get("content-length") === undefined && !SAFE_METHODS.has(req.method)) {
      limitStreamedBody(req, res, MAX_BODY_BYTES, tooLarge);
    }
    next();
  });

  if (health) {
    // The health probe is answered here, after the request log and the security headers but
    // before compression, static files, the admission line and Remix: a probe costs its query,
    // not a trip through the framework's route matching (README, design decisions). Same answer
    // as app/routes/healthz.ts, which serves `remix vite:dev`.
    app.get("/healthz", (req: Request, res: Response, next: NextFunction) => {
      health().then(({ status, body }) => {
        res.statusCode = status;
        res.setHeader("Content-Type", "application/json");
        res.setHeader("Cache-Control", "no-store");
        res.end(req.method === "HEAD" ? undefined : JSON.stringify(body));
      }, next);
    });
  }

  app.use(compression());
  const client = path.join(buildDir, "client");
  app.use(
    "/assets",
    express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }),
  );
  app.use(publicFiles(client));
  const catalogs = catalogChunks(buildDir);

  app.use(bodyFirst({ maxBytes: MAX_BODY_BYTES, safeMethods: SAFE_METHODS }));
  app.use(admission(MAX_CONCURRENT_REQUESTS));

  const remix = remixHandler(build, env.NODE_ENV, (req, res) => ({
    requestId: res.locals.requestId as string,
    nonce: res.locals.nonce as string,
    clientIp: req.ip ?? req.socket.remoteAddress ?? null,
    leaveAdmission: res.locals.leaveAdmission as (() => void) | undefined,
    untilWritable: outputFlow(res, res.locals.admissionPlace as AdmissionPlace | undefined),
    catalogChunks: catalogs,
  }));
  // (Not app.all("*"): Express would decode the path as the route's parameter, for nothing.)
  app.use((req: Request, res: Response, next: NextFunction) => {
    // Answered 413 while it waited its turn (or being answered: the page is on its way).
    if (res.writableEnded || res.locals.bodyTooLarge) return;
    // Answered 413 while Remix read the body: its own late answer has nowhere to go.
    const working = remix(req, res, (error?: unknown) =>
      res.locals.bodyTooLarge ? undefined : next(error),
    );
    // The work is over (sent, failed, or written for a client that left): the next one's turn.
    const done = () => (res.locals.leaveAdmission as (() => void) | undefined)?.();
    Promise.resolve(working).then(done, done);
  });
  return app;
}
