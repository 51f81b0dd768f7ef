import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// Engineers type the short form ("db", "env var", "config") where write-ups spell the word out
// ("database", "environment variable", "configuration", "February"), and the other way round. These pairs join
// the search synonyms seeded by 0008 (Korean–English); leads keep the list. A pair a lead already
// added is left as it is.

export const ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ["db", "database"],
  ["dbs", "databases"],
  ["env", "environment"],
  ["envs", "environments"],
  ["var", "variable"],
  ["vars", "variables"],
  ["config", "configuration"],
  ["configs", "configurations"],
  ["prod", "production"],
  ["repo", "repository"],
  ["repos", "repositories"],
  ["k8s", "kubernetes"],
  ["deps", "dependencies"],
  ["perf", "performance"],
  ["infra", "infrastructure"],
  ["msg", "message"],
  ["msgs", "messages"],
  ["app", "application"],
  ["apps", "applications"],
  ["docs", "documentation"],
  ["dev", "development"],
  ["cert", "certificate"],
  ["certs", "certificates"],
  ["pwd", "password"],
  ["admin", "administrator"],
  ["admins", "administrators"],
  ["auth", "authentication"],
  // Months as dates are written in incident notes ("feb 29"); May has no short form.
  ["jan", "january"],
  ["feb", "february"],
  ["mar", "march"],
  ["apr", "april"],
  ["jun", "june"],
  ["jul", "july"],
  ["aug", "august"],
  ["sep", "september"],
  ["sept", "september"],
  ["oct", "october"],
  ["nov", "november"],
  ["dec", "december"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of ABBREVIATIONS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of ABBREVIATIONS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
