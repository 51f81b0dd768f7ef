import { describe, expect, it } from "vitest";
import { otherSpellings } from "./english-spellings";

describe("otherSpellings", () => {
  it("gives the American spelling of a British word and back", () => {
    expect(otherSpellings("neighbouring")).toContain("neighboring");
    expect(otherSpellings("behavior")).toContain("behaviour");
    expect(otherSpellings("organisation")).toContain("organization");
    expect(otherSpellings("optimized")).toContain("optimised");
    expect(otherSpellings("analyse")).toContain("analyze");
    expect(otherSpellings("centre")).toContain("center");
    expect(otherSpellings("meters")).toContain("metres");
    expect(otherSpellings("cancelled")).toContain("canceled");
    expect(otherSpellings("labeling")).toContain("labelling");
    expect(otherSpellings("licence")).toContain("license");
    expect(otherSpellings("catalog")).toContain("catalogue");
  });

  it("gives only candidates, for a dictionary to keep or drop, and none for short words", () => {
    // "errour" and "monitour" are no words: the caller drops them.
    expect(otherSpellings("error")).toEqual([]);
    expect(otherSpellings("size")).toEqual([]);
    expect(otherSpellings("filled")).not.toContain("fillled");
    expect(otherSpellings("deploy")).toEqual([]);
    expect(otherSpellings("타임아웃")).toEqual([]);
  });
});
