import { describe, expect, it } from "vitest";
import { isKoreanWord, koreanWords } from "./korean-words.server";

describe("the Korean word list", () => {
  it("holds the dictionary's stems, composed, and only Hangul ones", async () => {
    const words = await koreanWords();
    expect(words.size).toBeGreaterThan(90_000);
    for (const word of ["수정", "순서", "회고", "리뷰", "결재", "결제", "비밀번호"])
      expect(await isKoreanWord(word), word).toBe(true);
    for (const word of ["세선", "쿠퐁", "정샨", "로긍", "업로르", "error", "에러2"])
      expect(await isKoreanWord(word), word).toBe(false);
  });

  it("knows a verb by its noun form: 느림 (느리다), 깨짐 (깨지다), 먹음 (먹다)", async () => {
    for (const word of ["느림", "깨짐", "먹음"]) expect(await isKoreanWord(word), word).toBe(true);
    // The noun-form rule needs the verb: 뜨림 and 수점 are no words.
    for (const word of ["뜨림", "수점"]) expect(await isKoreanWord(word), word).toBe(false);
  });
});
