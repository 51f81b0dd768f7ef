import type { DB } from "#db/client";
import { otherSpellings } from "./english-spellings";
import { englishWords } from "./english-words.server";
import {
  contractedVerb,
  endedVerbForms,
  joinedForms,
  runIntoForms,
  verbStemOf,
} from "./korean-verb-forms";
import { identifierCompletions } from "./search-identifiers.server";
import { keptPerVersion } from "./search-kept.server";
import { atomOf, groupAtom, kinOf } from "./search-query";
import { countUpTo } from "./search-rank.server";
import { identifierForms, numberedForms, stems } from "./search-vocabulary.server";

// The other forms a query word is met in (withForms): a verb's, an English word's the stemmer
// indexes apart, its other spelling, the identifiers and longer terms holding it. search-prepare
// builds each word's group with them.
//
// The index holds porter stems, and FTS5 stems a query's words again before matching them: a
// stem is not always its own stem ("taxinvoiceservic", of TaxInvoiceService, is read as
// "taxinvoiceserv"), so a term read from the index's own lists must be searched as a word the
// index stems to it (writtenForms).

/**
 * For each index term, a word the index stems to it: the term itself when it is its own stem,
 * else the term with the ending the stemmer took off ("taxinvoiceservic": taxinvoiceservice), else
 * the term (and the caller's search misses it, as before).
 */
export async function writtenForms(db: DB, terms: readonly string[]): Promise<string[]> {
  const latin = terms.filter((t) => /^[a-z]+$/.test(t));
  if (!latin.length) return [...terms];
  const endings = (t: string) => [
    t,
    `${t}e`,
    `${t}s`,
    ...(t.endsWith("i") ? [`${t.slice(0, -1)}y`] : []),
  ];
  const candidates = latin.flatMap(endings);
  const stemmed = await stems(db, candidates);
  const stemOf = new Map(candidates.map((c, i) => [c, stemmed[i] as string]));
  return terms.map((t) =>
    /^[a-z]+$/.test(t) ? (endings(t).find((c) => stemOf.get(c) === t) ?? t) : t,
  );
}

/**
 * A Latin word the index lacks that may begin a longer term the index holds: a class or function
 * name typed in part ("TaxInvoice": TaxInvoiceService, "PaymentRetry": PaymentRetryJob).
 */
const LONG_START = /^[a-z]{6,40}$/;
/** The longer terms such a word is met by, at most (the commonest)… */
const LONGER_FORMS = 4;
/** …kept per process (per version of the write-ups): a pasted trace asks for each on every search. */
const longerKept = keptPerVersion<string[]>(2_000);

/**
 * A query word's group (`atoms`: the word, its synonyms, completions) widened to the other forms
 * the index writes it in: a verb's noun form with its stem ("늘림" also finds 늘리고 and 늘렸다),
 * an English word's form the stemmer indexes apart ("deploy" also finds "deployment"; kinForms),
 * a unit typed alone with the numbers it follows ("Tbps" finds "1.35Tbps", indexed as 1 and
 * 35tbp), else the identifiers holding the word ("honor": do_not_honor), else the longer terms
 * it begins (LONG_START), these only where the index lacks the word (and anything it begins).
 * The group, its count, the forms added, which of them are the English word's (`kin`), and the
 * group's atoms (each index term once: onePerTerm).
 */
export async function withForms(
  db: DB,
  term: string,
  atoms: readonly string[],
  typing: boolean,
  typed?: string,
): Promise<{ group: string; count: number; forms: string[]; kin: string[]; atoms: string[] }> {
  const verb = typing ? null : verbStemOf(term);
  // (A Latin word being typed gets them too: it is a word once four letters long.)
  const kin = verb ? [] : [...(await kinForms(db, term)), ...(await spellingForms(db, term))];
  // A polite form typed (보여요, searched as its stem 보이) also finds 보임, 보여서 and 보였다.
  const contracted = typed ? contractedVerb(typed) : null;
  // A stem left by its ending (걸리나요 → 걸리) also finds 걸림, 걸려서 and 걸린.
  const ended = typed && !contracted && !verb ? endedVerbForms(typed, term) : null;
  const forms = contracted
    ? [...contracted.forms]
    : verb
      ? [verb, ...runIntoForms(verb), ...joinedForms(verb)]
      : (ended ?? [...kin]);
  // The group's atoms (each index term once) and its count, read again as forms are added.
  let kept: string[] = [];
  const regroup = async () => {
    kept = await onePerTerm(db, [...atoms, ...forms.map((f) => atomOf(f, false))]);
    return countUpTo(db, groupAtom(kept));
  };
  let count = await regroup();
  if (!count && /^[a-z]{2,12}$/.test(term)) {
    const spelt = otherSpellings(term).slice(0, 1);
    const [stem = term, ...more] = await stems(db, [term, ...spelt]);
    const numbered = await numberedForms(db, stem);
    const found = numbered.length
      ? numbered
      : await identifierForms(db, [term, stem, ...spelt, ...more]);
    forms.push(...found);
    if (found.length) count = await regroup();
  }
  if (!count && LONG_START.test(term)) {
    const longer = await longerKept(db, term, async () =>
      writtenForms(
        db,
        (await identifierCompletions(db, term, LONGER_FORMS)).filter((t) => t !== term),
      ),
    );
    forms.push(...longer);
    if (longer.length) count = await regroup();
  }
  return { group: groupAtom(kept), count, forms, kin, atoms: kept };
}

/** An atom naming one plain word, which FTS5 stems before matching it. */
const PLAIN_WORD = /^"([a-z0-9]+)"$/;

/**
 * A group's atoms with each index term asked for once: a synonym ("variable") and a completion
 * of the word being typed ("variabl", an index term) are the same term once FTS5 stems the
 * synonym, and bm25() scores each phrase of the expression, so a write-up holding it scored
 * twice. The first atom for a term stays; prefixes, phrases and Hangul are left as they are.
 */
export async function onePerTerm(db: DB, atoms: readonly string[]): Promise<string[]> {
  const words = atoms.map((a) => PLAIN_WORD.exec(a)?.[1] ?? null);
  const plain = words.filter((w): w is string => w !== null);
  if (plain.length < 2) return [...atoms];
  const stemmed = await stems(db, plain);
  const termOf = new Map(plain.map((w, i) => [w, stemmed[i] as string]));
  const seen = new Set<string>();
  return atoms.filter((_a, i) => {
    const word = words[i];
    if (word == null) return true;
    const term = termOf.get(word) ?? word;
    if (seen.has(term)) return false;
    seen.add(term);
    return true;
  });
}

/**
 * The word in its other English spelling ("neighbouring": "neighboring", "canceled":
 * "cancelled"; otherSpellings), where the dictionary knows it and a write-up holds it, and the
 * index does not already read it as the word.
 */
export async function spellingForms(db: DB, word: string): Promise<string[]> {
  const candidates = otherSpellings(word);
  if (!candidates.length) return [];
  const english = await englishWords();
  const words = candidates.filter((w) => english.has(w));
  if (!words.length) return [];
  const [own, ...theirs] = await stems(db, [word, ...words]);
  const forms: string[] = [];
  for (const [i, w] of words.entries())
    if (theirs[i] !== own && (await countUpTo(db, atomOf(w, false), 0)) > 0) forms.push(w);
  return forms;
}

/**
 * Words the index holds under another term than `word` although they are its forms
 * ("deployment" for "deployed", "failure" for "failed"; kinOf), each as a word that the index
 * stems to that term. Only for a Latin word typed whole.
 */
export async function kinForms(db: DB, word: string): Promise<string[]> {
  if (!/^[a-z]{4,30}$/.test(word)) return [];
  const [stem] = await stems(db, [word]);
  const english = await englishWords();
  const own = stem ?? word;
  const kin = kinOf(word, own, (w) => english.has(w));
  if (!kin.length) return [];
  const candidates = kin.flatMap((k) => k.words);
  const stemmed = await stems(db, candidates);
  const forms: string[] = [];
  for (const k of kin) {
    const written = candidates.find(
      (w, i) => k.words.includes(w) && stemmed[i] === (k.term ?? stemmed[i]) && stemmed[i] !== own,
    );
    if (written && (await countUpTo(db, atomOf(written, false), 0)) > 0) forms.push(written);
  }
  return forms;
}
