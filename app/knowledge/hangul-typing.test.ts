import { describe, expect, it } from "vitest";
import {
  hangulFromKeys,
  keysFromHangul,
  soundAlikes,
  type Unfinished,
  unfinishedHangul,
} from "./hangul-typing";

/** The first and last syllable of a reading's range, as text. */
const shown = (reading: Unfinished | null) =>
  reading && {
    stem: reading.stem,
    from: String.fromCharCode(reading.lo),
    to: String.fromCharCode(reading.hi),
  };

describe("a Hangul word caught halfway through its last syllable", () => {
  it("a letter typed on its own begins the next syllable (결ㅈ on the way to 결제)", () => {
    expect(shown(unfinishedHangul("결ㅈ"))).toEqual({ stem: "결", from: "자", to: "짛" });
    expect(shown(unfinishedHangul("스탬ㅍ"))).toEqual({ stem: "스탬", from: "파", to: "핗" });
  });

  it("a syllable without a final consonant may yet take one (세셔 on the way to 세션)", () => {
    expect(shown(unfinishedHangul("세셔"))).toEqual({ stem: "세", from: "셔", to: "셯" });
    expect(shown(unfinishedHangul("세"))).toEqual({ stem: "", from: "세", to: "셓" });
  });

  it("a final consonant may move on to begin the next syllable (엘 on the way to 에러)", () => {
    expect(shown(unfinishedHangul("엘"))).toEqual({ stem: "에", from: "라", to: "맇" });
    expect(shown(unfinishedHangul("로긍"))).toEqual({ stem: "로그", from: "아", to: "잏" });
    expect(shown(unfinishedHangul("뱊"))).toEqual({ stem: "배", from: "파", to: "핗" });
    // Of a double final, the second letter moves: 밠 (발 + ㅅ) is on the way to 발송.
    expect(shown(unfinishedHangul("밠"))).toEqual({ stem: "발", from: "사", to: "싷" });
  });

  it("the word each reading allows holds the word meant", () => {
    const allows = (typed: string, meant: string) => {
      const reading = unfinishedHangul(typed);
      if (!reading) return false;
      const next = meant.charCodeAt(reading.stem.length);
      return meant.startsWith(reading.stem) && next >= reading.lo && next <= reading.hi;
    };
    for (const [typed, meant] of [
      ["결ㅈ", "결제"],
      ["엘", "에러"],
      ["셋", "세션"],
      ["세셔", "세션"],
      ["탕", "타임아웃"],
      ["타이", "타임아웃"],
      ["만ㄹ", "만료"],
      ["웹솤", "웹소켓"],
      ["닭", "달걀"],
    ])
      expect(allows(typed as string, meant as string), `${typed} → ${meant}`).toBe(true);
  });

  it("reads nothing into a lone letter, Latin, digits or a vowel on its own", () => {
    for (const word of ["ㄱ", "", "abc", "42", "결ㅏ", "ab결"])
      expect(unfinishedHangul(word), word).toBeNull();
  });
});

describe("Korean typed with the keyboard in English mode", () => {
  it("composes the keys back into the syllables meant", () => {
    expect(hangulFromKeys("dpfj")).toBe("에러");
    expect(hangulFromKeys("rufwp")).toBe("결제");
    expect(hangulFromKeys("tptus")).toBe("세션");
    expect(hangulFromKeys("xkdladkdnt")).toBe("타임아웃");
    expect(hangulFromKeys("qovh")).toBe("배포");
    expect(hangulFromKeys("dhksfy")).toBe("완료");
    // A double final gives its second letter to the next vowel: 닭이 typed as "ekfrdl".
    expect(hangulFromKeys("ekfrdl")).toBe("닭이");
    expect(hangulFromKeys("ekfrk")).toBe("달가");
    // Shift gives the doubled consonants and ㅒ, ㅖ.
    expect(hangulFromKeys("rPtks")).toBe("계산");
    expect(hangulFromKeys("Tmfprl")).toBe("쓰레기");
  });

  it("is nothing for English words, which leave a letter outside a syllable", () => {
    for (const word of ["error", "payment", "timeout", "rest", "api", "k8s", "ㄱ", ""])
      expect(hangulFromKeys(word), word).toBeNull();
  });
});

describe("English typed with the keyboard left in Korean mode", () => {
  it("reads the keys back from the syllables and letters the keyboard composed", () => {
    expect(keysFromHangul("ㄷㄱ객")).toBe("error");
    expect(keysFromHangul("샤ㅡ대ㅕㅅ")).toBe("timeout");
    expect(keysFromHangul("ㅇㄷㅁ이ㅐ차")).toBe("deadlock");
    expect(keysFromHangul("ㅊㅁ촏")).toBe("cache");
    // Compound vowels and finals are two keys; Shift's letters come back lowercase.
    expect(keysFromHangul("왉")).toBe("dhkfr");
    expect(keysFromHangul("ㅆ")).toBe("t");
  });

  it("is nothing for text that is not Hangul", () => {
    expect(keysFromHangul("error")).toBeNull();
    expect(keysFromHangul("에러1")).toBeNull();
  });
});

describe("words written by their sound", () => {
  it("swaps one syllable's vowel for the one that sounds alike: ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅚ/ㅞ", () => {
    expect(soundAlikes("결재")).toEqual(["결제"]);
    expect(soundAlikes("베포")).toEqual(["배포"]);
    expect(soundAlikes("얘기")).toEqual(["예기"]);
    expect(soundAlikes("됌")).toEqual(["됨", "뒘"]);
    // Each syllable on its own, the first first; the final consonant stays.
    expect(soundAlikes("개행")).toEqual(["게행", "개헹"]);
  });

  it("has none for a word without such a vowel, or for letters that are not syllables", () => {
    expect(soundAlikes("수정")).toEqual([]);
    expect(soundAlikes("순서")).toEqual([]);
    expect(soundAlikes("ㅐㅔ")).toEqual([]);
    expect(soundAlikes("cache")).toEqual([]);
  });
});
