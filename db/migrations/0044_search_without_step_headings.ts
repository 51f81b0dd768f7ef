import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// A write-up drafted from a newcomer's evidence heads its debugging notes with the checkpoints'
// names ("### Find the code", "### 실패하는 테스트"). The index read them as the write-up's words:
// on the demo, "결제 실패" put three write-ups about screen readers, a lock-out message and
// e-mail first, each found for nothing but a Korean newcomer's heading "실패하는 테스트". The index
// now reads the debugging notes through koan_search_text() (db/search-text.ts), which leaves out
// heading lines that only name a default checkpoint. The write-ups themselves are unchanged.
// Rebuilt from the view, and the kept top lists (0018) go: they were scored on the old index.

const COLUMNS = "title, symptom, root_cause, fix, debugging, tags_text, ko_title, ko_body";

function row(p: "new" | "old", debugging: (p: string) => string): string {
  return [
    `${p}.id, ${p}.title, ${p}.symptom, ${p}.root_cause, ${p}.fix, ${debugging(p)}, ${p}.tags_text`,
    `koan_bigrams(${p}.title || ' ' || ${p}.tags_text)`,
    `koan_bigrams(${p}.symptom || ' ' || ${p}.root_cause || ' ' || ${p}.fix || ' ' || ${debugging(p)})`,
  ].join(", ");
}

async function recreate(db: Kysely<any>, debugging: (p: string) => string): Promise<void> {
  for (const trigger of ["writeups_au", "writeups_ad", "writeups_ai"])
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  await sql`drop view if exists writeups_search_source`.execute(db);
  const source = debugging("writeups");
  await sql
    .raw(`create view writeups_search_source as
    select id, title, symptom, root_cause, fix, ${source} as debugging, tags_text,
      koan_bigrams(title || ' ' || tags_text) as ko_title,
      koan_bigrams(symptom || ' ' || root_cause || ' ' || fix || ' ' || ${source}) as ko_body
    from writeups`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_ai after insert on writeups begin
    insert into writeups_fts(rowid, ${COLUMNS}) values (${row("new", debugging)});
  end`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_ad after delete on writeups begin
    insert into writeups_fts(writeups_fts, rowid, ${COLUMNS}) values ('delete', ${row("old", debugging)});
  end`)
    .execute(db);
  await sql
    .raw(`create trigger writeups_au after update of title, symptom, root_cause, fix, debugging, tags_text on writeups begin
    insert into writeups_fts(writeups_fts, rowid, ${COLUMNS}) values ('delete', ${row("old", debugging)});
    insert into writeups_fts(rowid, ${COLUMNS}) values (${row("new", debugging)});
  end`)
    .execute(db);
  await sql`insert into writeups_fts(writeups_fts) values ('rebuild')`.execute(db);
  await sql`delete from search_top_lists`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await recreate(db, (p) => `koan_search_text(${p}.debugging)`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await recreate(db, (p) => `${p}.debugging`);
}
