import { describe, expect, it } from "vitest";
import { linksField } from "~/lib/fields";
import { type CheckpointCardData, previousValues } from "./checkpoint-card";

function sentBack(linksText: string): CheckpointCardData {
  return {
    id: 1,
    title: "Reproduce",
    position: 1,
    needsSignoff: true,
    state: "changes_requested",
    guideHtml: "",
    current: true,
    evidence: [
      {
        id: 1,
        notes: "재현 완료",
        notesHtml: "<p>재현 완료</p>",
        links: linksField.parse(linksText),
        minutes: 20,
        createdAt: "2026-12-05T10:00:00Z",
      },
    ],
    comments: [],
    may: { submitEvidence: true, review: false, comment: true },
  };
}

describe("a sent-back checkpoint's form starts from the evidence as written", () => {
  it("gives bare links back bare, and labelled links with their labels", () => {
    const written = [
      "https://github.com/acme/billing/pull/412",
      "재현 로그 https://ci.example.com/runs/9",
      "/kb/12",
      "github.com https://github.com/acme/billing/pull/413",
    ].join("\n");
    expect(previousValues(sentBack(written)).links).toBe(
      [
        "https://github.com/acme/billing/pull/412",
        "재현 로그 https://ci.example.com/runs/9",
        "/kb/12",
        // A label that says only the host is the one Koan gives a bare link: written back bare.
        "https://github.com/acme/billing/pull/413",
      ].join("\n"),
    );
  });

  it("is empty unless the checkpoint was sent back", () => {
    expect(previousValues({ ...sentBack("https://example.com/a"), state: "submitted" })).toEqual(
      {},
    );
  });
});
