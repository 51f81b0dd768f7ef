import { describe, expect, it } from "vitest";
import { translate } from "~/lib/i18n/catalogs.server";
import { excerpt, finishedLine as finishedMsg, whatHappened as happenedMsg } from "./loop-words";

// The sentences are messages (k()); read them as an English and a Korean page would.
const en = translate("en");
const ko = translate("ko");
const finishedLine = (n: number) => en.msg(finishedMsg(n));
const whatHappened = (...args: Parameters<typeof happenedMsg>) => {
  const said = happenedMsg(...args);
  return said === null ? null : en.msg(said);
};

const step = (
  title: string,
  state: string,
  comments: { kind: string; body?: string; at?: string }[] = [],
) => ({
  title,
  state: state as never,
  comments: comments.map((c) => ({
    author: "Tomás Rivera",
    kind: c.kind,
    body: c.body ?? "",
    createdAt: c.at ?? "2026-11-02T10:00:00Z",
  })),
});

describe("My onboarding in words", () => {
  it("counts finished fixes and names the next ticket", () => {
    expect(finishedLine(0)).toBe("Pick your first ticket");
    expect(finishedLine(1)).toBe("1 fix done — pick your second ticket");
    expect(finishedLine(2)).toBe("2 fixes done — pick your third ticket");
    expect(finishedLine(12)).toBe("12 fixes done — pick your next ticket");
  });

  it("says who asked for changes on which step, with the comment", () => {
    expect(
      whatHappened(
        [
          step("Reproduce", "changes_requested", [
            { kind: "changes_requested", body: "Which browser?\nAdd the exact name." },
          ]),
          step("Locate", "todo"),
        ],
        "Tomás Rivera",
      ),
    ).toBe("Tomás asked for changes on Reproduce: Which browser? Add the exact name.");
  });

  it("says what is waiting for review, and what was approved last", () => {
    expect(whatHappened([step("Reproduce", "submitted")], "최유나")).toBe(
      "Reproduce is waiting for 최유나's review.",
    );
    expect(
      whatHappened(
        [
          step("Reproduce", "approved", [{ kind: "approved", at: "2026-11-02T10:00:00Z" }]),
          step("Locate", "approved", [{ kind: "approved", at: "2026-11-03T10:00:00Z" }]),
          step("Root cause", "todo"),
        ],
        "Tomás Rivera",
      ),
    ).toBe("Tomás approved Locate.");
    expect(whatHappened([step("Reproduce", "todo")], "Tomás Rivera")).toBeNull();
  });

  it("says the same in Korean, names as written", () => {
    expect(ko.msg(finishedMsg(1))).toBe("티켓 1개를 해결했어요. 이제 2번째 티켓을 골라 보세요.");
    expect(
      ko.msg(
        happenedMsg(
          [
            step("재현", "changes_requested", [
              { kind: "changes_requested", body: "어느 브라우저인가요?" },
            ]),
          ],
          "최유나",
        ),
      ),
    ).toBe("Tomás 님이 재현 단계에 수정을 요청했어요: 어느 브라우저인가요?");
    expect(ko.msg(happenedMsg([step("재현", "submitted")], "최유나"))).toBe(
      "재현 단계가 최유나 님의 검토를 기다리고 있어요.",
    );
  });

  it("cuts long comments at a word", () => {
    expect(excerpt("a ".repeat(100), 20)).toBe("a a a a a a a a a a…");
  });
});
