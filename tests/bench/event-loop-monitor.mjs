// Preloaded into a server under measurement (`node --import ./tests/bench/event-loop-monitor.mjs`):
// every 250 ms it prints to stderr the longest the event loop was held in that window, as a JSON
// line {"eventLoopMaxMs": …}. Used by tests/bench/hardening.ts; changes nothing in the server.
import { monitorEventLoopDelay } from "node:perf_hooks";

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
setInterval(() => {
  process.stderr.write(`${JSON.stringify({ eventLoopMaxMs: Math.round(delay.max / 1e6) })}\n`);
  delay.reset();
}, 250).unref();
