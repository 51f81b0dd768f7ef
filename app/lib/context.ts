import type { Locale } from "./i18n/locales";
/** What the Express server hands every loader and action (absent under `remix vite:dev`). */
export interface RequestContext {
  requestId: string;
  nonce: string;
  clientIp: string | null;
  /** Gives up this request's place among those being worked on at once (before a long wait). */
  leaveAdmission?: () => void;
  /**
   * Resolves once the response can take more output (the client has read what was sent): a
   * streamed body awaits it before making each chunk, so it is made only as fast as it is read.
   * Resolves false when the response is gone (the client hung up): the body should stop.
   */
  untilWritable?: () => Promise<boolean>;
  /** Where the browser downloads each language's catalog (app/server/catalog-chunks.ts). */
  catalogChunks?: Partial<Record<Locale, string>>;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends Partial<RequestContext> {}
}

export function clientIpOf(context: Partial<RequestContext> | undefined): string | null {
  return context?.clientIp ?? null;
}

/**
 * The header through which the Express server tells loaders which request they serve: set on
 * every request to the server's own id (whatever a client sent under that name is replaced).
 */
export const REQUEST_ID_HEADER = "x-koan-request-id";

/**
 * Per-request memos of reads (the signed-in user, asked by the root loader and the page's
 * loader). Remix gives each loader its own Request object, so they are keyed by the request id
 * header. Only reads (GET, HEAD) are opened: an action may change what a later read would find.
 * A memo lives from `openRequestMemo` to `closeRequestMemo` (when the response closes); asked
 * outside that window, `memoized` simply computes.
 */
const memos = new Map<string, Map<string, unknown>>();

export function openRequestMemo(requestId: string): void {
  memos.set(requestId, new Map());
}

export function closeRequestMemo(requestId: string): void {
  memos.delete(requestId);
}

export function memoized<T>(request: Request, key: string, compute: () => T): T {
  const id = request.headers.get(REQUEST_ID_HEADER);
  const memo = id ? memos.get(id) : undefined;
  if (!memo) return compute();
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}
