import { describe, expect, it } from "vitest";
import { worthHighlighting } from "./highlight";

describe("worthHighlighting", () => {
  it("leaves common words plain and highlights the rest, Korean included", () => {
    for (const w of ["at", "of", "on", "The", " the ", "", "  "]) {
      expect(worthHighlighting(w)).toBe(false);
    }
    for (const w of ["invoice", "timeout", "결제", "Onboarding", "atlas"]) {
      expect(worthHighlighting(w)).toBe(true);
    }
  });
});
