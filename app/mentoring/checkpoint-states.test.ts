import { describe, expect, it } from "vitest";
import { DONE_STATES, nextState, WAITING_STATES, workingDaysBetween } from "./checkpoint-states";

describe("nextState", () => {
  it("walks a sign-off checkpoint through review and back", () => {
    expect(nextState("todo", "submit", true)).toBe("submitted");
    expect(nextState("submitted", "request_changes", true)).toBe("changes_requested");
    expect(nextState("changes_requested", "submit", true)).toBe("resubmitted");
    expect(nextState("resubmitted", "approve", true)).toBe("approved");
  });

  it("completes a checkpoint without sign-off at once, and refuses reviews of unsubmitted work", () => {
    expect(nextState("todo", "submit", false)).toBe("completed");
    expect(nextState("todo", "approve", true)).toBeNull();
    expect(nextState("approved", "submit", true)).toBeNull();
  });

  it("never counts a state as both done and waiting", () => {
    expect(DONE_STATES.filter((s) => WAITING_STATES.includes(s))).toEqual([]);
  });
});

describe("workingDaysBetween", () => {
  it("skips weekends and counts whole days only", () => {
    // Friday 10:00 → Monday 09:59 is not yet a working day; → Monday 10:00 is one.
    const friday = new Date("2026-11-06T10:00:00Z");
    expect(workingDaysBetween(friday, new Date("2026-11-09T09:59:00Z"))).toBe(0);
    expect(workingDaysBetween(friday, new Date("2026-11-09T10:00:00Z"))).toBe(1);
    expect(workingDaysBetween(new Date("2026-11-09T10:00:00Z"), friday)).toBe(0);
  });
});
