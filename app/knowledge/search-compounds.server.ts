import type { DB } from "#db/client";
import { atomOf, groupAtom, HANGUL_ONLY, joinMatch } from "./search-query";
import { countUpTo, EXHAUSTIVE } from "./search-rank.server";
import { synonymsOf } from "./search-synonyms.server";
import { writesPair } from "./search-vocabulary.server";

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
  groupAtom([word, ...(synonyms.get(word) ?? [])].map((w) => atomOf(w, false)));

/**
 * An unknown Hangul compound (주문날짜) as its two parts, both held by one write-up, anywhere:
 * Korean puts words between a compound's parts ("주문 내역의 날짜"), so they need not stand side by
 * side. The cut whose rarer part is commonest; parts of two syllables or more.
 */
export async function hangulSplitFound(db: DB, word: string): Promise<Reading | null> {
  const best = await bestHangulCut(db, word);
  if (best) {
    const group = bothParts(best.words);
    const count = await countUpTo(db, group, EXHAUSTIVE, true);
    if (count) return { words: best.words, group, count };
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

/** A Hangul compound's two parts (of HANGUL_PART syllables or more) whose rarer part is commonest. */
async function bestHangulCut(
  db: DB,
  word: string,
): Promise<{ words: string[]; docs: number } | null> {
  const syllables = [...word];
  if (syllables.length > HANGUL_COMPOUND) return null;
  let best: { words: string[]; docs: number } | null = null;
  for (let at = HANGUL_PART; at <= syllables.length - HANGUL_PART; at++) {
    const words = [syllables.slice(0, at).join(""), syllables.slice(at).join("")];
    const docs = Math.min(
      ...(await Promise.all(words.map((w) => countUpTo(db, atomOf(w, false))))),
    );
    if (docs > (best?.docs ?? 0)) best = { words, docs };
  }
  return best;
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
