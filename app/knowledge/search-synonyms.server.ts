import type { DB } from "#db/client";
import { type Actor, can, refusal } from "~/auth/policies";
import { k } from "~/lib/i18n/messages";
import { atomOf, phraseAtom } from "./search-query";
import { MAX_SYNONYM_WORD_CHARS, MAX_SYNONYM_WORDS } from "./search-types";
import { stems } from "./search-vocabulary.server";

// Korean–English transliterations and synonyms (타임아웃 ↔ timeout): a query word also finds
// write-ups holding its partner. Seeded by migration 0008; leads keep the list. Either side may
// be a short phrase (oom ↔ "out of memory", regex ↔ "regular expression"): a word typed finds
// the phrase written, and the phrase typed finds the word (phrasesTyped).

const CACHE_MS = 30_000;
const cache = new WeakMap<DB, { at: number; map: Map<string, string[]> }>();

/** A word's partners at most, its own pairs first: each is one more alternative to look up. */
const MAX_PARTNERS = 8;

/**
 * Every word's partners, both ways, lowercased; words that share a partner are partners too
 * (오류 and 에러 both stand for "error", 컬럼 and 칼럼 for "column", "db" and 데이터베이스 for
 * "database"), so a spelling or a Korean word meets the other one.
 */
export async function synonymsOf(db: DB): Promise<Map<string, string[]>> {
  const cached = cache.get(db);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.map;
  const rows = await db.selectFrom("search_synonyms").select(["term", "synonym"]).execute();
  const map = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = map.get(a);
    if (list) {
      if (!list.includes(b)) list.push(b);
    } else map.set(a, [b]);
  };
  for (const { term, synonym } of rows) {
    add(term, synonym);
    add(synonym, term);
  }
  const shared = new Map<string, string[]>();
  for (const [word, partners] of map) {
    const all = [...partners];
    for (const partner of partners)
      for (const other of map.get(partner) ?? [])
        if (other !== word && !all.includes(other)) all.push(other);
    shared.set(word, all.slice(0, MAX_PARTNERS));
  }
  cache.set(db, { at: Date.now(), map: shared });
  return shared;
}

/** An English word of four letters or more: its other forms share its partners. */
const ENGLISH_WORD = /^[a-z]{4,40}$/;

/** Each table's English words' partners by index term (porter stem), made once per table read. */
const byTerm = new WeakMap<Map<string, string[]>, Promise<Map<string, string[]>>>();

async function partnersByTerm(
  db: DB,
  synonyms: Map<string, string[]>,
): Promise<Map<string, string[]>> {
  const words = [...synonyms.keys()].filter((w) => ENGLISH_WORD.test(w));
  const terms = await stems(db, words);
  const map = new Map<string, string[]>();
  for (const [i, word] of words.entries()) {
    const term = terms[i] as string;
    const list = map.get(term) ?? [];
    for (const partner of synonyms.get(word) ?? [])
      if (!list.includes(partner) && list.length < MAX_PARTNERS) list.push(partner);
    map.set(term, list);
  }
  return map;
}

/**
 * A query word's partners: the table's own for the word as typed, else those of any English
 * word of the table in another form of it ("rebooted" meets a lead's "reboot" ↔ "restart", and
 * so "restarted"). Short words are looked up only as typed: "mars" is no form of "mar" (March).
 */
export async function partnersOf(
  db: DB,
  synonyms: Map<string, string[]>,
  word: string,
): Promise<string[]> {
  const own = synonyms.get(word);
  if (own || !ENGLISH_WORD.test(word)) return own ?? [];
  let terms = byTerm.get(synonyms);
  if (!terms) {
    terms = partnersByTerm(db, synonyms);
    byTerm.set(synonyms, terms);
    // A failed read is not kept: the next search reads again.
    terms.catch(() => byTerm.delete(synonyms));
  }
  const [term] = await stems(db, [word]);
  return (await terms).get(term as string)?.filter((p) => p !== word) ?? [];
}

/** The FTS5 expression for a partner: a phrase's words side by side, else the word. */
export const partnerAtom = (partner: string) =>
  partner.includes(" ") ? phraseAtom(partner.split(" ")) : atomOf(partner, false);

/** A phrase of the table typed: its words, as the query read them, and its partners. */
export interface PhraseTyped {
  words: readonly string[];
  partners: readonly string[];
}

/**
 * The table's phrases among words typed in a row (`rows`: ParsedQuery's snake and runs), each
 * once: "regular expression" typed finds "regex" as well. A last word in the plural is read
 * as its singular too ("regular expressions"). At most MAX_PHRASES_TYPED.
 */
export function phrasesTyped(
  synonyms: Map<string, string[]>,
  rows: readonly (readonly string[])[],
): PhraseTyped[] {
  const found = new Map<string, PhraseTyped>();
  for (const words of rows) {
    if (words.length < 2 || found.size >= MAX_PHRASES_TYPED) continue;
    const key = words.join(" ");
    const singular = key.replace(/(?<=[a-z]{3})(?:es|s)$/, "");
    const at = [key, singular, `${singular}e`].find((p) => synonyms.has(p));
    if (at && !found.has(at)) found.set(at, { words, partners: synonyms.get(at) ?? [] });
  }
  return [...found.values()];
}
/** Phrases of the table read in one query, at most. */
const MAX_PHRASES_TYPED = 4;

export interface SynonymPair {
  id: number;
  term: string;
  synonym: string;
}

/**
 * Every pair by its word, then its synonym: the same order every time, so a page of the list
 * (kb.synonyms) never shows a pair twice or misses one when a word has several synonyms.
 */
export function listSynonyms(db: DB): Promise<SynonymPair[]> {
  return db
    .selectFrom("search_synonyms")
    .select(["id", "term", "synonym"])
    .orderBy("term")
    .orderBy("synonym")
    .orderBy("id")
    .execute();
}

/** A word, or a phrase of up to four words, as a query reads them (letters, digits, _). */
const ENTRY = new RegExp(
  `^[\\p{L}\\p{N}_]{1,${MAX_SYNONYM_WORD_CHARS}}(?: [\\p{L}\\p{N}_]{1,${MAX_SYNONYM_WORD_CHARS}}){0,${MAX_SYNONYM_WORDS - 1}}$`,
  "u",
);

/** An entry as kept: composed (NFC), lower-cased, words apart by one space ("sign-on": sign on). */
const entryOf = (text: string) =>
  text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\s\-‐–]+/gu, " ")
    .trim();

/**
 * Adds a pair (leads only). Each is a word, or a phrase of up to four words, as a query reads
 * them, composed (NFC) as the write-ups are; a pair already there, either way round, is said to
 * be.
 */
export async function addSynonym(
  db: DB,
  actor: Actor,
  input: { term: string; synonym: string },
): Promise<
  | { ok: true; term: string; synonym: string }
  | { ok: false; error: string; field?: "term" | "synonym" }
> {
  if (!can(actor, "manageSearchSynonyms"))
    return { ok: false, error: refusal(actor, "manageSearchSynonyms") };
  const term = entryOf(input.term);
  const synonym = entryOf(input.synonym);
  // Said at the word that is wrong (the second, when both are the same word).
  if (!ENTRY.test(term))
    return { ok: false, error: k("knowledge.synonyms.invalid"), field: "term" };
  if (!ENTRY.test(synonym) || term === synonym)
    return { ok: false, error: k("knowledge.synonyms.invalid"), field: "synonym" };
  const existing = await db
    .selectFrom("search_synonyms")
    .select("id")
    .where((eb) =>
      eb.or([
        eb.and([eb("term", "=", term), eb("synonym", "=", synonym)]),
        eb.and([eb("term", "=", synonym), eb("synonym", "=", term)]),
      ]),
    )
    .executeTakeFirst();
  if (existing) return { ok: false, error: k("knowledge.synonyms.exists", { term, synonym }) };
  await db
    .insertInto("search_synonyms")
    .values({ term, synonym, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  cache.delete(db);
  return { ok: true, term, synonym };
}

/** Removes a pair (leads only): the pair removed, or null when it was already gone. */
export async function removeSynonym(
  db: DB,
  actor: Actor,
  id: number,
): Promise<
  { ok: true; removed: { term: string; synonym: string } | null } | { ok: false; error: string }
> {
  if (!can(actor, "manageSearchSynonyms"))
    return { ok: false, error: refusal(actor, "manageSearchSynonyms") };
  const removed = await db
    .deleteFrom("search_synonyms")
    .where("id", "=", id)
    .returning(["term", "synonym"])
    .executeTakeFirst();
  cache.delete(db);
  return { ok: true, removed: removed ?? null };
}
