import { describe, expect, it } from "vitest";
import { SCREEN_AND_CHANCE_LOANWORDS } from "#db/migrations/0057_screen_and_chance_loanwords";
import { synonymPairCases } from "../support/synonym-pairs";

// Korean words for what happens by chance and on a screen (migration 0057), typed where the
// write-up says the English or the other Korean word: each finds the write-up.

/** Each pair's first word as typed, and a write-up saying only its partner. */
const SAID_OTHERWISE: readonly [typed: string, title: string][] = [
  ["랜덤", "세션이 무작위로 사라짐"],
  ["무작위", "Sessions dropped at random"],
  ["렉", "Scrolling the order list lags on old phones"],
  ["싱크", "Calendar sync skips the last day"],
  ["퍼미션", "Camera permission prompt never shows"],
  ["노티", "Notification badge stays after reading"],
  ["워닝", "Build prints a deprecation warning for every file"],
  ["경고", "Warning banner hides the pay button"],
  ["클릭", "Double click submits the form twice"],
  ["드래그", "Drag to reorder drops the row"],
  ["줌", "Pinch zoom disabled on the receipt page"],
];

describe("screen and chance loanwords (migration 0057)", () => {
  const { found, ids } = synonymPairCases(
    SCREEN_AND_CHANCE_LOANWORDS,
    SAID_OTHERWISE,
    async (add) => ({
      sessions: await add({
        title: "Redis 메모리가 가득 차서 세션이 무작위로 사라짐",
        symptom:
          "사용자들이 작업 도중 갑자기 로그인 화면으로 튕긴다. 특정 시간대가 아니라 무작위로 발생.",
        component: "auth",
      }),
    }),
  );

  it("a Korean ticket saying 랜덤 finds the write-up saying 무작위 (the fresh check's query)", async () => {
    expect(await found("세션이 랜덤으로 풀려서 로그인 화면으로 튕김")).toContain(ids.sessions);
  });
});
