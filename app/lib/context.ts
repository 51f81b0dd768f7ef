/** What the Express server hands every loader and action (absent under `remix vite:dev`). */
export interface RequestContext {
  requestId: string;
  nonce: string;
  clientIp: string | null;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends Partial<RequestContext> {}
}

export function clientIpOf(context: Partial<RequestContext> | undefined): string | null {
  return context?.clientIp ?? null;
}
