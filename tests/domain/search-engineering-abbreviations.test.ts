import { describe, expect, it } from "vitest";
import { ENGINEERING_ABBREVIATIONS } from "#db/migrations/0054_engineering_abbreviations";
import { synonymPairCases } from "../support/synonym-pairs";

// Abbreviations engineers type for what a write-up spells out (migration 0054), and the other
// way round: each finds the write-up that says it the long way, before one sharing only the
// query's other words.

/** Each pair's abbreviation, and a write-up saying it the long way only. */
const SPELLED_OUT: readonly [abbreviation: string, title: string][] = [
  ["ecc", "Servers without error correcting memory corrupted data"],
  ["a11y", "Date picker fails accessibility review"],
  ["i18n", "Internationalization keys missing on the invoice page"],
  ["l10n", "Localization of the receipts lags a release behind"],
  ["npe", "Null pointer exception when the profile has no avatar"],
  ["waf", "Web application firewall blocks the upload form"],
  ["acl", "Access control list drops the partner's IP range"],
  ["pii", "Personal data written to the request log"],
  ["qps", "Search falls over above 900 queries per second"],
  ["rca", "Root cause analysis of the checkout outage"],
  ["e2e", "End to end tests flaky on the checkout page"],
  ["sms", "Text message codes arrive after they expire"],
];

describe("engineering abbreviations (migration 0054)", () => {
  const { add, first, found, warm, ids } = synonymPairCases(
    ENGINEERING_ABBREVIATIONS,
    SPELLED_OUT,
    async (put) => ({
      // A write-up sharing the ECC query's other words, never its long form.
      distractorMemory: await put({
        title: "Memory corruption in the image resizer",
        symptom: "A memory corruption in the resizer; no memory limit was set.",
        component: "files",
      }),
      koreanAccessibility: await put({
        title: "날짜 선택기 접근성 점검 실패",
        symptom: "스크린 리더가 날짜 선택기의 달을 읽지 못함.",
        component: "web",
      }),
    }),
  );

  it("ECC memory is put before memory that is only corrupted", async () => {
    expect(await first("ecc memory corruption")).toBe(ids.ecc);
  });

  it("a11y also finds the Korean write-up on 접근성", async () => {
    expect(await found("a11y ")).toEqual(
      expect.arrayContaining([ids.a11y, ids.koreanAccessibility]),
    );
  });

  it("the long form finds the abbreviation too", async () => {
    const short = await add({
      title: "ECC faults on the batch hosts",
      symptom: "The batch hosts report ECC faults every night.",
      component: "infra",
    });
    await warm();
    expect(await found("error correcting ")).toEqual(expect.arrayContaining([ids.ecc, short]));
  });
});
