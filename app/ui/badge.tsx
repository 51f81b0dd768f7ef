import type { ReactNode } from "react";
import type { BadgeTone } from "~/lib/tone";

/** A status or role label: colour always comes with a word. */
export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
