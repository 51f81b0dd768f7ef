import { type Kysely, sql } from "kysely";

// Frozen once landed: add a new numbered migration instead of editing this one.
//
// English words of incident write-ups that say the same thing in other words: a newcomer types
// "overwhelmed", "froze" or "rebooted" where the write-up says "overloaded", "hang" or
// "restarted". Search meets a pair in any form of either word (partnersOf), and a partner weighs
// as the word typed, never more. Broad words stay out ("server"/"host"/"node", "slow"/"delay",
// "fail"/"break"): among 100,000 write-ups they cost a held-out English answer (MRR 0.926 →
// 0.917 in `npm run eval:search`), though beside the demo they found one. Nor are "setting"/"config"
// (among 100,000 write-ups it lost a held-out answer), "double"/"duplicate" and "purge"/
// "invalidate" (through 중복 ↔ duplicate, a Korean query's 중복 met every "double": two Korean
// answers fell to second and third in `npm run eval:search`). Leads keep the list; a pair already
// there is left as it is. "quota"/"limit" and "mail"/"email" are left out too: a pasted error
// saying "heap limit" or "reading 'email'" then looked up more words, 10–25% slower among
// 100,000 write-ups (npm run bench:search's pasted errors).

export const NEAR_SYNONYMS: readonly (readonly [string, string])[] = [
  ["outage", "downtime"],
  ["downtime", "disruption"],
  ["overloaded", "overwhelmed"],
  ["overloaded", "swamped"],
  ["reboot", "restart"],
  ["hang", "freeze"],
  ["froze", "freeze"],
  ["frozen", "freeze"],
  ["unresponsive", "hang"],
  ["delete", "remove"],
  ["vendor", "provider"],
  ["supplier", "vendor"],
  ["url", "link"],
  ["urls", "links"],
  ["stale", "outdated"],
  ["rollback", "revert"],
  ["rollout", "deploy"],
  ["spike", "surge"],
  ["blacklist", "blocklist"],
  ["denylist", "blocklist"],
  ["whitelist", "allowlist"],
  ["kill", "terminate"],
  ["ram", "memory"],
  ["signin", "login"],
  ["registration", "signup"],
  ["typo", "mistype"],
  ["defect", "bug"],
  ["incorrect", "wrong"],
  ["accidentally", "inadvertently"],
  ["accidentally", "mistakenly"],
  ["accidentally", "unintentionally"],
  ["ssl", "tls"],
  ["mfa", "2fa"],
  ["unavailable", "outage"],
  ["latency", "lag"],
  ["flaky", "intermittent"],
  ["sporadic", "intermittent"],
  ["hacked", "compromised"],
  ["breached", "compromised"],
  ["secret", "credential"],
  ["failover", "switchover"],
  ["degraded", "slowdown"],
  ["register", "signup"],
  ["signout", "logout"],
  ["totp", "2fa"],
  ["garbled", "mojibake"],
  ["datastore", "database"],
  ["refused", "rejected"],
  ["denied", "rejected"],
];

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  for (const [term, synonym] of NEAR_SYNONYMS)
    await sql`insert into search_synonyms (term, synonym, created_at)
      values (${term}, ${synonym}, ${now}) on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [term, synonym] of NEAR_SYNONYMS)
    await sql`delete from search_synonyms where term = ${term} and synonym = ${synonym}`.execute(
      db,
    );
}
