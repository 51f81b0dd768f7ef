import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RESOLUTIONS } from "#db/schema";

// Without scripts, the write-up form's prompts follow the resolution select through the
// stylesheet alone (ByResolution in writeup-form.tsx): a kind the stylesheet does not know would
// show every kind's prompts at once.

describe("the write-up form's prompts by resolution kind", () => {
  it("has a stylesheet rule for every resolution kind", () => {
    const css = readFileSync("app/styles.css", "utf8");
    for (const kind of RESOLUTIONS) {
      expect(css).toContain(
        `.writeup-form:has(#field-resolution option[value="${kind}"]:checked)\n  .by-resolution:not([data-resolutions~="${kind}"])`,
      );
    }
  });
});
