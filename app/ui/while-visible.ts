import { useEffect, useRef } from "react";

/**
 * Calls `refresh` when the tab comes back into view or the window regains focus, and every
 * `intervalMs` while the tab is visible; never while it is hidden. Calls closer together than
 * `minGapMs` are dropped (focus and visibility often fire together).
 */
export function useWhileVisible(refresh: () => void, intervalMs = 60_000, minGapMs = 5_000) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    let last = Date.now();
    const tick = () => {
      if (document.visibilityState !== "visible") return;
      const now = Date.now();
      if (now - last < minGapMs) return;
      last = now;
      latest.current();
    };
    const timer = window.setInterval(tick, intervalMs);
    window.addEventListener("focus", tick);
    document.addEventListener("visibilitychange", tick);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", tick);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [intervalMs, minGapMs]);
}
