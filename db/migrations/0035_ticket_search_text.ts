import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The ticket queue's search matched each word typed as a substring of the title or the body, so
// Korean written with other spacing never met: "두번" missed "두 번", "결제버튼" missed "결제 버튼".
// Each ticket's searchable text is kept here, lower-cased and without the whitespace next to
// Hangul (db/search-text.ts, the SQL function koan_ticket_search_text()), by triggers, so every
// way a ticket is written (form, import, GitHub sync) keeps it. A table of its own, not a column
// of tickets: the search reads only this text, in rowid ranges, not the tickets' rows, and the
// queue's pages don't carry a second copy of every body.

const TEXT = (p: "new") => `koan_ticket_search_text(${p}.title, ${p}.body)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table ticket_search_text (
    ticket_id integer primary key references tickets(id) on delete cascade,
    text text not null
  )`.execute(db);
  await sql`insert into ticket_search_text (ticket_id, text)
    select id, koan_ticket_search_text(title, body) from tickets`.execute(db);
  await sql
    .raw(`create trigger tickets_search_text_insert after insert on tickets begin
      insert into ticket_search_text (ticket_id, text) values (new.id, ${TEXT("new")});
    end`)
    .execute(db);
  await sql
    .raw(`create trigger tickets_search_text_update after update of title, body on tickets begin
      insert or replace into ticket_search_text (ticket_id, text) values (new.id, ${TEXT("new")});
    end`)
    .execute(db);
  await sql
    .raw(`create trigger tickets_search_text_delete after delete on tickets begin
      delete from ticket_search_text where ticket_id = old.id;
    end`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists tickets_search_text_delete`.execute(db);
  await sql`drop trigger if exists tickets_search_text_update`.execute(db);
  await sql`drop trigger if exists tickets_search_text_insert`.execute(db);
  await sql`drop table if exists ticket_search_text`.execute(db);
}
