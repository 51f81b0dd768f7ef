import type { DB } from "#db/client";
import { PLAIN_WORDS } from "./plain-words";
import {
  bothParts,
  looseCompound,
  namesHolding,
  phraseJoined,
  snakeForms,
} from "./search-compounds.server";
import { kinForms, spellingForms, withForms } from "./search-forms.server";
import type { HitWords } from "./search-hits";
import {
  atomOf,
  FUNCTION_WORDS,
  GRAMMAR_WORDS,
  groupAtom,
  HANGUL,
  HANGUL_ONLY,
  MAX_TERMS,
  type ParsedQuery,
  parseQuery,
  phraseAtom,
  quote,
  termOf,
} from "./search-query";
import { countUpTo, type Partners } from "./search-rank.server";
import {
  isNameAndVersion,
  joinedForm,
  longerAfter,
  readsWritten,
  spacedForm,
  typedCompletions,
  writtenApart,
} from "./search-readings.server";
import { type Chain, type PairAt, runChains, runMatches } from "./search-runs";
import { partnerAtom, partnersOf, phrasesTyped, synonymsOf } from "./search-synonyms.server";
import {
  NOTHING_UNFINISHED,
  type UnfinishedReading,
  unfinishedWords,
} from "./search-unfinished.server";
import { dictionaryLoaded, isEnglishWord, writesPair } from "./search-vocabulary.server";

// How a parsed query becomes what search.server.ts ranks: groups of index terms (each word with
// its synonyms and forms, the word being typed with its completions), their counts, the pairs
// typed side by side, and the words no write-up holds.

/** A long query's words from its focus (a ticket's title) are kept as if this many times rarer. */
const FOCUS_WEIGHT = 8;

export interface Pass {
  /** Each group: one FTS5 expression (a word with its alternatives, or a phrase). */
  groups: string[];
  /** Matches per group, counted no further than EXHAUSTIVE + 1. */
  counts: number[];
  excluded: string[];
  /** Each group's words as the text shows them, for telling which groups a write-up holds. */
  held: HitWords[];
  /** Pairs of words typed side by side, as FTS5 phrases (ParsedQuery.runs). */
  runs?: string[];
  /** Three words typed in a row, each holding two of `runs` (runChains). */
  chains?: Chain[];
  /** Each whole word with synonyms or a two-word form: its atom and theirs (capped by excessOf). */
  partners?: Partners[];
  /**
   * Groups a write-up holding every group above may lack (the query's commonest words): where
   * the kept lists rank, only write-ups missing one of them are ranked (those holding them all
   * come from the pass asking for every group).
   */
  lacking?: { groups: string[]; counts: number[] };
}

export interface Prepared {
  pass: Pass;
  words: HitWords;
  shown: string[];
  pairsAt: PairAt[];
  /**
   * The identifiers the words typed in a row name (do_not_honor), and the partners of a phrase
   * of the synonym table typed, as FTS5 atoms: runs too.
   */
  identifiers: string[];
  /** Words not in the index at all, by position in `shown`. */
  unknown: number[];
  parsed: ParsedQuery;
}

/**
 * A group's words as HitWords: Latin and Hangul apart, the word being typed as a prefix, and the
 * forms the group meets written apart ("http 3" for "http3": "HTTP/3").
 */
export const heldWords = (
  words: readonly string[],
  typing: boolean,
  phrases: readonly (readonly string[])[] = [],
): HitWords => ({
  latin: words.filter((w) => !HANGUL.test(w)),
  prefix: typing ? (words[0] ?? null) : null,
  hangul: words.filter((w) => HANGUL.test(w)),
  ...(phrases.length ? { phrases } : {}),
});

/**
 * Reads a query into groups: each word with its synonyms; of long pastes, the words of `focus`
 * and then the rarest, MAX_TERMS in all.
 */
export async function prepare(db: DB, parsed: ParsedQuery, focus?: string): Promise<Prepared> {
  const synonyms = await synonymsOf(db);
  const last = parsed.terms.length - 1;
  // Two whole words side by side that the write-ups write as one (joinedForm): joins[k] joins
  // words k and k + 1. The last word counts as whole once it is a word of the index of four
  // letters or more, as below.
  const typed = parsed.terms.map((key) => termOf(key, parsed.whole?.[key], synonyms));
  const lastTyped = typed[last] ?? "";
  const lastWhole =
    !parsed.prefixLast ||
    (lastTyped.length >= 4 && (await countUpTo(db, atomOf(lastTyped, false), 0)) > 0);
  // Written, not a long paste: each word is also read in the other forms people write it in.
  const writtenQuery = readsWritten(parsed.terms);
  const joins = writtenQuery
    ? await Promise.all(
        typed
          .slice(0, -1)
          .map((word, k) =>
            k + 1 === last && !lastWhole ? null : joinedForm(db, word, typed[k + 1] as string),
          ),
      )
    : [];
  // Words typed in a row that name an identifier the index holds ("do not honor":
  // do_not_honor): each of them is met by it as well.
  const snakes = writtenQuery ? await snakeForms(db, parsed.snake ?? []) : [];
  // Words typed in a row that the synonym table holds as a phrase ("regular expression"): each
  // of them is met by the phrase's partners ("regex") as well.
  const typedPhrases = writtenQuery
    ? phrasesTyped(synonyms, [...(parsed.snake ?? []), ...(parsed.runs ?? [])])
    : [];
  const entries = await Promise.all(
    parsed.terms.map(async (key, i) => {
      const term = typed[i] as string;
      const typing =
        parsed.prefixLast &&
        i === last &&
        term.length >= 2 &&
        /^\p{L}/u.test(term) &&
        !HANGUL.test(term);
      const own = atomOf(term, false);
      // A word being typed meets the partners of its other forms only once it is an English
      // word itself ("rebooted"), not the start of one ("kubernete").
      const partners =
        typing && !(await isEnglishWord(term))
          ? (synonyms.get(term) ?? [])
          : await partnersOf(db, synonyms, term);
      // An English partner held whole is met written as two words too, as the word typed would
      // be (타임아웃: "timeout", and "times out"). One no write-up holds whole is met in the forms
      // the stemmer indexes apart (디플로이먼트: "deployment", written "deployed") or written apart
      // (로그아웃: "logout", written "log out" and "logged out").
      // (The words of each form written apart, for telling which write-ups hold it: heldWords.)
      const phrases: string[][] = [];
      const alternatives = (
        await Promise.all(
          partners.map(async (p) => {
            // A phrase ("out of memory" for "oom") is met as its words side by side.
            if (p.includes(" ")) {
              phrases.push(p.split(" "));
              return [partnerAtom(p)];
            }
            const atom = atomOf(p, false);
            if (HANGUL.test(p)) return [atom];
            if (await countUpTo(db, atom, 0)) {
              const spaced = writtenQuery ? await spacedForm(db, p) : null;
              if (spaced) phrases.push(spaced);
              return spaced ? [atom, phraseAtom(spaced)] : [atom];
            }
            const forms = [...(await kinForms(db, p)), ...(await spellingForms(db, p))];
            const apart = await writtenApart(db, p);
            if (apart) phrases.push(apart);
            return [
              atom,
              ...forms.map((f) => atomOf(f, false)),
              ...(apart ? [phraseAtom(apart)] : []),
            ];
          }),
        )
      ).flat();
      let atoms = [own, ...alternatives];
      let whole = !typing;
      // A Hangul word caught halfway through its last syllable (엘 on the way to 에러, 결ㅈ to
      // 결제) that no write-up holds: the words it may become, with their partners. Not a word
      // read as finished (보여요 as the verb 보이), nor one the synonym table knows (세션, met
      // through "session"; 푸시를 as 푸시 and its particle). A last syllable read as a particle
      // the rest of which no write-up holds is the word still being typed (인보이 on the way to
      // 인보이스, not 인보 and 이).
      const withParticle = parsed.whole?.[key];
      const oneMoreSyllable =
        withParticle?.startsWith(term) === true &&
        [...withParticle].length === [...term].length + 1;
      const asTyped =
        term === key && !synonyms.has(term) && (withParticle === undefined || oneMoreSyllable);
      const unfinished =
        parsed.prefixLast &&
        i === last &&
        asTyped &&
        HANGUL_ONLY.test(term) &&
        !(await countUpTo(db, own, 0))
          ? await firstUnfinished(db, [withParticle, term], synonyms)
          : NOTHING_UNFINISHED;
      if (unfinished.atoms.length) atoms = [...unfinished.atoms, ...alternatives];
      if (typing) {
        // A word being typed: as typed if it is a whole word of the index already (four letters
        // or more), else its most common completions (one group, scored as one word).
        const exact = await countUpTo(db, own, 0);
        whole = exact > 0 && term.length >= 4;
        if (!whole) {
          const more = (await typedCompletions(db, term, parsed.terms[i - 1])).map((c) => quote(c));
          atoms = [...(exact ? [own] : []), ...more.filter((m) => m !== own), ...alternatives];
          if (!atoms.length) atoms = [own];
        } else {
          // A whole word may still begin the word meant ("semaphore dead" → deadlock): its
          // completions that stand after the word before it more often than it does join it.
          const longer = await longerAfter(db, parsed.terms[i - 1], term);
          atoms = [...atoms, ...longer.map((c) => quote(c))];
        }
      }
      // A whole word of a query read as written (not a long paste) is met written as two words
      // too ("datacenter": "Data Center", "healthcheck": "health check"); so is a name and its
      // version still being typed ("http3": "HTTP/3"), which no completion finds when no
      // write-up writes it whole. A word no write-up holds whole but the synonym table knows
      // (healthcheck: 헬스체크) is found through its partners, never read as two words run
      // together by the corrections: it is met written apart here.
      const spaced =
        (whole || isNameAndVersion(term)) && writtenQuery
          ? ((await spacedForm(db, term)) ??
            (partners.length ? await writtenApart(db, term) : null))
          : null;
      const spacedAtom = spaced ? phraseAtom(spaced) : null;
      if (spacedAtom) atoms.push(spacedAtom);
      if (spaced) phrases.push(spaced);
      // Two words typed apart that the write-ups write as one ("wrap around": "wraparound"),
      // or words naming an identifier (do_not_honor): each is met by the joined word as well;
      // so is an acronym, or a word that is no English word, by the camel-case names holding it
      // ("oom": OOMKilled, "hikari": HikariPool).
      const joined = [
        ...new Set([
          ...[joins[i - 1], joins[i]].filter((w): w is string => Boolean(w)),
          ...snakes.filter((s) => s.words.includes(key)).map((s) => s.joined),
          ...(whole && writtenQuery ? await namesHolding(db, term) : []),
        ]),
      ];
      for (const word of joined) atoms.push(atomOf(word, false));
      // The partners of a phrase of the table this word is typed in ("regex" for "regular").
      const named = [
        ...new Set(typedPhrases.filter((t) => t.words.includes(key)).flatMap((t) => t.partners)),
      ].filter((p) => p !== term);
      for (const p of named) if (p.includes(" ")) phrases.push(p.split(" "));
      const namedAtoms = named.map(partnerAtom);
      atoms.push(...namedAtoms);
      // A Hangul compound written together in a few write-ups, its parts apart in many more, is
      // met with its parts anywhere too (looseCompound). Both parts weigh as their own rarity:
      // together they are commoner than the compound, never over-credited.
      const loose =
        whole && writtenQuery && HANGUL.test(term)
          ? await looseCompound(db, term, await countUpTo(db, own))
          : null;
      if (loose) atoms.push(bothParts(loose));
      const grouped = await withForms(db, term, atoms, typing, parsed.whole?.[key]);
      const { group, count, forms, kin } = grouped;
      // Synonyms, the two-word form and the stemmer's other term for the word weigh as the word
      // typed, never more (those the group asks for: one the stemmer reads as another is not).
      const inGroup = new Set(grouped.atoms);
      const weighed = [
        ...alternatives,
        ...(spacedAtom ? [spacedAtom] : []),
        ...joined.map((w) => atomOf(w, false)),
        ...namedAtoms,
        ...kin.map((w) => atomOf(w, false)),
      ].filter((a) => inGroup.has(a));
      // A two-syllable Hangul word met only across a space is in no write-up: found nowhere, and
      // no typo either (와요 of "안 와요" matched "소유자와 요청자" and put that write-up first).
      // (A verb's stem found in its other forms, 걸리 of 걸리나요 as 걸림, is found.)
      const acrossOnly =
        count > 0 &&
        !weighed.length &&
        !forms.length &&
        !unfinished.words.length &&
        HANGUL_ONLY.test(term) &&
        [...term].length === 2 &&
        (await onlyAcrossSpace(db, term));
      return {
        key,
        term,
        typing,
        group,
        // A Latin phrase is held as its words side by side (`phrases`), never as one word; a
        // Hangul one as its words with the spaces taken out, as a Hangul word is (groupsHeld).
        alternatives: [
          ...partners,
          ...unfinished.words,
          ...forms,
          ...(loose ?? []),
          ...joined,
          ...named,
        ].flatMap(heldAs),
        phrases,
        // The synonym table's Latin phrases met: marked in the snippets, where they stand.
        shownPhrases: [...partners, ...named]
          .filter((a) => a.includes(" ") && !HANGUL.test(a))
          .map((a) => a.split(" ")),
        count: acrossOnly ? 0 : count,
        acrossOnly,
        partners: whole && weighed.length ? { group, own, alternatives: weighed } : null,
      };
    }),
  );
  let chosen = entries;
  if (entries.length > MAX_TERMS) {
    // Long pastes: the rarest words that are in the index say the most about which write-up this is.
    // A word of the focus (a ticket's title) counts as FOCUS_WEIGHT times rarer: in a small
    // knowledge base, a description's rarest words are as often its plainest ("went",
    // "morning") as its subject ("database", "ids").
    const focused = new Set(focus ? parseQuery(focus).terms : []);
    // Words that only hold a sentence together ("are", "from") come after every other word,
    // plain words that say how or when ("worse", "under") after those saying what.
    const rank = (e: { key: string; count: number }) =>
      e.count === 0
        ? Number.POSITIVE_INFINITY
        : FUNCTION_WORDS.has(e.key)
          ? Number.MAX_SAFE_INTEGER
          : PLAIN_WORDS.has(e.key)
            ? Number.MAX_SAFE_INTEGER / 2 + e.count
            : focused.has(e.key)
              ? e.count / FOCUS_WEIGHT
              : e.count;
    const keep = new Set([...entries].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_TERMS));
    chosen = entries.filter((e) => keep.has(e));
  }
  // A quoted phrase naming an identifier the index holds ("do not honor": do_not_honor,
  // "currency code": currencyCode) is met by it as well.
  const phraseJoins = await Promise.all(
    parsed.phrases.map((p) => (writtenQuery ? phraseJoined(db, p) : null)),
  );
  const phraseGroups = parsed.phrases.map((p, i) => {
    const joined = phraseJoins[i];
    return joined ? groupAtom([phraseAtom(p), atomOf(joined, false)]) : phraseAtom(p);
  });
  const phraseCounts = await Promise.all(
    parsed.phrases.map(async (p, i) => {
      if (phraseJoins[i]) return countUpTo(db, phraseGroups[i] as string);
      // A phrase can't be in more write-ups than its rarest word: counting the words is cheap.
      const counts = await Promise.all(p.map((w) => countUpTo(db, atomOf(w, false))));
      return Math.min(...counts);
    }),
  );
  // A write-up holding the identifier holds its words side by side: it scores as for a pair; so
  // does one holding the partner of a phrase typed ("regex" for "regular expression").
  const identifiers = [
    ...snakes.map((s) => atomOf(s.joined, false)),
    ...typedPhrases.flatMap((t) => t.partners.map(partnerAtom)),
  ];
  const latin = chosen.filter((e) => !HANGUL.test(e.term)).map((e) => e.term);
  const hangul = chosen.filter((e) => HANGUL.test(e.term)).map((e) => e.term);
  const alternatives = chosen.flatMap((e) => e.alternatives);
  const typing = chosen.find((e) => e.typing)?.term ?? null;
  const phraseWords = parsed.phrases.flat();
  const shownPhrases = uniquePhrases(chosen.flatMap((e) => e.shownPhrases));
  const shown = chosen.map((e) => e.term);
  // Pairs of words the long-text choice left out are not searched either.
  const pairsAt = (parsed.runs ?? []).flatMap((r) => {
    const first = chosen.findIndex((e) => e.key === r[0]);
    const last = chosen.findIndex((e) => e.key === r.at(-1));
    return first >= 0 && last >= 0 ? [{ first, last, gap: r.length - 2 }] : [];
  });
  return {
    pass: {
      groups: [...chosen.map((e) => e.group), ...phraseGroups],
      counts: [...chosen.map((e) => e.count), ...phraseCounts],
      excluded: parsed.excluded,
      held: [
        ...chosen.map((e) => heldWords([e.term, ...e.alternatives], e.typing, e.phrases)),
        ...parsed.phrases.map((p, i) => heldWords([...p, ...(phraseJoins[i] ?? [])], false)),
      ],
      runs: [...runMatches(pairsAt, shown), ...identifiers],
      chains: runChains(pairsAt, shown),
      partners: chosen.flatMap((e) => e.partners ?? []),
    },
    words: {
      latin: [
        ...new Set([
          ...latin,
          ...alternatives.filter((a) => !HANGUL.test(a)),
          ...phraseWords.filter((w) => !HANGUL.test(w)),
        ]),
      ],
      prefix: typing,
      hangul: [
        ...new Set([
          ...hangul,
          ...alternatives.filter((a) => HANGUL.test(a)),
          ...phraseWords.filter((w) => HANGUL.test(w)),
        ]),
      ],
      ...(parsed.marked ? { marked: parsed.marked } : {}),
      ...(shownPhrases.length ? { phrases: shownPhrases } : {}),
    },
    shown,
    pairsAt,
    identifiers,
    // (A grammar word the index lacks is left as it is: never read as a typo of another word.)
    unknown: chosen.flatMap((e, i) =>
      e.count === 0 && !e.acrossOnly && !GRAMMAR_WORDS.has(e.term) ? [i] : [],
    ),
    parsed,
  };
}

/**
 * An alternative as a group's held words read it: a Hangul phrase without its spaces, a Latin
 * phrase not at all (it is held as its words side by side, `phrases`).
 */
function heldAs(alternative: string): string[] {
  if (!alternative.includes(" ")) return [alternative];
  const joined = alternative.replaceAll(" ", "");
  return HANGUL_ONLY.test(joined) ? [joined] : [];
}

/** Phrases (each its words), each once. */
function uniquePhrases(phrases: readonly (readonly string[])[]): (readonly string[])[] {
  const seen = new Map<string, readonly string[]>();
  for (const p of phrases) if (!seen.has(p.join(" "))) seen.set(p.join(" "), p);
  return [...seen.values()];
}

/** The text columns, where Hangul is read word by word (not the Korean columns' pairs). */
const WORD_COLUMNS = "{title symptom root_cause fix debugging tags_text}";

/**
 * Whether a two-syllable Hangul query word is in the index only as two syllables the Korean
 * columns pair across a space, the end of one word and the start of the next (와요 of "소유자와
 * 요청자를"): in no write-up as a word, nor as two one-syllable words typed together (세번 for "세
 * 번", 안옴 for "안 옴", which the pairs are there to meet). False until the dictionary has loaded
 * once: a word is not left out for want of it.
 */
async function onlyAcrossSpace(db: DB, pair: string): Promise<boolean> {
  if (!dictionaryLoaded(db) || (await writesPair(db, pair))) return false;
  const [a, b] = [...pair];
  return (await countUpTo(db, `${WORD_COLUMNS}: ${quote(`${a} ${b}`)}`, 0)) === 0;
}

/** The words the first of `typed` that may still become a word may become (see unfinishedWords). */
async function firstUnfinished(
  db: DB,
  typed: readonly (string | undefined)[],
  synonyms: Map<string, string[]>,
): Promise<UnfinishedReading> {
  for (const word of typed) {
    if (!word || !HANGUL_ONLY.test(word)) continue;
    const reading = await unfinishedWords(db, word, synonyms);
    if (reading.atoms.length) return reading;
  }
  return NOTHING_UNFINISHED;
}
