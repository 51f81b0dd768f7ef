import { describe, expect, it } from "vitest";
import type { CheckpointState } from "~/mentoring/checkpoint-states";
import { trackSections } from "./assignment-track";

const step = (
  id: number,
  state: CheckpointState,
  o: { current?: boolean; review?: boolean } = {},
) => ({
  id,
  position: id,
  state,
  current: o.current ?? false,
  may: { submitEvidence: false, review: o.review ?? false, comment: true },
});

const ids = (list: { id: number }[]) => list.map((c) => c.id);

describe("trackSections", () => {
  it("opens the current step, the steps this viewer reviews and any whose form came back", () => {
    const track = [
      step(1, "completed"),
      step(2, "submitted", { review: true }),
      step(3, "todo", { current: true }),
      step(4, "todo"),
      step(5, "todo"),
      step(6, "skipped"),
    ];
    const sections = trackSections(track, (id) => id === 1);
    expect(ids(sections.open)).toEqual([1, 2, 3]);
    // Done and skipped steps are behind, wherever they sit; to-do steps after the current ahead.
    expect(ids(sections.earlier)).toEqual([6]);
    expect(ids(sections.later)).toEqual([4, 5]);
    expect(sections.unfolded).toEqual([]);
  });

  it("keeps a later step whose form came back where it is, unfolded (its card is not remounted)", () => {
    const track = [step(1, "completed"), step(2, "todo", { current: true }), step(3, "todo")];
    const sections = trackSections(track, (id) => id === 3);
    expect(ids(sections.open)).toEqual([2]);
    expect(ids(sections.later)).toEqual([3]);
    expect(sections.unfolded).toEqual([3]);
  });

  it("puts a step left to do before the current one behind, not ahead", () => {
    const sections = trackSections(
      [step(1, "todo"), step(2, "todo", { current: true }), step(3, "todo")],
      () => false,
    );
    expect(ids(sections.earlier)).toEqual([1]);
    expect(ids(sections.later)).toEqual([3]);
  });

  it("has nothing ahead once no step is current (a finished assignment)", () => {
    const sections = trackSections([step(1, "approved"), step(2, "completed")], () => false);
    expect(sections.open).toEqual([]);
    expect(ids(sections.earlier)).toEqual([1, 2]);
    expect(sections.later).toEqual([]);
  });
});
