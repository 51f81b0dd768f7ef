import { describe, expect, it } from "vitest";
import { readJsonArray } from "~/lib/json-array.server";
import { turnsDuring } from "../support/wait";

describe("readJsonArray", () => {
  it("gives the elements of an array, as JSON.parse does, in any layout", async () => {
    const items = [
      { title: "결제 버튼이 두 번 눌림", labels: [{ name: "good first issue" }], n: 1.5 },
      { title: 'Quote " and \\ and\nnewline', body: null, ok: true },
      "a string",
      [1, 2],
    ];
    for (const text of [
      JSON.stringify(items),
      `${JSON.stringify(items, null, 2)}\n`,
      `\n  ${JSON.stringify(items, null, "\t")}  \n\n`,
    ]) {
      expect(await readJsonArray(text)).toEqual({ ok: true, items });
      expect(await readJsonArray(Buffer.from(text))).toEqual({ ok: true, items });
    }
    expect(await readJsonArray("[]")).toEqual({ ok: true, items: [] });
  });

  it("reads a file of many pieces whole: 20,000 GitHub-shaped issues (about 6 MB)", async () => {
    const issues = Array.from({ length: 20_000 }, (_, i) => ({
      number: i + 1,
      html_url: `https://github.com/hanbit/pay/issues/${i + 1}`,
      title: `결제 재시도 ${i + 1}: the retry ran twice`,
      body: `Steps:\n1. Pay\n2. Pay again ${"·".repeat(i % 200)}`,
      labels: [{ name: "good first issue" }],
    }));
    // `gh api --paginate --slurp` writes pages of 100.
    const pages = Array.from({ length: 200 }, (_, p) => issues.slice(p * 100, p * 100 + 100));
    const text = JSON.stringify(pages, null, 2);
    expect(text.length).toBeGreaterThan(5_000_000);
    let read: Awaited<ReturnType<typeof readJsonArray>> | null = null;
    // Read in pieces with pauses: JSON.parse of the same text holds the event loop throughout.
    const turns = await turnsDuring(async () => {
      read = await readJsonArray(text);
    });
    expect(turns).toBeGreaterThan(0);
    expect(read).toEqual({ ok: true, items: pages });
  });

  it("says where a malformed file stopped, and tells JSON that is not an array apart", async () => {
    expect(await readJsonArray('[\n  {"title": "a",}\n]')).toEqual({
      ok: false,
      reason: "invalid",
      line: 2,
    });
    expect(await readJsonArray("[\n1,\n2,\n3 4\n]")).toMatchObject({ reason: "invalid", line: 4 });
    expect(await readJsonArray('[{"title": "결제"')).toMatchObject({ reason: "invalid" });
    expect(await readJsonArray("[1] [2]")).toMatchObject({ reason: "invalid" });
    expect(await readJsonArray("[1] x")).toMatchObject({ reason: "invalid" });
    expect(await readJsonArray("hello")).toEqual({ ok: false, reason: "invalid", line: null });
    expect(await readJsonArray('{"title": "a"}')).toEqual({ ok: false, reason: "notArray" });
    expect(await readJsonArray("42")).toEqual({ ok: false, reason: "notArray" });
  });

  it("refuses arrays and objects nested past 64 levels at once: a million '[' read in one go", async () => {
    const nested = (levels: number) => `[${"[".repeat(levels - 1)}1${"]".repeat(levels)}`;
    expect(await readJsonArray(nested(64))).toMatchObject({ ok: true });
    expect(await readJsonArray(nested(65))).toEqual({ ok: false, reason: "invalid", line: 1 });
    expect(await readJsonArray(`[${'{"a":'.repeat(70)}1${"}".repeat(70)}]`)).toMatchObject({
      reason: "invalid",
    });
    // The parser's cost grows with each level: without the limit this took seconds, in turns of
    // 100-270 ms. With it, reading stops within the first turn.
    const turns = await turnsDuring(async () => {
      expect(await readJsonArray("[".repeat(1_000_000))).toMatchObject({ reason: "invalid" });
    });
    expect(turns).toBe(0);
  });
});
