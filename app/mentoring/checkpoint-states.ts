import type { CheckpointState } from "#db/schema";

// The checkpoint state machine and working-day arithmetic: pure, no database.

export type { CheckpointState };

export type CheckpointAction = "submit" | "approve" | "request_changes";

/** The state after `action`, or null when the action is not allowed from `state`. */
export function nextState(
  state: CheckpointState,
  action: CheckpointAction,
  needsSignoff: boolean,
): CheckpointState | null {
  switch (action) {
    case "submit":
      if (state === "todo") return needsSignoff ? "submitted" : "completed";
      if (state === "changes_requested") return "resubmitted";
      if (state === "completed" && !needsSignoff) return "completed";
      return null;
    case "approve":
      return state === "submitted" || state === "resubmitted" ? "approved" : null;
    case "request_changes":
      return state === "submitted" || state === "resubmitted" ? "changes_requested" : null;
  }
}

export const DONE_STATES: readonly CheckpointState[] = ["approved", "completed", "skipped"];
export const WAITING_STATES: readonly CheckpointState[] = ["submitted", "resubmitted"];

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole working days (Monday to Friday, UTC) from `from` to `to`. */
export function workingDaysBetween(from: Date, to: Date): number {
  if (to <= from) return 0;
  let days = 0;
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  const fraction = from.getTime() - cursor.getTime();
  for (let t = cursor.getTime() + DAY_MS; t + fraction <= to.getTime(); t += DAY_MS) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) days++;
  }
  return days;
}

/** Steps that count as done: signed off, or finished without sign-off (skipped steps do not). */
export const FINISHED_STATES: readonly CheckpointState[] = ["approved", "completed"];

export interface StepProgress {
  /** Approved or completed. */
  done: number;
  /** Skipped by "works as designed": neither done nor left to do. */
  skipped: number;
  /** The steps that count: every step but the skipped ones. */
  total: number;
}

/** How far along a track is: skipped steps are counted as skipped, never as done. */
export function stepProgress(states: readonly CheckpointState[]): StepProgress {
  const skipped = states.filter((s) => s === "skipped").length;
  return {
    done: states.filter((s) => FINISHED_STATES.includes(s)).length,
    skipped,
    total: states.length - skipped,
  };
}
