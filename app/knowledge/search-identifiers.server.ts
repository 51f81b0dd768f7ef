import { sql } from "kysely";
import type { DB } from "#db/client";

// Completing an identifier typed in part, for search-vocabulary's completions and for the
// longer terms a word the index lacks begins (search-forms.server.ts: "taxinvoice").

/** Identifiers read for the completions of one typed in part, at most (the first in order). */
const IDENTIFIER_SCAN = 200;

/**
 * The completions of an identifier typed in part ("ERR_EXP": err_export_timeout; "tx_9f2"), the
 * commonest first, at most `limit`. The dictionary leaves out terms with digits or underscores
 * (they are no words to correct a typo to) and terms longer than a word (a camel-case name of 27
 * letters); the index's own term list has them, read in order
 * from the prefix, IDENTIFIER_SCAN terms at most ("err_" begins 600 error codes of the
 * 100,000-write-up dataset: 200 are read).
 */
export async function identifierCompletions(
  db: DB,
  prefix: string,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ term: string; doc: number }>`select term, doc from writeups_vocab
    where term >= ${prefix} and term < ${`${prefix}\u{10FFFF}`} limit ${IDENTIFIER_SCAN}`.execute(
    db,
  );
  return rows
    .sort((a, b) => b.doc - a.doc || (a.term < b.term ? -1 : 1))
    .slice(0, limit)
    .map((r) => r.term);
}
