import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Words a Korean ticket types in Hangul for what happens by chance and on a screen: 랜덤 (random,
// 무작위), 렉 (lag, also spelled 랙), 싱크 (sync), 퍼미션 (permission), 노티 (a notification),
// 워닝 (a warning, 경고), and what a hand does on it: 클릭, 드래그, 줌. A fresh Korean check found
// "세션이 랜덤으로 풀려서 로그인 화면으로 튕김" missing the write-up whose sessions vanished
// 무작위로 (third beside the demo, nowhere among 100,000 write-ups). Leads keep the list; a pair
// already there is left as it is.

export const SCREEN_AND_CHANCE_LOANWORDS: readonly (readonly [string, string])[] = [
  ["랜덤", "random"],
  ["랜덤", "무작위"],
  ["무작위", "random"],
  ["렉", "lag"],
  ["렉", "랙"],
  ["싱크", "sync"],
  ["퍼미션", "permission"],
  ["노티", "notification"],
  ["워닝", "warning"],
  ["경고", "warning"],
  ["클릭", "click"],
  ["드래그", "drag"],
  ["줌", "zoom"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of SCREEN_AND_CHANCE_LOANWORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of SCREEN_AND_CHANCE_LOANWORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
