import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseJson } from "./json";

describe("parseJson", () => {
  const links = z.array(z.object({ label: z.string(), url: z.string() }));

  it("gives the parsed value when the text is JSON of the schema's shape", () => {
    expect(parseJson(links, '[{"label":"PR","url":"https://x.test/1"}]', [])).toEqual([
      { label: "PR", url: "https://x.test/1" },
    ]);
    expect(parseJson(z.array(z.string()), '["billing"]', [])).toEqual(["billing"]);
  });

  it("gives the fallback for text that is not JSON, or JSON of another shape", () => {
    expect(parseJson(links, "not json", [])).toEqual([]);
    expect(parseJson(links, "", [])).toEqual([]);
    expect(parseJson(links, '{"label":"PR"}', [])).toEqual([]);
    expect(parseJson(links, '[{"label":1,"url":"u"}]', [])).toEqual([]);
    expect(parseJson(z.array(z.string()), "null", ["x"])).toEqual(["x"]);
  });
});
