import { describe, expect, it } from "vitest";
import { DEFAULT_STEP_SUMMARIES, firstSentence, SUMMARY_MAX, stepSummary } from "./journey";

describe("a checkpoint's one line on My onboarding", () => {
  it("is the first sentence of the guide's first paragraph, without Markdown marks", () => {
    expect(
      firstSentence(
        "Explain *why* it happens, not only where.\n\n**Good evidence:** one or two sentences.",
      ),
    ).toBe("Explain why it happens, not only where.");
    expect(firstSentence("Check the [runbook](https://x.test/r) first! Then page.")).toBe(
      "Check the runbook first!",
    );
    expect(firstSentence("Ask your mentor\nabout the logs")).toBe("Ask your mentor about the logs");
    expect(firstSentence("  \n ")).toBe("");
  });

  it("falls back to the default one-liner for a default key when the guide is empty or long", () => {
    expect(stepSummary({ key: "reproduce", guide: "" })).toBe(DEFAULT_STEP_SUMMARIES.reproduce);
    const long = `${"word ".repeat(SUMMARY_MAX / 4)}end.`;
    expect(stepSummary({ key: "ship", guide: long })).toBe(DEFAULT_STEP_SUMMARIES.ship);
    expect(stepSummary({ key: "check_logs", guide: long })).toBeNull();
    expect(stepSummary({ key: "check_logs", guide: "" })).toBeNull();
    expect(stepSummary({ key: "check_logs", guide: "Read the logs. Then more." })).toBe(
      "Read the logs.",
    );
  });
});
