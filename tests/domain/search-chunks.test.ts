import { describe, expect, it } from "vitest";
import { SPAN, walkRanges } from "~/knowledge/search-chunks.server";

// A walk over every write-up id in chunks, with a turn of the event loop between them: each chunk
// costs a fixed start plus its rows, so chunks grow while they are quick (100,000 ids in three
// steps instead of forty) and stay small while they are slow.

async function walk(top: number, hold: (from: number) => number) {
  const ranges: [number, number][] = [];
  await walkRanges(top, async (from, to) => {
    ranges.push([Number(from), Number(to)]);
    const until = performance.now() + hold(Number(from));
    while (performance.now() < until) {
      // busy, as a synchronous SQLite call is
    }
    return true;
  });
  return ranges;
}

describe("walking ids in chunks", () => {
  it("covers every id once, in order, growing the chunks while they are quick", async () => {
    const ranges = await walk(100_000, () => 0);
    expect(ranges[0]).toEqual([0, SPAN]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[0]).toBe(ranges[i - 1]?.[1]);
    expect(ranges.at(-1)?.[1]).toBeGreaterThan(100_000);
    // A quick chunk grows the next up to eightfold: 2,500, 20,000, then 160,000 ids (doubling
    // took six chunks, each opening every doclist again).
    expect(ranges.length).toBeLessThanOrEqual(4);
  });

  it("keeps chunks at their first size while each holds the process long", async () => {
    const ranges = await walk(4 * SPAN, () => 65);
    expect(ranges.map(([from, to]) => to - from)).toEqual([SPAN, SPAN, SPAN, SPAN, SPAN]);
  });

  it("grows a chunk at most as the pace says, and does not count the wait before a chunk", async () => {
    const ranges: [number, number][] = [];
    let waits = 0;
    await walkRanges(
      100_000,
      async (from, to) => {
        ranges.push([Number(from), Number(to)]);
        return true;
      },
      {
        hold: 25,
        growth: 2,
        // A long wait for a quiet moment: were it timed, every chunk would look slow and shrink.
        before: async () => {
          waits++;
          await new Promise((resolve) => setTimeout(resolve, 30));
          return ranges.length < 5;
        },
      },
    );
    expect(waits).toBe(6);
    expect(ranges.map(([from, to]) => to - from)).toEqual([
      SPAN,
      2 * SPAN,
      4 * SPAN,
      8 * SPAN,
      16 * SPAN,
    ]);
  });

  it("stops when the step says so", async () => {
    const ranges: number[] = [];
    await walkRanges(100_000, async (from) => {
      ranges.push(Number(from));
      return ranges.length < 3;
    });
    expect(ranges).toHaveLength(3);
  });
});
