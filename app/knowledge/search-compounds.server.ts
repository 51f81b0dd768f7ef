import type { DB } from "#db/client";
import { otherSpellings } from "./english-spellings";
import { keptPerVersion } from "./search-kept.server";
import {
  atomOf,
  FUNCTION_WORDS,
  groupAtom,
  HANGUL_ONLY,
  joinMatch,
  MAX_TOKEN,
  stripParticle,
} from "./search-query";
import { countUpTo, EXHAUSTIVE } from "./search-rank.server";
import { SNAKE_WORDS } from "./search-snake";
import { partnerAtom, synonymsOf } from "./search-synonyms.server";
import { identifierForms, isEnglishWord, stems, writesPair } from "./search-vocabulary.server";

// Hangul compounds: a word of two words written together (주문날짜, 결제버튼), as Korean writes
// them with or without the space. search-readings.server.ts reads an unknown compound through
// hangulSplitFound; search-prepare.server.ts meets a rare compound's parts apart (looseCompound).

/** A reading of an unknown query word that some write-up holds: its words, group and count. */
export interface Reading {
  words: string[];
  group: string;
  count: number;
  /** The words' partners in the synonym table that the group meets too ("payment" for 결제). */
  partners?: string[];
}

/** Syllables a part of a Hangul compound has at least. */
const HANGUL_PART = 2;
/** Syllables of the longest Hangul word read as a compound (each cut costs two counts). */
export const HANGUL_COMPOUND = 8;

/** A word or its partners in the synonym table, as one expression (결제 or "payment"). */
export const withPartners = (word: string, synonyms: Map<string, string[]>) =>
  groupAtom([atomOf(word, false), ...(synonyms.get(word) ?? []).map(partnerAtom)]);

/**
 * An unknown Hangul compound (주문날짜) as its two or three parts, all held by one write-up,
 * anywhere: Korean puts words between a compound's parts ("주문 내역의 날짜"), so they need not
 * stand side by side. The first of hangulCuts one write-up holds.
 */
export async function hangulSplitFound(db: DB, word: string): Promise<Reading | null> {
  for (const { words } of (await hangulCuts(db, word)).slice(0, CUTS_TRIED)) {
    const group = bothParts(words);
    const count = await countUpTo(db, group, EXHAUSTIVE, true);
    if (count) return { words, group, count };
  }
  return (await partnersSplitFound(db, word)) ?? hangulHeadFound(db, word);
}

/**
 * An unknown Hangul compound (결제버튼) as two parts that one write-up holds with their partners
 * in the synonym table: 결제 or "payment", and 버튼 or "button", as the query "결제 버튼" reads
 * them. The cut that finds the most write-ups, parts of two syllables or more.
 */
async function partnersSplitFound(db: DB, word: string): Promise<Reading | null> {
  const syllables = [...word];
  if (syllables.length > HANGUL_COMPOUND) return null;
  const synonyms = await synonymsOf(db);
  const partnersOf = (part: string) => synonyms.get(part) ?? [];
  const partOf = (part: string) => withPartners(part, synonyms);
  let best: Reading | null = null;
  for (let at = HANGUL_PART; at <= syllables.length - HANGUL_PART; at++) {
    const words = [syllables.slice(0, at).join(""), syllables.slice(at).join("")];
    // Only a cut whose parts have partners reads differently from bestHangulCut's.
    if (!words.some((w) => synonyms.has(w))) continue;
    const group = joinMatch(words.map(partOf), [], "all") as string;
    const count = await countUpTo(db, group, EXHAUSTIVE, true);
    if (count > (best?.count ?? 0))
      best = { words, group, count, partners: words.flatMap(partnersOf) };
  }
  return best;
}

/**
 * An unknown Hangul compound whose last syllable is a noun of its own (결제창: 결제 and 창, the
 * window; 검색창, 입력칸, 설정값) as its head, the word the write-ups hold, or its partners in the
 * synonym table (로그인창: 로그인, login): one syllable alone would match every word starting
 * with it. A head of two syllables must be written as a word, not only across a space (가 아니라
 * holds 가아), or be in the table.
 */
async function hangulHeadFound(db: DB, word: string): Promise<Reading | null> {
  const syllables = [...word];
  if (syllables.length <= HANGUL_PART || syllables.length > HANGUL_COMPOUND) return null;
  const head = syllables.slice(0, -1).join("");
  const synonyms = await synonymsOf(db);
  if (syllables.length - 1 === HANGUL_PART && !synonyms.has(head) && !(await writesPair(db, head)))
    return null;
  const group = withPartners(head, synonyms);
  const count = await countUpTo(db, group, EXHAUSTIVE, true);
  return count ? { words: [head], group, count } : null;
}

/** A compound's parts as one expression: every part, anywhere in a write-up. */
export const bothParts = (words: readonly string[]) =>
  joinMatch(
    words.map((w) => atomOf(w, false)),
    [],
    "all",
  ) as string;

/** How many of a compound's cuts that write-ups hold are tried for parts one write-up holds. */
const CUTS_TRIED = 4;

const sum = (numbers: readonly number[]) => numbers.reduce((a, b) => a + b, 0);

/**
 * A Hangul compound's cuts into two parts, or three (푸시발송실패: 푸시, 발송, 실패), of HANGUL_PART
 * syllables or more each, that write-ups hold: first those whose parts' syllables stand together
 * inside words (pairs are indexed across spaces too, so a part may be two words' edges: 톡발송 of
 * "알림톡 발송", 서만료 of "인증서 만료"), then those whose rarer part is commonest, then those
 * whose parts are commoner together.
 */
async function hangulCuts(db: DB, word: string): Promise<{ words: string[]; docs: number }[]> {
  if ([...word].length > HANGUL_COMPOUND) return [];
  const { inTwo, inThree } = cutsOf(word);
  const two = await rankedCuts(db, inTwo);
  // Cut in three only when no cut in two is of words (푸시발송실패).
  if (two[0]?.asWords) return two;
  return inThree.length ? rankedCuts(db, [...inTwo, ...inThree]) : two;
}

/** A word's cuts into two and into three parts of HANGUL_PART syllables or more, in order. */
function cutsOf(word: string): { inTwo: string[][]; inThree: string[][] } {
  const syllables = [...word];
  const part = (from: number, to?: number) => syllables.slice(from, to).join("");
  const inTwo: string[][] = [];
  for (let at = HANGUL_PART; at <= syllables.length - HANGUL_PART; at++)
    inTwo.push([part(0, at), part(at)]);
  const inThree: string[][] = [];
  for (let at = HANGUL_PART; at <= syllables.length - 2 * HANGUL_PART; at++)
    for (let next = at + HANGUL_PART; next <= syllables.length - HANGUL_PART; next++)
      inThree.push([part(0, at), part(at, next), part(next)]);
  return { inTwo, inThree };
}

/**
 * An unknown Hangul compound as words typed apart though no write-up holds them all (세션만료
 * where one write-up says "session" and another "expired"), when each part is a word, as typed or
 * without its particle or ending (세션이만료돼요 as 세션 만료): one the synonym table knows, or one
 * write-ups hold written inside words. The first such cut in two, else in three; null when there
 * is none, or when the table knows the word itself.
 */
export async function hangulWordsApart(db: DB, word: string): Promise<string[] | null> {
  if (!HANGUL_ONLY.test(word) || [...word].length > HANGUL_COMPOUND) return null;
  const synonyms = await synonymsOf(db);
  // A word the table knows is a word, never two (로그아웃 is not "로그 아웃").
  if (synonyms.has(word)) return null;
  const isWord = async (part: string) =>
    synonyms.has(part) ||
    ((await writtenInWords(db, part)) && (await countUpTo(db, atomOf(part, false), 0)) > 0);
  const { inTwo, inThree } = cutsOf(word);
  for (const cut of [...inTwo, ...inThree]) {
    // A sentence typed without spaces keeps its particles and endings inside (세션이만료돼요:
    // 세션이 and 만료돼요): each part is also tried without its own, as a word typed apart is.
    const bare = cut.map(stripParticle);
    const readings = bare.some((w, i) => w !== cut[i]) ? [cut, bare] : [cut];
    for (const words of readings) {
      const parts = await Promise.all(words.map(isWord));
      if (parts.every(Boolean)) return words;
    }
  }
  return null;
}

/** Cuts that write-ups hold, in hangulCuts' order. */
async function rankedCuts(
  db: DB,
  cuts: string[][],
): Promise<{ words: string[]; docs: number; asWords: boolean }[]> {
  const docsOf = new Map<string, number>();
  const asWord = new Set<string>();
  for (const w of new Set(cuts.flat())) {
    docsOf.set(w, await countUpTo(db, atomOf(w, false)));
    if (await writtenInWords(db, w)) asWord.add(w);
  }
  const docs = (words: string[]) => words.map((w) => docsOf.get(w) ?? 0);
  return cuts
    .map((words) => ({
      words,
      docs: Math.min(...docs(words)),
      all: sum(docs(words)),
      asWords: words.every((w) => asWord.has(w)),
    }))
    .filter((cut) => cut.docs > 0)
    .sort((a, b) => Number(b.asWords) - Number(a.asWords) || b.docs - a.docs || b.all - a.all)
    .map(({ words, docs, asWords }) => ({ words, docs, asWords }));
}

/** Whether every two syllables side by side in `part` stand together inside a word somewhere. */
async function writtenInWords(db: DB, part: string): Promise<boolean> {
  const syllables = [...part];
  for (let i = 1; i < syllables.length; i++)
    if (!(await writesPair(db, `${syllables[i - 1]}${syllables[i]}`))) return false;
  return true;
}

/** A Hangul compound's cut whose rarer part is commonest, or null. */
async function bestHangulCut(
  db: DB,
  word: string,
): Promise<{ words: string[]; docs: number } | null> {
  return (await hangulCuts(db, word))[0] ?? null;
}

/**
 * A Hangul word's parts (of two syllables or more) that write-ups hold, the first of hangulCuts
 * (결제오류: 결제, 오류), with how many write-ups hold its rarer part; or null.
 */
export async function hangulParts(
  db: DB,
  word: string,
): Promise<{ words: string[]; docs: number } | null> {
  if (!HANGUL_ONLY.test(word) || [...word].length < 2 * HANGUL_PART) return null;
  return bestHangulCut(db, word);
}

/** How many times rarer than its rarer part a compound the index holds is read apart as well. */
const LOOSE_COMPOUND = 20;

/**
 * A Hangul compound the index holds, read as its two parts anywhere in a write-up as well, when
 * it is far rarer than its rarer part: then it is two words written together (주문날짜 in 3 of
 * 100,000 write-ups, 날짜 in 2,307, and the answer says "주문 내역의 날짜"), not a word of its
 * own (비밀번호 is as common as 비밀, and is not read as 비밀 and 번호). Its parts, or null.
 */
export async function looseCompound(db: DB, word: string, count: number): Promise<string[] | null> {
  if (!HANGUL_ONLY.test(word) || count <= 0) return null;
  // A part's count stops at EXHAUSTIVE + 1: a compound that common can't be 20 times rarer.
  if (LOOSE_COMPOUND * count > EXHAUSTIVE + 1) return null;
  const best = await bestHangulCut(db, word);
  return best && best.docs >= LOOSE_COMPOUND * count ? best.words : null;
}

/**
 * The identifiers among words typed in a row (ParsedQuery.snake) that the index holds, written
 * with underscores: "do not honor" names the decline code do_not_honor, which the index holds as
 * one term (underscores join a word), so the words alone never met it. Three words or more are
 * also tried run together, as a class or function name in camel case is indexed ("push send
 * worker": PushSendWorker, "in response to": InResponseTo); two are joinedForm's.
 */
export async function snakeForms(
  db: DB,
  runs: readonly string[][],
): Promise<{ joined: string; words: string[] }[]> {
  const held = await Promise.all(
    runs.map(async (words) => {
      // Typed in the other English spelling too ("do not honour").
      const spelt = words.map((w) => otherSpellings(w)[0] ?? w);
      const together = words.length >= 3 ? [words.join("")] : [];
      const joined =
        (await firstHeld(db, [words.join("_"), spelt.join("_"), ...together])) ??
        (await snakeInside(db, words));
      return joined ? { joined, words } : null;
    }),
  );
  return held.filter((h): h is { joined: string; words: string[] } => h !== null);
}

/** Identifiers read for each word of a run looked for inside one, at most (the commonest). */
const INSIDE_READ = 200;

/**
 * The commonest identifier holding words typed in a row side by side inside it, written with
 * underscores ("cert date invalid": err_cert_date_invalid; "insufficient funds":
 * card_insufficient_fund, the stemmer's last word), or null. Two words at least that say
 * something: "do not" is inside do_not_honor, and says nothing of it.
 */
async function snakeInside(db: DB, words: readonly string[]): Promise<string | null> {
  if (words.filter((w) => !FUNCTION_WORDS.has(w) && /^[a-z]{2,}$/.test(w)).length < 2) return null;
  const last = words.length - 1;
  const [stem = words[last] as string] = await stems(db, [words[last] as string]);
  const lists = await Promise.all(
    words.map((w, i) => identifierForms(db, i === last ? [w, stem] : [w], INSIDE_READ)),
  );
  const fewest = lists
    .filter((_, i) => (words[i] as string).length >= 3)
    .reduce<string[] | null>((a, b) => (a === null || b.length < a.length ? b : a), null);
  const run = `_${words.join("_")}_`;
  const endsStemmed = `_${[...words.slice(0, -1), stem].join("_")}`;
  return fewest?.find((t) => `_${t}_`.includes(run) || `_${t}`.endsWith(endsStemmed)) ?? null;
}

/** Camel-case names a word is part of, read at most… */
const NAMES_READ = 16;
/** …and met, the commonest. */
const NAMES_MET = 3;

/** Names holding a word, kept per process until write-ups change (as two-word forms are). */
const namesKept = keptPerVersion<string[]>(2_000);

/**
 * The camel-case names write-ups hold that `word` is part of, as the index holds them ("oom":
 * oomkilled for "OOMKilled"; "sql": postgresql; "hikari": hikaripool), commonest first: the index
 * holds such a name as one word, which the word typed alone never met (identifier_parts,
 * migration 0052). An English word only where the name writes it in capitals (an acronym, as
 * "RAM" of MaxRAMPercentage): a name's plain words ("key" of rotateApiKey, "expired" of
 * TokenExpiredException) put write-ups naming a class above those saying the words (on the demo,
 * "certificate expired" found a Korean write-up naming BadCertificate first; English MRR@10
 * 0.976 → 0.971). Words of three letters or more that say something ("to" of toISOString).
 */
export function namesHolding(db: DB, word: string): Promise<string[]> {
  if (word.length < 3 || !/^[a-z]+$/.test(word) || FUNCTION_WORDS.has(word))
    return Promise.resolve([]);
  return namesKept(db, word, async () => {
    const plain = await isEnglishWord(word);
    const names = await db
      .selectFrom("identifier_parts")
      .select("term")
      .where("part", "=", word)
      .$if(plain, (q) => q.where("acronym", "=", 1))
      .limit(NAMES_READ)
      .execute();
    const counted = await Promise.all(
      names.map(async ({ term }) => ({ term, n: await countUpTo(db, atomOf(term, false)) })),
    );
    return counted
      .filter((c) => c.n > 0)
      .sort((a, b) => b.n - a.n || (a.term < b.term ? -1 : 1))
      .slice(0, NAMES_MET)
      .map((c) => c.term);
  });
}

/**
 * The identifier a quoted phrase of two to SNAKE_WORDS Latin words names, when the index holds it
 * written with underscores or run together ("do not honor": do_not_honor, "currency code":
 * currencyCode); or null. Quoted, the words were meant together: two are joined too. Not numbers
 * alone ("1 2" is no 12).
 */
export async function phraseJoined(db: DB, words: readonly string[]): Promise<string | null> {
  if (words.length < 2 || words.length > SNAKE_WORDS) return null;
  if (!words.every((w) => /^[a-z0-9]+$/.test(w)) || !words.some((w) => /[a-z]/.test(w)))
    return null;
  return firstHeld(db, [words.join("_"), words.join("")]);
}

/** The first of `joined` (words joined into one term) that the index holds, or null. */
async function firstHeld(db: DB, joined: readonly string[]): Promise<string | null> {
  for (const term of new Set(joined)) {
    if (term.length > MAX_TOKEN) continue;
    if (await countUpTo(db, atomOf(term, false), 0)) return term;
  }
  return null;
}
