import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// What a Korean support ticket about a shop, its mail and its browsers says in Hangul the way the
// English is said: 스팸 (spam), 체크아웃 (checkout), 장바구니 (cart), 첨부파일 (attachment),
// 정기결제 (subscription) and its 갱신 (renewal), and the browsers by name. Without them "메일이
// 스팸으로 가요" put the write-up about receipts in Gmail's spam folder second on the demo, and
// "정기결제 갱신 실패" did not find the renewal charged twice. Each has one fixed English; broad
// words stay out, as in 0020 (실패, 요청, 응답: "failed", "request", "response" are in every
// other write-up). Leads keep the list; a pair already there is left as it is.

export const SHOP_AND_BROWSER_LOANWORDS: readonly (readonly [string, string])[] = [
  ["스팸", "spam"],
  ["스팸함", "spam"],
  ["체크아웃", "checkout"],
  ["장바구니", "cart"],
  ["카트", "cart"],
  ["첨부파일", "attachment"],
  ["첨부", "attachment"],
  ["정기결제", "subscription"],
  ["갱신", "renewal"],
  ["리뷰", "review"],
  ["사진", "photo"],
  ["필터", "filter"],
  ["사파리", "safari"],
  ["크롬", "chrome"],
  ["파이어폭스", "firefox"],
  ["엣지", "edge"],
  ["트레이스", "trace"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of SHOP_AND_BROWSER_LOANWORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of SHOP_AND_BROWSER_LOANWORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
