import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { type OpenStarter, suggestTickets, targetDifficulty } from "./suggest";

const en = translate("en");
const ko = translate("ko");

const now = new Date("2026-11-25T00:00:00Z");
const t = (id: number, component: string, difficulty: number, createdAt: string): OpenStarter => ({
  id,
  title: `T${id}`,
  component,
  difficulty,
  createdAt,
});

describe("suggestTickets", () => {
  it("start at difficulty 1 and step up one after each completed assignment, capped at 3", () => {
    expect(targetDifficulty([])).toBe(1);
    expect(targetDifficulty([{ component: "a", difficulty: 1, completed: true }])).toBe(2);
    expect(targetDifficulty([{ component: "a", difficulty: 1, completed: false }])).toBe(1);
    const three = Array.from({ length: 5 }, () => ({
      component: "a",
      difficulty: 1,
      completed: true,
    }));
    expect(targetDifficulty(three)).toBe(3);
  });

  it("offer components not yet worked in first, then the right difficulty, then the oldest", () => {
    const open = [
      t(1, "billing", 2, "2026-11-01T00:00:00Z"),
      t(2, "search", 3, "2026-11-20T00:00:00Z"),
      t(3, "search", 2, "2026-11-10T00:00:00Z"),
      t(4, "auth", 2, "2026-11-05T00:00:00Z"),
      t(5, "search", 2, "2026-11-02T00:00:00Z"),
    ];
    const history = [{ component: "billing", difficulty: 1, completed: true }];
    const picks = suggestTickets(open, history, { now });
    expect(picks.map((p) => p.ticket.id)).toEqual([5, 4, 3]);
    expect(picks[0]?.reasons.map(en.msg)).toEqual([
      "new area for you: search",
      "difficulty 2, one step up from your last fix",
      "waiting 23 days",
    ]);
    // The reasons are messages: a Korean reader gets them in Korean (the onboarding page).
    expect(picks[0]?.reasons.map(ko.msg)).toEqual([
      "처음 다뤄 보는 영역: search",
      "난이도 2, 지난번 수정보다 한 단계 위예요",
      "23일째 기다리는 중",
    ]);
    const harder = suggestTickets([t(6, "auth", 3, "2026-11-24T00:00:00Z")], history, { now });
    expect(harder[0]?.reasons.map(en.msg)).toEqual(["new area for you: auth", "difficulty 3"]);
    expect(harder[0]?.reasons.map(ko.msg)).toEqual(["처음 다뤄 보는 영역: auth", "난이도 3"]);
  });

  it("fall back to worked components when nothing new is open", () => {
    const picks = suggestTickets(
      [t(1, "billing", 1, "2026-11-24T00:00:00Z")],
      [{ component: "billing", difficulty: 1, completed: false }],
      { now },
    );
    expect(picks[0]?.reasons.map(en.msg)).toEqual([
      "more practice in billing",
      "difficulty 1, a gentle start",
    ]);
    expect(picks[0]?.reasons.map(ko.msg)).toEqual([
      "billing 연습을 더 해 봐요",
      "난이도 1, 가볍게 시작해요",
    ]);
  });
});
