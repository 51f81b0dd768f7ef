import { describe, expect, it } from "vitest";
import { pageLink, pageOf, pageWithin } from "./paging";

describe("paging", () => {
  const rows = Array.from({ length: 120 }, (_, i) => i);

  it("cuts a list into pages and says where the page stands", () => {
    expect(pageOf(rows, 1, 50)).toMatchObject({ page: 1, pageCount: 3, total: 120 });
    expect(pageOf(rows, 2, 50).rows).toEqual(rows.slice(50, 100));
    expect(pageOf(rows, 3, 50).rows).toEqual(rows.slice(100));
  });

  it("shows the last page past the end and the first for a page that is not one", () => {
    expect(pageOf(rows, 99, 50)).toMatchObject({ page: 3, rows: rows.slice(100) });
    for (const asked of [0, -4, Number.NaN, 1.7]) expect(pageWithin(120, asked, 50).page).toBe(1);
    expect(pageOf([], 5, 50)).toEqual({ rows: [], page: 1, pageCount: 1, total: 0 });
  });

  it("links to another page, keeping the other parameters, Korean ones too", () => {
    const search = new URLSearchParams({ q: "결제", reviews: "2", page: "3" });
    expect(pageLink(search, "page", 4, "mentees")).toBe(
      "?q=%EA%B2%B0%EC%A0%9C&reviews=2&page=4#mentees",
    );
    expect(pageLink(search, "page", 1)).toBe("?q=%EA%B2%B0%EC%A0%9C&reviews=2");
    expect(pageLink(new URLSearchParams(), "page", 1, "people-heading")).toBe("?#people-heading");
  });
});
