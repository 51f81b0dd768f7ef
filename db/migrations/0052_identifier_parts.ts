import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// The index holds a camel-case name as one word: "OOMKilled" is the term "oomkilled", which a
// newcomer typing "OOM 재시작" never met. identifier_parts keeps each such
// name's words beside it (db/search-text.ts, koan_identifier_parts()), each marked when written
// in capitals (the acronym OOM), filled by triggers when a write-up is saved, so search can look
// a query word up among the names it is part of. A name no longer written anywhere is left in
// the table: looked up, it matches no write-up.

const TEXT = (p: "new" | "writeups") =>
  `${p}.title || ' ' || ${p}.symptom || ' ' || ${p}.root_cause || ' ' || ${p}.fix || ' ' || ${p}.debugging || ' ' || ${p}.tags_text`;

/**
 * Fills the table from the row a trigger saves ("new"), or from every write-up there is (also
 * after the benchmark datasets' bulk insert, tests/bench/dataset.ts).
 */
export const fillIdentifierParts = (p: "new" | "writeups") =>
  `insert or ignore into identifier_parts (part, term, acronym)
    select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
    from ${p === "writeups" ? "writeups, " : ""}json_each(koan_identifier_parts(${TEXT(p)}))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table identifier_parts (
    part text not null,
    term text not null,
    acronym integer not null,
    primary key (part, term)
  )`.execute(db);
  await sql
    .raw(
      `create trigger identifier_parts_ai after insert on writeups begin ${fillIdentifierParts("new")}; end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger identifier_parts_au
      after update of title, symptom, root_cause, fix, debugging, tags_text on writeups
      begin ${fillIdentifierParts("new")}; end`)
    .execute(db);
  await sql.raw(fillIdentifierParts("writeups")).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists identifier_parts_au`.execute(db);
  await sql`drop trigger if exists identifier_parts_ai`.execute(db);
  await sql`drop table if exists identifier_parts`.execute(db);
}
