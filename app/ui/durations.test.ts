import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { formatMinutes } from "./durations";

describe("formatMinutes", () => {
  it("reads a long total as hours and minutes, the same on the cohorts page as on the toil board", () => {
    const ko = translate("ko").t;
    const en = translate("en").t;
    expect(formatMinutes(ko, 285)).toBe("4시간 45분");
    expect(formatMinutes(ko, 45)).toBe("45분");
    expect(formatMinutes(ko, 120)).toBe("2시간");
    expect(formatMinutes(en, 285)).toBe("4 h 45 min");
    expect(ko("team.cohorts.toilFigures", { time: formatMinutes(ko, 285), count: 3 })).toBe(
      "4시간 45분 · 3번",
    );
  });
});
