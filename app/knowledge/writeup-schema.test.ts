import { describe, expect, it } from "vitest";
import { toilField, writeupFormSchema } from "./writeup-schema";

describe("toil lines", () => {
  it("read minutes written the English or the Korean way", () => {
    expect(
      toilField.parse("Restarted the worker, 15\n워커 재시작, 20분\nRe-ran export; 5 min"),
    ).toEqual([
      { description: "Restarted the worker", minutes: 15 },
      { description: "워커 재시작", minutes: 20 },
      { description: "Re-ran export", minutes: 5 },
    ]);
  });

  it("refuse no minutes and more than a working day, naming the line", () => {
    for (const [text, line] of [
      ["Restarted the worker, 0", 1],
      ["ok, 15\nRestarted the worker, 99999", 2],
    ] as const) {
      const parsed = toilField.safeParse(text);
      expect(parsed.success, text).toBe(false);
      expect(parsed.error?.issues[0]?.message, text).toBe(
        `knowledge.field.toil.minutes|${JSON.stringify({ line, max: 480 })}`,
      );
    }
  });
});

describe("a write-up's component", () => {
  it("may be left empty; typed, it follows the component rule tickets follow", () => {
    const base = { title: "T", resolution: "fixed" };
    expect(writeupFormSchema.parse({ ...base, component: "" }).component).toBe("");
    expect(writeupFormSchema.parse({ ...base, component: "결제" }).component).toBe("결제");
    const bad = writeupFormSchema.safeParse({ ...base, component: "<b>😀</b>" });
    expect(bad.error?.issues[0]?.message).toBe("core.field.component.pattern");
  });
});

describe("a write-up's tags", () => {
  it("split at the full-width and ideographic commas a Korean keyboard types", () => {
    expect(writeupFormSchema.shape.tags.parse("정산，EUC-KR、인코딩, billing")).toEqual([
      "정산",
      "EUC-KR",
      "인코딩",
      "billing",
    ]);
  });
});
