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
  try {
    const result = await work();
    return { worstMs, probes, result };
  } finally {
    running = false;
    await prober;
  }
}
