import { type Kysely, sql } from "kysely";

// Search, rebuilt (issue 11): the full-text index stems English (porter over unicode61, so
// "servers" finds "server") and reads Hangul a second time as overlapping two-syllable pieces in
// two extra columns (db/search-text.ts, the SQL function koan_bigrams()), so Korean words meet
// whatever particle or spacing they were written with. Its content is a view over writeups, so
// nothing is stored twice. Plus a table of Korean–English transliterations and synonyms, seeded
// here and kept by leads, used when a query is read.

const COLUMNS = "title, symptom, root_cause, fix, debugging, tags_text, ko_title, ko_body";
const ko = (p: "new" | "old") =>
  `koan_bigrams(${p}.title || ' ' || ${p}.tags_text), koan_bigrams(${p}.symptom || ' ' || ${p}.root_cause || ' ' || ${p}.fix || ' ' || ${p}.debugging)`;
const row = (p: "new" | "old") =>
  `${p}.id, ${p}.title, ${p}.symptom, ${p}.root_cause, ${p}.fix, ${p}.debugging, ${p}.tags_text, ${ko(p)}`;

/** Seed pairs: a Korean spelling and the English word it stands for. */
export const SEED_SYNONYMS: readonly (readonly [string, string])[] = [
  ["타임아웃", "timeout"],
  ["쿠키", "cookie"],
  ["백오프", "backoff"],
  ["세션", "session"],
  ["결제", "payment"],
  ["푸시", "push"],
  ["캐시", "cache"],
  ["배포", "deploy"],
  ["로그인", "login"],
  ["토큰", "token"],
  ["인증", "authentication"],
  ["웹훅", "webhook"],
  ["재시도", "retry"],
  ["환불", "refund"],
  ["인보이스", "invoice"],
  ["청구서", "invoice"],
  ["알림", "notification"],
  ["큐", "queue"],
  ["서버", "server"],
  ["데이터베이스", "database"],
  ["인덱스", "index"],
  ["마이그레이션", "migration"],
  ["메모리", "memory"],
  ["누수", "leak"],
  ["지연", "latency"],
  ["오류", "error"],
  ["에러", "error"],
  ["장애", "outage"],
  ["만료", "expired"],
  ["권한", "permission"],
  ["비밀번호", "password"],
  ["이메일", "email"],
  ["쿼리", "query"],
  ["스케줄러", "scheduler"],
  ["크론", "cron"],
  ["프록시", "proxy"],
  ["인증서", "certificate"],
  ["도메인", "domain"],
  ["리다이렉트", "redirect"],
  ["업로드", "upload"],
  ["다운로드", "download"],
  ["정산", "settlement"],
  ["구독", "subscription"],
  ["카드", "card"],
  ["중복", "duplicate"],
  ["동기화", "sync"],
  ["검색", "search"],
  ["상태유지", "sticky"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists writeups_vocab`.execute(db);
  for (const trigger of ["writeups_au", "writeups_ad", "writeups_ai"])
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  await sql`drop table if exists writeups_fts`.execute(db);

  await sql
    .raw(`create view writeups_search_source as
    select id, title, symptom, root_cause, fix, debugging, tags_text,
      koan_bigrams(title || ' ' || tags_text) as ko_title,
      koan_bigrams(symptom || ' ' || root_cause || ' ' || fix || ' ' || debugging) as ko_body
    from writeups`)
    .execute(db);
  // Column order matters to bm25() weights (search.server.ts).
  await sql
    .raw(`create virtual table writeups_fts using fts5(
    ${COLUMNS},
    content='writeups_search_source', content_rowid='id',
    tokenize = "porter unicode61 remove_diacritics 2 tokenchars '_'"
  )`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_ai after insert on writeups begin
    insert into writeups_fts(rowid, ${COLUMNS}) values (${row("new")});
  end`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_ad after delete on writeups begin
    insert into writeups_fts(writeups_fts, rowid, ${COLUMNS}) values ('delete', ${row("old")});
  end`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_au after update of title, symptom, root_cause, fix, debugging, tags_text on writeups begin
    insert into writeups_fts(writeups_fts, rowid, ${COLUMNS}) values ('delete', ${row("old")});
    insert into writeups_fts(rowid, ${COLUMNS}) values (${row("new")});
  end`)
    .execute(db);
  await sql`insert into writeups_fts(writeups_fts) values ('rebuild')`.execute(db);
  await sql`create virtual table writeups_vocab using fts5vocab(writeups_fts, 'row')`.execute(db);

  await db.schema
    .createTable("search_synonyms")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("synonym", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("search_synonyms_pair_unique", ["term", "synonym"])
    .execute();
  const now = new Date().toISOString();
  for (const [term, synonym] of SEED_SYNONYMS)
    await sql`insert into search_synonyms (term, synonym, created_at) values (${term}, ${synonym}, ${now})`.execute(
      db,
    );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_synonyms").execute();
  await sql`drop table if exists writeups_vocab`.execute(db);
  for (const trigger of ["writeups_au", "writeups_ad", "writeups_ai"])
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  await sql`drop table if exists writeups_fts`.execute(db);
  await sql`drop view if exists writeups_search_source`.execute(db);
  // Back to 0004's index.
  const cols = "title, symptom, root_cause, fix, debugging, tags_text";
  await sql
    .raw(`create virtual table writeups_fts using fts5(
    ${cols}, content='writeups', content_rowid='id',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
  )`)
    .execute(db);
  const vals = (p: string) =>
    `${p}.id, ${p}.title, ${p}.symptom, ${p}.root_cause, ${p}.fix, ${p}.debugging, ${p}.tags_text`;
  await sql
    .raw(`create trigger writeups_ai after insert on writeups begin
    insert into writeups_fts(rowid, ${cols}) values (${vals("new")});
  end`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_ad after delete on writeups begin
    insert into writeups_fts(writeups_fts, rowid, ${cols}) values ('delete', ${vals("old")});
  end`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_au after update of title, symptom, root_cause, fix, debugging, tags_text on writeups begin
    insert into writeups_fts(writeups_fts, rowid, ${cols}) values ('delete', ${vals("old")});
    insert into writeups_fts(rowid, ${cols}) values (${vals("new")});
  end`)
    .execute(db);
  await sql`insert into writeups_fts(writeups_fts) values ('rebuild')`.execute(db);
  await sql`create virtual table writeups_vocab using fts5vocab(writeups_fts, 'row')`.execute(db);
}
