import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { countedFrom } from "./i18n";

describe("a page's relative times", () => {
  it("count from the page's load, in both languages, and one translator serves every call of a page", () => {
    const renderedAt = "2026-03-02T12:00:00.000Z";
    const en = translate("en");
    const page = countedFrom(en, renderedAt);
    expect(page.relative("2026-03-01T12:00:00.000Z")).toBe("yesterday");
    expect(page.relative("2026-03-02T09:00:00.000Z")).toBe("3 hours ago");
    // Every row's useT on the same page gets the same translator, not a copy each.
    expect(countedFrom(en, renderedAt)).toBe(page);
    expect(page.t("core.time.justNow")).toBe(en.t("core.time.justNow"));
    // The next page load counts from its own moment.
    const later = countedFrom(en, "2026-03-03T12:00:00.000Z");
    expect(later).not.toBe(page);
    expect(later.relative("2026-03-01T12:00:00.000Z")).toBe("2 days ago");
    const ko = countedFrom(translate("ko"), renderedAt);
    expect(ko.relative("2026-03-01T12:00:00.000Z")).toBe("어제");
    expect(ko.relative("2026-03-02T09:00:00.000Z")).toBe("3시간 전");
    // An explicit "now" still wins.
    expect(page.relative("2026-03-01T12:00:00.000Z", new Date("2026-03-01T12:00:00.000Z"))).toBe(
      en.t("core.time.justNow"),
    );
  });
});
