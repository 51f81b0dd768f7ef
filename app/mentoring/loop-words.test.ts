import { describe, expect, it } from "vitest";
import { excerpt, finishedLine, whatHappened } from "./loop-words";

const step = (
  title: string,
  state: string,
  comments: { kind: string; body?: string; at?: string }[] = [],
) => ({
  title,
  state: state as never,
  comments: comments.map((c) => ({
    author: "Tomás Rivera",
    kind: c.kind,
    body: c.body ?? "",
    createdAt: c.at ?? "2026-11-02T10:00:00Z",
  })),
});

describe("My onboarding in words", () => {
  it("counts finished fixes and names the next ticket", () => {
    expect(finishedLine(0)).toBe("Pick your first ticket");
    expect(finishedLine(1)).toBe("1 fix done — pick your second ticket");
    expect(finishedLine(2)).toBe("2 fixes done — pick your third ticket");
    expect(finishedLine(12)).toBe("12 fixes done — pick your next ticket");
  });

  it("says who asked for changes on which step, with the comment", () => {
    expect(
      whatHappened(
        [
          step("Reproduce", "changes_requested", [
            { kind: "changes_requested", body: "Which browser?\nAdd the exact name." },
          ]),
          step("Locate", "todo"),
        ],
        "Tomás Rivera",
      ),
    ).toBe("Tomás asked for changes on Reproduce: Which browser? Add the exact name.");
  });

  it("says what is waiting for review, and what was approved last", () => {
    expect(whatHappened([step("Reproduce", "submitted")], "최유나")).toBe(
      "Reproduce is waiting for 최유나's review",
    );
    expect(
      whatHappened(
        [
          step("Reproduce", "approved", [{ kind: "approved", at: "2026-11-02T10:00:00Z" }]),
          step("Locate", "approved", [{ kind: "approved", at: "2026-11-03T10:00:00Z" }]),
          step("Root cause", "todo"),
        ],
        "Tomás Rivera",
      ),
    ).toBe("Tomás approved Locate");
    expect(whatHappened([step("Reproduce", "todo")], "Tomás Rivera")).toBeNull();
  });

  it("cuts long comments at a word", () => {
    expect(excerpt("a ".repeat(100), 20)).toBe("a a a a a a a a a a…");
  });
});
