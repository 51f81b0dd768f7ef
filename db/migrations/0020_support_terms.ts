import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Everyday spellings of words already paired (메일 for 이메일, 비번 for 비밀번호, 디비 for
// 데이터베이스, 대기열 for 큐, 색인 for 인덱스) and a few loanwords 0008 and 0019 lacked: words
// paired with the same word meet each other. Broad everyday words (실패 "failed", 배치 "batch",
// 디스크 "disk") were measured and left out: among 100,000 write-ups their English partners let
// short English texts outrank the Korean answer (npm run eval:search, Korean MRR 0.989 → 0.971).
// Leads keep the list; a pair already there is left as it is.

export const SUPPORT_TERMS: readonly (readonly [string, string])[] = [
  ["메일", "email"],
  ["비번", "password"],
  ["디비", "database"],
  ["앱", "app"],
  ["대기열", "queue"],
  ["색인", "index"],
  ["새로고침", "refresh"],
  ["리프레시", "refresh"],
  ["재시작", "restart"],
  ["로그아웃", "logout"],
  ["회원가입", "signup"],
  ["타임스탬프", "timestamp"],
  ["템플릿", "template"],
  ["스테이징", "staging"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of SUPPORT_TERMS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of SUPPORT_TERMS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
