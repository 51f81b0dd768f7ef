import { describe, expect, it } from "vitest";
import { translate } from "./catalogs.server";
import { finalSound } from "./final-sound";
import { k } from "./messages";

describe("finalSound", () => {
  it("hears a Hangul word's last syllable: open, closed on ㄹ, closed on another consonant", () => {
    expect(finalSound("최유나")).toBe("vowel");
    expect(finalSound("서버")).toBe("vowel");
    expect(finalSound("서울")).toBe("rieul");
    expect(finalSound("정산 파일")).toBe("rieul");
    expect(finalSound("결제 내역")).toBe("consonant");
    expect(finalSound("김민준")).toBe("consonant");
  });

  it("reads a number as Korean says its last digit", () => {
    // Each digit sounds as its Korean reading ends; 10 is 십, 100 백: closed, not on ㄹ.
    const readings = [..."영일이삼사오육칠팔구"];
    for (const [digit, reading] of readings.entries())
      expect(finalSound(digit), `${digit} (${reading})`).toBe(finalSound(reading as string));
    expect(finalSound(10)).toBe(finalSound("십"));
    expect(finalSound("12")).toBe("vowel");
  });

  it("passes over closing marks and leaves Latin words and symbols unknown", () => {
    expect(finalSound("정산 (월말)")).toBe("rieul");
    expect(finalSound("결제 (카드)")).toBe("vowel");
    expect(finalSound("'결제 오류' ")).toBe("vowel");
    expect(finalSound("Minjun Kim")).toBe("unknown");
    expect(finalSound("memmory leek")).toBe("unknown");
    expect(finalSound("screenshot.png")).toBe("unknown");
    expect(finalSound("")).toBe("unknown");
  });

  it("reads past a long run of marks from the end, and leaves one in the middle alone", () => {
    expect(finalSound(`정산${" )".repeat(50_000)}`)).toBe("consonant");
    expect(finalSound(`${"> ".repeat(50_000)}x.exe`)).toBe("unknown");
    expect(finalSound(`${"> ".repeat(50_000)}월말`)).toBe("rieul");
  });

  it("picks the particle in Koan's Korean messages, both forms where the sound is unknown", () => {
    const { t } = translate("ko");
    const saved = (name: string) =>
      t("core.settings.name.saved", { name, nameFinal: finalSound(name) });
    expect(saved("최유나")).toBe("저장했어요. 이제 팀에게 최유나로 보여요.");
    expect(saved("김민준")).toBe("저장했어요. 이제 팀에게 김민준으로 보여요.");
    expect(saved("Minjun Kim")).toBe("저장했어요. 이제 팀에게 Minjun Kim(으)로 보여요.");
    expect(t("mentoring.tracks.saveAs", { version: 3, versionFinal: finalSound(3) })).toBe(
      "버전 3으로 저장",
    );
    expect(t("mentoring.tracks.saveAs", { version: 2, versionFinal: finalSound(2) })).toBe(
      "버전 2로 저장",
    );
    expect(
      t("attachments.pasted", { name: "결제 화면", nameFinal: finalSound("결제 화면") }),
    ).toMatch(/^결제 화면을 붙여 넣었어요/);
    // After a quoted value as well: “페어 리뷰”를, “재현”은, “Root cause”은(는).
    const title = (text: string) => ({ title: text, titleFinal: finalSound(text) });
    expect(t("mentoring.tracks.notice.added", title("페어 리뷰"))).toMatch(/^“페어 리뷰”를 /);
    expect(t("mentoring.tracks.notice.added", title("코드 리뷰 요청"))).toMatch(
      /^“코드 리뷰 요청”을 /,
    );
    expect(
      t("mentoring.tracks.err.order", {
        ...{ first: "재현", firstFinal: finalSound("재현") },
        ...{ second: "원인", secondFinal: finalSound("원인") },
      }),
    ).toMatch(/^“재현”은 “원인”보다 /);
    expect(t("mentoring.tracks.err.cannotRetire", title("Root cause"))).toMatch(
      /^“Root cause”은\(는\) /,
    );
    expect(t("attachments.pasted", { name: "오류", nameFinal: finalSound("오류") })).toMatch(
      /^오류를 붙여 넣었어요/,
    );
    expect(
      t("attachments.pasted", { name: "screen.png", nameFinal: finalSound("screen.png") }),
    ).toMatch(/^screen\.png을\(를\) 붙여 넣었어요/);
    expect(t("mentoring.tracks.saved", { version: 2, versionFinal: finalSound(2) })).toMatch(
      /^버전 2를 저장했어요/,
    );
    expect(t("mentoring.tracks.unchanged", { version: 2, versionFinal: finalSound(2) })).toBe(
      "바뀐 것이 없어서 트랙은 그대로 버전 2예요.",
    );
    expect(t("mentoring.tracks.unchanged", { version: 7, versionFinal: finalSound(7) })).toBe(
      "바뀐 것이 없어서 트랙은 그대로 버전 7이에요.",
    );
    // The translator hears each value itself: callers pass the value alone, a message made on
    // the server (k()) too.
    expect(t("core.settings.name.saved", { name: "김민준" })).toBe(
      "저장했어요. 이제 팀에게 김민준으로 보여요.",
    );
    const { msg } = translate("ko");
    expect(msg(k("mentoring.tracks.unchanged", { version: 2 }))).toBe(
      "바뀐 것이 없어서 트랙은 그대로 버전 2예요.",
    );
    // English reads no final sound.
    expect(
      translate("en").t("core.settings.name.saved", { name: "최유나", nameFinal: "vowel" }),
    ).not.toMatch(/vowel|로/);
  });
});
