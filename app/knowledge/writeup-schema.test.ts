import { describe, expect, it } from "vitest";
import { missingToPublish, parseWriteupForm, toilField, writeupFormSchema } from "./writeup-schema";

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

describe("publishing a write-up", () => {
  const sent = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return form;
  };
  const empty = { title: "Invoice export times out", symptom: " ", rootCause: "", fix: "\u200b" };

  it("needs the parts a reader needs, each refused at its field, what was typed kept", () => {
    const parsed = parseWriteupForm(sent({ ...empty, resolution: "fixed", debugging: "kept" }), {});
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["fix", "rootCause", "symptom"]);
    expect(parsed.errors.symptom).toMatch(/^knowledge\.field\.symptom\.requiredToPublish/);
    expect(parsed.formError).toBe("knowledge.form.publishMissing");
    expect(parsed.values).toMatchObject({ title: "Invoice export times out", debugging: "kept" });
  });

  it("saves a draft with nothing but its title", () => {
    expect(parseWriteupForm(sent({ ...empty, resolution: "fixed" }), false).ok).toBe(true);
  });

  it("asks each kind of answer for its own parts", () => {
    const asked = (resolution: string) => {
      const parsed = parseWriteupForm(sent({ ...empty, resolution }), {});
      return parsed.ok ? [] : Object.keys(parsed.errors).sort();
    };
    expect(asked("config_change")).toEqual(["fix", "rootCause", "symptom"]);
    expect(asked("works_as_designed")).toEqual(["rootCause", "symptom"]);
    expect(asked("cannot_reproduce")).toEqual(["rootCause", "symptom"]);
    expect(asked("duplicate")).toEqual(["fix", "symptom"]);
    const answered = parseWriteupForm(
      sent({ title: "T", resolution: "works_as_designed", symptom: "s", rootCause: "on purpose" }),
      {},
    );
    expect(answered.ok).toBe(true);
  });

  it("shows the zod errors and the missing parts together", () => {
    const parsed = parseWriteupForm(sent({ ...empty, title: "", resolution: "duplicate" }), {});
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.title).toBe("knowledge.field.title.required");
    expect(parsed.errors.fix).toBe(
      `knowledge.field.fix.requiredToPublish|${JSON.stringify({ resolution: "duplicate" })}`,
    );
  });

  it("keeps a published write-up from losing a part, not from staying as sparse as it was", () => {
    const before = { symptom: "s", rootCause: "", fix: "" };
    expect(
      missingToPublish({ resolution: "fixed", symptom: "", rootCause: "", fix: "" }, before),
    ).toEqual({ symptom: expect.stringMatching(/symptom\.requiredToPublish/) });
    expect(
      missingToPublish({ resolution: "fixed", symptom: "s", rootCause: "", fix: "" }, before),
    ).toEqual({});
  });
});
