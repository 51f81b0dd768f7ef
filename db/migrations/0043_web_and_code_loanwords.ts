import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// What a Korean ticket about a web page, its code and its tools says in Hangul the way the
// English is said: 하이드레이션 (hydration), 웹후크 (webhook, as 웹훅 already is), 컴포넌트,
// 미들웨어, 널 and 오버플로 in a stack trace, the page's 툴팁 and 레이아웃, and the tools by name.
// Without them "하이드레이션" found nothing on the demo, and "하이드레이션 오류" put the write-up
// about the hydration error fourth. And a billing or sign-in ticket's plain words (달러, 잠김,
// 느림, 이중, 문자: "SMS" in a support ticket). Each has one fixed English; words with a second everyday
// meaning stay out (통화 is "currency" and "a phone call", 인가 also ends a question), as do broad
// ones, as in 0020. Leads keep the list; a pair already there is left as it is.

export const WEB_AND_CODE_LOANWORDS: readonly (readonly [string, string])[] = [
  ["하이드레이션", "hydration"],
  ["웹후크", "webhook"],
  ["컴포넌트", "component"],
  ["라우터", "router"],
  ["미들웨어", "middleware"],
  ["핸들러", "handler"],
  ["리스너", "listener"],
  ["힙", "heap"],
  ["널", "null"],
  ["오버플로", "overflow"],
  ["오버플로우", "overflow"],
  ["정수", "integer"],
  ["소수점", "decimal"],
  ["반올림", "rounding"],
  ["오프라인", "offline"],
  ["캡차", "captcha"],
  ["자동완성", "autocomplete"],
  ["미리보기", "preview"],
  ["프리뷰", "preview"],
  ["애니메이션", "animation"],
  ["다크모드", "dark"],
  ["테마", "theme"],
  ["레이아웃", "layout"],
  ["뷰포트", "viewport"],
  ["툴팁", "tooltip"],
  ["토스트", "toast"],
  ["배너", "banner"],
  ["로컬스토리지", "localstorage"],
  ["리베이스", "rebase"],
  ["번들", "bundle"],
  ["플래키", "flaky"],
  ["데이터독", "datadog"],
  ["프로메테우스", "prometheus"],
  ["키바나", "kibana"],
  ["페이저듀티", "pagerduty"],
  ["리액트", "react"],
  ["자바스크립트", "javascript"],
  ["타입스크립트", "typescript"],
  ["파이썬", "python"],
  ["스프링", "spring"],
  // And what a billing or sign-in ticket says of it: "인보이스 달러 표시" put a Korean write-up about
  // decimals above the invoice showing a dollar sign, "계정 잠김" found no locked-out write-up.
  ["달러", "dollar"],
  ["센트", "cent"],
  ["크레딧", "credit"],
  ["잠김", "locked"],
  ["느림", "slow"],
  ["느리", "slow"],
  ["느린", "slow"],
  ["이중", "double"],
  ["두번", "twice"],
  ["문자", "sms"],
  ["진행률", "progress"],
  ["엑셀", "xlsx"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of WEB_AND_CODE_LOANWORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of WEB_AND_CODE_LOANWORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
