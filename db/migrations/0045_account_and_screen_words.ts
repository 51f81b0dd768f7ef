import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// What a Korean newcomer types for the parts of an account, a message and a screen that Koan's
// own starter tickets are about, each with one fixed English: "초대 링크" found nothing although
// the knowledge base held "Invite link works after the inviter is deactivated", and "감사 로그
// 시간" put two Korean write-ups that only share 시간 before "Audit log shows UTC without saying
// so". 비활성화 is "disabled" on a screen and "deactivated" for an account: both. Broad words stay
// out, as in 0020 (코드, 테스트, 버그, 원인, 확인: "code", "test", "bug", "cause" are in every
// write-up), as do words with a second everyday meaning (리더 is "reader" and "leader"). Leads
// keep the list; a pair already there is left as it is.

export const ACCOUNT_AND_SCREEN_WORDS: readonly (readonly [string, string])[] = [
  ["링크", "link"],
  ["초대", "invite"],
  ["관리자", "admin"],
  ["비활성화", "disabled"],
  ["비활성화", "deactivated"],
  ["감사", "audit"],
  ["멘션", "mention"],
  ["다이제스트", "digest"],
  ["요약", "summary"],
  ["주간", "weekly"],
  ["월간", "monthly"],
  ["연간", "annual"],
  ["일할", "prorated"],
  ["지메일", "gmail"],
  ["워크스페이스", "workspace"],
  ["마크다운", "markdown"],
  ["하이라이트", "highlight"],
  ["포커스", "focus"],
  ["키보드", "keyboard"],
  ["보이스오버", "voiceover"],
  ["모션", "motion"],
  ["아바타", "avatar"],
  ["배지", "badge"],
  ["뱃지", "badge"],
  ["테두리", "border"],
  ["정렬", "sort"],
  ["캘린더", "calendar"],
  ["달력", "calendar"],
  ["스크린샷", "screenshot"],
  ["프로그레스", "progress"],
  ["한국어", "korean"],
  ["영어", "english"],
  // And what such a ticket says of its data: "대용량 가져오기 타임아웃" put the payment timeout
  // first, "리멤버 미" found a settlement import. Not 날짜 ("date", in most write-ups about
  // anything dated: a Korean ticket about a date shown a day early lost its second answer).
  ["대용량", "large"],
  ["더블클릭", "doubleclick"],
  ["리멤버", "remember"],
  ["형식", "format"],
  // Daylight saving time as Korean says it, and a one-time code as most people say it: "서머타임"
  // and "OTP" found nothing beside write-ups about DST and TOTP codes.
  ["서머타임", "dst"],
  ["일광절약", "dst"],
  ["otp", "totp"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of ACCOUNT_AND_SCREEN_WORDS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of ACCOUNT_AND_SCREEN_WORDS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
