import { performance } from "node:perf_hooks";

/**
 * Runs `work` against a running server while /healthz is asked back to back (20 ms apart), and
 * returns the longest any one of those answers took, in milliseconds, with `work`'s result.
 */
export async function worstHealthzWait<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ worstMs: number; probes: number; result: T }> {
  let running = true;
  let worstMs = 0;
  let probes = 0;
  const prober = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      worstMs = Math.max(worstMs, performance.now() - started);
      probes++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  let result: T;
  try {
    result = await work();
  } finally {
    running = false;
    await prober;
  }
  // Read once the probe in flight when the work ended has come back: it was sent during the work,
  // and its wait counts. Read before, a quick answer could end the work while the first probe was
  // still waiting, and count none.
  return { worstMs, probes, result };
}
