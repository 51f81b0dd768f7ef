import { describe, expect, it } from "vitest";
import { contentLang, htmlContentLang, textLocale } from "./text-lang";

describe("textLocale", () => {
  it("reads Korean, English, and Korean mixed with English words", () => {
    expect(textLocale("정산 파일 가져오기 후 가맹점 이름이 깨짐 (EUC-KR)")).toBe("ko");
    expect(textLocale("결제 webhook이 PG사 timeout 후 중복 처리됨")).toBe("ko");
    expect(textLocale("Invoice PDF shows the wrong total")).toBe("en");
    // An English sentence naming a Korean colleague stays English.
    expect(textLocale("Asked 최유나 about the PG timeout")).toBe("en");
    expect(textLocale("#4012 — 3018")).toBeNull();
  });
});

describe("contentLang", () => {
  it("marks only content in the other language than the page's", () => {
    expect(contentLang("결제 오류 E4012: PG 응답 대기 시간 초과", "en")).toBe("ko");
    expect(contentLang("결제 오류 E4012: PG 응답 대기 시간 초과", "ko")).toBeUndefined();
    expect(contentLang("Invoice PDF shows the wrong total", "ko")).toBe("en");
    expect(contentLang("Invoice PDF shows the wrong total", "en")).toBeUndefined();
    expect(contentLang("#4012", "ko")).toBeUndefined();
  });

  it("reads rendered Markdown by its prose, not its code or tags", () => {
    const html =
      "<p>대시보드 금액이 두 자리로 표시됨</p><pre><code>formatAmount(value, { minimumFractionDigits: 2 })</code></pre><p><code>toFixed</code> 호출 제거</p>";
    expect(htmlContentLang(html, "en")).toBe("ko");
    expect(htmlContentLang("<p>The <strong>total</strong> is off</p>", "ko")).toBe("en");
  });

  it("decides a long text by its opening, reading no more of it", () => {
    const english = "The retry worker charged the card twice. ".repeat(200);
    expect(textLocale(`${english}${"결제가 두 번 되었어요. ".repeat(10_000)}`)).toBe("en");
    expect(htmlContentLang(`<p>${english}</p><p>${"결제 오류 ".repeat(10_000)}</p>`, "ko")).toBe(
      "en",
    );
  });
});
