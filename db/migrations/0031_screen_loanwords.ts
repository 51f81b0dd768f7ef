import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// What a Korean user sees on a screen, and sees go wrong, written in Hangul the way the English is
// said: 이미지 (image), 아이콘 (icon), 폰트 (font), 로딩 (loading), 팝업 (popup), 프리징 (freezing)
// and 크래시 (crash). "이미지가 안 보여요" was shown as "이미 보이" (이미, "already") on the demo,
// which has no write-up about images; without
// them "계속 로딩" was shown as "계속 코딩" (coding): 로딩 was in no write-up, so it read as a typo
// of the nearest word that was. Each has one fixed English; broad words stay out, as in 0020, and
// so does 렉 (lag): one syllable, it is searched as the start of 렉토 and 렉션 (디렉토리, 컬렉션).
// Leads keep the list; a pair already there is left as it is.

export const SCREEN_LOANWORDS: readonly (readonly [string, string])[] = [
  ["이미지", "image"],
  ["아이콘", "icon"],
  ["폰트", "font"],
  ["로딩", "loading"],
  ["팝업", "popup"],
  ["프리징", "freeze"],
  ["크래시", "crash"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of SCREEN_LOANWORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of SCREEN_LOANWORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
