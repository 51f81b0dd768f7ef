import { describe, expect, it } from "vitest";
import { commentSchema, evidenceSchema, reviewSchema } from "./evidence-schema";

const form = (minutes: string) => ({
  intent: "submit",
  checkpointId: "3",
  notes: "Found it",
  minutes,
});
const minutesError = (minutes: string) =>
  evidenceSchema.safeParse(form(minutes)).error?.issues.find((i) => i.path[0] === "minutes")
    ?.message;

describe("evidence's time spent", () => {
  it("reads plain decimal digits, with spaces around, and nothing as no time", () => {
    expect(evidenceSchema.parse(form(" 45 ")).minutes).toBe(45);
    expect(evidenceSchema.parse(form("0")).minutes).toBe(0);
    expect(evidenceSchema.parse(form("")).minutes).toBeNull();
  });

  it("refuses 1e3, 0x10 and other ways JavaScript reads a number, at the field", () => {
    for (const bad of ["1e3", "0x10", "0b101", "0o17", "Infinity", "1_000", "+", "1 000"])
      expect(minutesError(bad), bad).toBe("mentoring.field.minutes.number");
    expect(minutesError("1.5")).toBe("mentoring.field.minutes.whole");
    expect(minutesError("-5")).toBe("mentoring.field.minutes.negative");
  });
});

describe("the checkpoint a form names", () => {
  const forms = {
    evidence: (checkpointId: string) => evidenceSchema.safeParse({ ...form(""), checkpointId }),
    review: (checkpointId: string) =>
      reviewSchema.safeParse({ intent: "approve", checkpointId, comment: "" }),
    comment: (checkpointId: string) =>
      commentSchema.safeParse({ intent: "comment", checkpointId, body: "봤어요" }),
  };

  it("is its id in plain decimal digits: 1e0, 0x3 or ' 3' name no checkpoint", () => {
    for (const [name, parse] of Object.entries(forms)) {
      expect(parse("3").data?.checkpointId, name).toBe(3);
      for (const bad of ["1e0", "0x3", " 3", "3.0", "", "0", "-3", "99999999999999999"])
        expect(parse(bad).success, `${name} ${JSON.stringify(bad)}`).toBe(false);
    }
  });
});

describe("comments and review comments", () => {
  it("drop direction overrides, which would show the rest of the comment reversed", () => {
    const body = "로그를 보세요: \u202Egnp.exe\u202C";
    expect(commentSchema.parse({ intent: "comment", checkpointId: "3", body }).body).toBe(
      "로그를 보세요: gnp.exe",
    );
    const review = { intent: "request_changes", checkpointId: "3", comment: body };
    expect(reviewSchema.parse(review).comment).toBe("로그를 보세요: gnp.exe");
  });
});
