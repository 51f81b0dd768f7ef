import { contractedVerb, formalStem } from "./korean-verb-forms";
import { snakeRow } from "./search-snake";
import { MAX_SEARCH_QUERY_CHARS } from "./search-types";

// How typed text becomes the pieces of a MATCH expression. User text never reaches MATCH as
// syntax: it is tokenised the way the index tokenises, and every token is quoted. The work a
// query may cause is bounded here: at most MAX_TERMS distinct words, MAX_PHRASES distinct quoted
// phrases of at most MAX_PHRASE_WORDS words, MAX_EXCLUDED exclusions, whatever was typed.

/** At most this many distinct words of a query are searched (the rarest, for long pastes). */
export const MAX_TERMS = 12;

/**
 * English words that hold a sentence together and say nothing about its subject: a long text
 * (a ticket's description, a paste) keeps them only when it has too few other words. Not the
 * particles of engineering's phrasal verbs and negations ("ran out", "read-only", "not").
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `a about after again all also am an and any are as at be been before being both but by can
  could did do does doing during each few for from further had has have having he her here hers
  him his how i if in into is it its itself just me more most my nor now of on once or other our
  ours own same she should so some such than that the their theirs them then there these they
  this those through to too until us very was we were what when where which while who whom why
  will with would you your yours`.split(/\s+/),
);
/**
 * Words that carry a sentence's grammar, not its subject, as a query leaves them once Korean
 * endings are off: 있어요 → 있, 없어요 → 없, and the one-syllable words typed alone (안 돼요, 못
 * 받음, 할 수 있다, 좀, 잘, 왜). Searched, each is a prefix of the index's syllable pairs and meets
 * 있음, 안드로이드, 수정, 때문: noise that outweighs the words that say what broke. So are 하다's
 * and 되다's own forms typed alone (안 돼요, 저장 안 됨), which a typo correction would otherwise
 * read as another word (돼요 as 도요); and English's "not" ("Polish keyboard key not working":
 * the write-up that says "not" somewhere is not the one about the key). A query with at least
 * two other words leaves them out, as a paste leaves out English's function words.
 */
export const GRAMMAR_WORDS: ReadonlySet<string> = new Set([
  // (Read once a word's ending is off: 됐어요 and 했는데 are 됐 and 했 here, 하는데 is 하.) And
  // 후, 중, 및, 등 ("after", "during", "and", "and so on"), as English's "after" and "and" are
  // function words: "카드 교체 후 재시도 배너" put first a Korean write-up sharing only "가져오기
  // 후". Not 전 ("before"): "하루 전으로 보여요" says what is wrong.
  ..."있없안않많같못수것거좀잘왜더또다꼭막뭐때했됐할될하되후중및등",
  ...["돼요", "되요", "해요", "돼", "해", "됨", "함", "됩니다", "합니다", "된다", "한다"],
  // 하다's and 되다's forms that carry a sentence on, typed apart ("로그인 하면 튕겨요": 하면
  // was read as 화면, "screen").
  ...["하면", "되면", "해서", "돼서", "되서", "하고", "되고", "해도", "돼도", "되도", "해야"],
  ...["돼야", "되야", "하니까", "되니까", "하면서", "되면서", "했더니", "됐더니", "하려고"],
  ...["되려고", "안되요", "안됨", "안돼", "되게"],
  // 나다's, as an error or a difference "happens" ("에러 나요", "차이가 나요": 나요 was read as
  // 나오); 났어요 and 났는데 are 났 once their endings are off.
  ...["났", "나요", "나는데", "나서", "나면", "나고", "납니다", "난다"],
  // How often or how much, not what ("앱이 자꾸 튕겨요": 자꾸 was read as 바꾸, "change").
  ...["자꾸", "계속", "너무", "전혀", "갑자기"],
  "not",
]);
/** Other words a query needs before its grammar words are left out. */
const CONTENT_WORDS_FOR_GRAMMAR = 2;
/** Words read from a long paste before the rarest MAX_TERMS are chosen. */
export const MAX_CANDIDATE_TERMS = 40;
export const MAX_PHRASES = 4;
export const MAX_PHRASE_WORDS = 8;
export const MAX_EXCLUDED = 4;
/**
 * Pairs of words typed side by side (ParsedQuery.runs) kept at most. Six, not four: a typed
 * sentence's later pairs count too (`npm run eval:search` among 100,000: two answers found, one
 * first place lost; eight also cost related write-ups two answers).
 */
export const MAX_RUNS = 6;
/** A longer word is no term (a pasted hash or blob): left out. */
export const MAX_TOKEN = 64;

export interface ParsedQuery {
  /** Distinct words: Latin, digits, identifiers, and Hangul words with their particles removed. */
  terms: string[];
  /** Distinct quoted phrases (two words or more). */
  phrases: string[][];
  excluded: string[];
  /** The last term is still being typed: match it as a prefix. */
  prefixLast: boolean;
  /**
   * Two words typed side by side outside quotes, neither a function word ("production
   * database"), with the one function word typed between them if any ("deleted the production");
   * or two Hangul words of two syllables or more, without their particles ("결제를 재시도" →
   * 결제, 재시도). At most MAX_RUNS: a write-up holding them side by side as well scores for it.
   * Absent when there are none.
   */
  runs?: string[][];
  /**
   * Two to four Latin words or numbers typed in a row, function words included: the
   * identifier they may name, written with underscores ("do not honor": do_not_honor, the card
   * network's decline code; "invalid grant": invalid_grant). At most MAX_SNAKE
   * (search-snake.ts), the shortest first. Absent when there are none.
   */
  snake?: string[][];
  /**
   * Hangul terms whose ending was taken off, with the word as typed ("푸시" ← "푸시를"): one the
   * synonym table knows as it was typed is searched whole. Absent when no ending was taken off.
   */
  whole?: Record<string, string>;
  /**
   * Lone accented letters typed as words ("ś key"), lowercased. The index folds them into the
   * plain letter, which every possessive 's holds, so they are not terms: a result holding the
   * letter as typed ranks higher instead. Absent when there are none.
   */
  marked?: string[];
  /**
   * Latin terms typed with capitals, as typed ("dPdhl" for the term "dpdhl"): on a Korean
   * keyboard left in English mode, Shift types ㅆ, ㅖ and the other doubled letters (예외 is
   * "dPdhl"). Absent when there are none.
   */
  cased?: Record<string, string>;
}

export const HANGUL = /\p{Script=Hangul}/u;
/** A word of Hangul alone. */
export const HANGUL_ONLY = /^\p{Script=Hangul}+$/u;

/**
 * Korean particles and verb endings that follow a word (결제를, 배포했다): removed from the end
 * of a Hangul query word, longest first, as long as two syllables remain (one for the longer
 * endings), so "푸시를" searches "푸시" and "만료가" searches "만료".
 */
const ENDINGS = [
  "으로부터",
  "됐어요",
  "했어요",
  "됐나요",
  "했나요",
  // A sentence going on after the word ("환불했는데 돈이 안 들어와요", "배포됐지만").
  "했는데",
  "됐는데",
  "하는데",
  "되는데",
  "했지만",
  "됐지만",
  "이었습니다",
  "되었습니다",
  "했습니다",
  "합니다",
  "됩니다",
  // The formal ending after a final consonant: 있습니다, 않습니다, 늦습니다.
  "습니다",
  "입니다",
  "되었다",
  "하였다",
  "에서는",
  "에게서",
  "으로는",
  "에서도",
  "까지는",
  "부터는",
  "하고",
  "는데",
  "인데",
  "지만",
  "에서",
  "에게",
  "한테",
  "으로",
  "까지",
  "부터",
  "처럼",
  "보다",
  "했다",
  "했음",
  "하는",
  "하던",
  "해요",
  "돼요",
  "어요",
  "아요",
  "나요",
  "으면",
  "해서",
  "하면",
  "하지",
  // An adverb made of a 하다 word ("금액이 이상하게 나와요", "심하게 느려요").
  "하게",
  "되는",
  "되던",
  "되어",
  "돼서",
  "됐다",
  "됐음",
  "이다",
  "였다",
  "이고",
  "라고",
  "이라",
  "에는",
  "와",
  "과",
  "을",
  "를",
  "이",
  "가",
  "은",
  "는",
  "에",
  "로",
  "의",
  "도",
  "만",
  "됨",
  "함",
  "된",
  "한",
  "할",
];

/**
 * Words of engineering Korean whose last syllable looks like a particle but is part of the word:
 * cutting it would search another word's start (재시도 → 재시, which 재시작 also begins). A word
 * in the synonym table is kept whole too (search.server.ts), so leads extend this with theirs.
 */
const KEEP_WHOLE = new Set([
  "재시도",
  "리트라이",
  "정확도",
  "완성도",
  "신뢰도",
  "중요도",
  "만족도",
  "난이도",
  "가용도",
  "응답속도",
  "처리속도",
  "무제한",
  "게이트웨이",
  "딜레이",
  "릴레이",
  "디스플레이",
  "오버플로",
  "워크플로",
]);

/** A one-syllable Hangul word and a one-syllable particle after it ("큐가", "앱이"). */
const SHORT_WITH_PARTICLE = /^(\p{Script=Hangul})[이가을를은는에의도로와과만]$/u;

/**
 * The word a query term is searched as, given the words the synonym table knows: whole as typed
 * where the table knows it so ("재시도", a lead's "매크로"); a one-syllable word it knows without
 * its particle ("큐가" → 큐, meeting "queue"; two syllables are otherwise left whole, as most are
 * words: 차이, 아이); else the term.
 */
export function termOf(
  key: string,
  typed: string | undefined,
  known: { has(word: string): boolean },
): string {
  if (typed && known.has(typed)) return typed;
  const short = SHORT_WITH_PARTICLE.exec(key)?.[1];
  return short && known.has(short) ? short : key;
}

/**
 * The other index terms of a word the porter stemmer splits in two, with words the index reads
 * as them: "deployed" is indexed as deploi but "deployment" as deploy, "failed" as fail but
 * "failure" as failur, "expired" as expir but "expiry" as expiri. `word` is a typed word and
 * `stem` its index term; `isWord` says whether a word is English. The caller checks that a word
 * found stems to its term (or, with no term given, to another than `stem`) and that the index
 * holds it.
 */
export function kinOf(word: string, stem: string, isWord: (word: string) => boolean): KinTerm[] {
  if (!/^[a-z]{4,30}$/.test(stem) || !/^[a-z]+$/.test(word)) return [];
  const kin: KinTerm[] = [];
  // A final y becomes i unless a suffix followed it ("deploy"/"deploys" against "deployment").
  if (stem.endsWith("i")) {
    const term = `${stem.slice(0, -1)}y`;
    kin.push({ term, words: [`${term}ment`, `${term}e`] });
  } else if (stem.endsWith("y")) kin.push({ term: `${stem.slice(0, -1)}i`, words: [stem] });
  else {
    // A verb and its noun in -ure ("failed"/"failure", "closed"/"closure", "exposed"/"exposure"):
    // only when both are words, so "feature" never meets "feat".
    const base = stem.endsWith("ur") ? stem.slice(0, -2) : stem;
    if (base.length >= 3 && isWord(`${base}ed`) && isWord(`${base}ure`))
      kin.push(
        base === stem
          ? { term: `${stem}ur`, words: [`${stem}ure`] }
          : { term: base, words: [`${base}ed`] },
      );
  }
  // A noun in -ry of six letters or more and its verb ("expiry"/"expired", "delivery"/
  // "delivered", "recovery"/"recovered"; "story" is too short to be "stored"'s).
  if (word.length >= 6 && word.endsWith("ry") && isWord(`${word.slice(0, -1)}ed`))
    kin.push({ term: null, words: [`${word.slice(0, -1)}ed`] });
  const noun = `${word.slice(0, -2)}y`;
  if (noun.length >= 6 && word.endsWith("red") && isWord(noun))
    kin.push({ term: null, words: [noun] });
  return kin;
}

/** An index term (null: any but the typed word's) and words that may write it, best first. */
export interface KinTerm {
  term: string | null;
  words: string[];
}

/** A Hangul word without its trailing particle or ending; other words as they are. */
export function stripParticle(word: string): string {
  if (!HANGUL_ONLY.test(word) || KEEP_WHOLE.has(word)) return word;
  const verb = contractedVerb(word);
  if (verb) return verb.stem;
  const length = [...word].length;
  for (const ending of ENDINGS) {
    const keep = length - ending.length;
    if (word.endsWith(ending) && keep >= (ending.length >= 2 ? 1 : 2)) return word.slice(0, keep);
  }
  return formalStem(word) ?? word;
}

/**
 * Korean particles and copulas written straight after an English word or a number ("API를",
 * "Redis에서만", "502가", "webhook이에요"): one to three of them, nothing else.
 */
const PARTICLES_ONLY =
  /^(?:이|가|을|를|은|는|에|의|도|만|로|으로|와|과|랑|이랑|나|이나|에서|에게|한테|까지|부터|처럼|보다|라고|이라고|인데|이고|이면|면|요|이요|예요|이에요|입니다|이다|였다|이었다|였어요|이었어요){1,3}$/u;

/**
 * Splits text into index tokens: lowercase letters, digits and `_`, Latin accents removed (as
 * the index does). A token mixing Hangul with Latin or digits ("api키를") is split where the
 * script changes, as the index's Korean reading splits it; particles alone after a Latin word or
 * a number ("API를", "502가"), or after a closing quote or bracket ("'신청서'가", "(FCM)이"), go,
 * as a Hangul word's own do. A lone Latin letter ("s", or "Ś",
 * which folds to it) is dropped: it is the possessive 's of every other write-up.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const folded = text
    .replace(/[\u00C0-\u024F\u1E00-\u1EFF]/g, (ch) => ch.normalize("NFD").replace(/\p{M}+/gu, ""))
    .toLowerCase();
  let end = -1;
  for (const { 0: token, index } of folded.matchAll(/[\p{L}\p{N}_]+/gu)) {
    // Attached to the word before through a closing quote or bracket ("'신청서'가", "(FCM)이").
    const attached = end >= 0 && !/\s/u.test(folded.slice(end, index));
    end = index + token.length;
    if (token.length > MAX_TOKEN) continue;
    const pieces = HANGUL.test(token)
      ? (token.match(/\p{Script=Hangul}+|[^\p{Script=Hangul}]+/gu) ?? [])
      : [token];
    for (const [i, piece] of pieces.entries()) {
      if (/^[a-z]$/.test(piece)) continue;
      if ((i > 0 || attached) && PARTICLES_ONLY.test(piece)) continue;
      out.push(piece);
    }
  }
  return out;
}

/** Stands in for a quoted phrase while the rest is read: the words around it are not side by side. */
const RUN_BREAK = "\u0001";

/**
 * "-word" leaves out write-ups holding the word. A pasted error's long options ("--read-only")
 * and negative numbers ("exit code -1") are text: two dashes, or a dash before a digit.
 */
const EXCLUSION = /^-[\p{L}_]/u;

/** A Latin letter with an accent standing alone between spaces or punctuation ("Ś", "é"). */
const LONE_ACCENTED = /(?:^|[^\p{L}\p{N}_])([\u00C0-\u024F\u1E00-\u1EFF])(?=$|[^\p{L}\p{N}_])/gu;
const MAX_MARKED = 3;

/** The full-width forms of ASCII's printable characters (！ to ～), and how far they are from it. */
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;

/** The particles of English's phrasal verbs: "log in", "sign up", "time out", "turn off". */
const PARTICLES = new Set(["in", "on", "up", "out", "off", "down", "over"]);

/**
 * Whether the word typed last is finished though nothing follows it: a function word or a
 * particle after another word ("log in", "sign up", "charged for") says what it says, and read
 * as the start of a longer word it met "invoice" and "update" instead (a write-up about invoices
 * came first for "log in"). Typed alone, it is still the start of one ("in" → "invoice").
 */
function finishedAfterWord(lastWord: string, terms: readonly string[]): boolean {
  const word = tokenize(lastWord).at(-1) ?? "";
  return terms.length > 1 && word.length >= 2 && (FUNCTION_WORDS.has(word) || PARTICLES.has(word));
}

export function parseQuery(raw: string): ParsedQuery {
  // Control characters and NULs go; the rest is text. Composed (NFC), as write-ups are stored:
  // Korean pasted from a macOS file name comes decomposed, one letter (jamo) at a time. Latin
  // letters, digits and signs typed full-width (a Korean or Japanese keyboard's full-width mode:
  // "ＥＲＲ＿ＴＩＭＥＯＵＴ") are the ASCII they stand for; NFKC would do that, but it also turns
  // the Hangul letters a keyboard shows alone (ㄱ) into others, which composing reads.
  const q = raw
    .slice(0, MAX_SEARCH_QUERY_CHARS)
    .normalize("NFC")
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(/\u3000/g, " ")
    .replace(/\p{Cc}+/gu, " ");
  const phrases = new Map<string, string[]>();
  const withoutPhrases = q.replace(/"([^"]*)"/g, (_, inner: string) => {
    const tokens = tokenize(inner).map(stripParticle);
    if (tokens.length > 1 && phrases.size < MAX_PHRASES) {
      const phrase = tokens.slice(0, MAX_PHRASE_WORDS);
      phrases.set(phrase.join(" "), phrase);
    }
    // A quoted phrase stands between the words around it: they are not side by side.
    return tokens.length === 1 ? ` ${tokens[0]} ` : ` ${RUN_BREAK} `;
  });
  const terms = new Set<string>();
  const whole: Record<string, string> = {};
  const excluded = new Set<string>();
  const runs = new Map<string, string[]>();
  const cased = new Map<string, string>();
  const snake = new Map<string, string[]>();
  // The Latin words typed in a row so far (the last SNAKE_WORDS - 1), for `snake`.
  let inRow: string[] = [];
  let before: string | null = null;
  let between: string | null = null;
  // Whether the word before ended in Latin letters or digits: a Korean team writes a particle
  // apart after an identifier ("NotRegistered 가 많습니다", "CSV 를 열면", "-5 로 표시").
  let afterLatin = false;
  for (const word of withoutPhrases.split(/\s+/)) {
    if (!word) continue;
    const particleApart = afterLatin && PARTICLES_ONLY.test(word.replace(/[^\p{L}]+$/u, ""));
    afterLatin = /[a-z0-9_][^p{L}p{N}_]*$/i.test(word);
    if (particleApart) continue;
    if (word === RUN_BREAK || EXCLUSION.test(word)) {
      before = null;
      between = null;
      inRow = [];
      for (const t of word === RUN_BREAK ? [] : tokenize(word.slice(1)))
        if (excluded.size < MAX_EXCLUDED) excluded.add(t);
    } else {
      if (/[A-Z]/.test(word) && /^[A-Za-z]{3,40}$/.test(word) && cased.size < MAX_CANDIDATE_TERMS)
        cased.set(word.toLowerCase(), word);
      for (const t of tokenize(word)) {
        if (terms.size >= MAX_CANDIDATE_TERMS) break;
        const stripped = stripParticle(t);
        if (stripped !== t && !terms.has(stripped)) whole[stripped] = t;
        terms.add(stripped);
        inRow = snakeRow(inRow, t, snake);
        // Hangul pairs with Hangul (two syllables or more, without its particle), Latin with Latin.
        const hangul = HANGUL.test(t);
        const word = hangul ? stripped : t;
        const plain = hangul ? [...word].length >= 2 : !FUNCTION_WORDS.has(t);
        const sameScript = before !== null && HANGUL.test(before) === hangul;
        if (before && plain && sameScript && before !== word && runs.size < MAX_RUNS) {
          const run = between ? [before, between, word] : [before, word];
          runs.set(run.join(" "), run);
        }
        // One function word may stand between two Latin words ("deleted the production").
        if (!plain && !hangul && before && !between && FUNCTION_WORDS.has(t)) between = t;
        else {
          before = plain ? word : null;
          between = null;
        }
      }
    }
  }
  const endsInWord = /[\p{L}\p{N}_]$/u.test(q);
  const lastWord = withoutPhrases.trim().split(/\s+/).at(-1) ?? "";
  const finished = endsInWord && finishedAfterWord(lastWord, [...terms]);
  const uniqueTerms = withoutGrammarWords([...terms], endsInWord && !finished ? lastWord : null);
  for (const key of Object.keys(whole)) if (!uniqueTerms.includes(key)) delete whole[key];
  // The last word left out was complete: no word left is still being typed.
  const lastKept = uniqueTerms.at(-1) === [...terms].at(-1);
  const prefixLast =
    endsInWord &&
    lastKept &&
    !finished &&
    !EXCLUSION.test(lastWord) &&
    uniqueTerms.length > 0 &&
    !/"\s*$/.test(q);
  // The word being typed is not a word yet: no pair ends in it (a Hangul word is never read as
  // one being typed). But when the pair is the whole query ("primary key", "availability zone",
  // function words aside), it is the name asked for: kept, as typed. While the word is still
  // being typed the pair matches nothing and adds nothing; typed whole, a write-up holding the
  // two words side by side scores for it, where two common words apart say little.
  const content = uniqueTerms.filter((t) => HANGUL.test(t) || !FUNCTION_WORDS.has(t));
  const wholeQuery = (r: readonly string[]) =>
    content.length === 2 && content.every((t) => r.includes(t));
  const typed = [...runs.values()].filter(
    (r) =>
      !(prefixLast && !between && r.at(-1) === before && !HANGUL.test(before ?? "")) ||
      wholeQuery(r),
  );
  const marked = new Set<string>();
  for (const [, letter] of q.matchAll(LONE_ACCENTED)) {
    if (marked.size < MAX_MARKED) marked.add((letter as string).toLowerCase());
  }
  return {
    terms: uniqueTerms,
    phrases: [...phrases.values()],
    excluded: [...excluded],
    prefixLast,
    ...(typed.length ? { runs: typed } : {}),
    ...(snake.size ? { snake: [...snake.values()].sort((a, b) => a.length - b.length) } : {}),
    ...(Object.keys(whole).length ? { whole } : {}),
    ...(marked.size ? { marked: [...marked] } : {}),
    ...(cased.size ? { cased: Object.fromEntries(cased) } : {}),
  };
}

/**
 * The terms without grammar words (GRAMMAR_WORDS) when enough other words say what
 * the query is about. A short one typed last, bare, may be the start of a longer word being
 * typed (안 → 안드로이드): it stays.
 */
function withoutGrammarWords(terms: string[], lastTyped: string | null): string[] {
  // (A word that may begin a longer one: one syllable, or "not" of "notification".)
  const mayGrow = (t: string) => t === "not" || [...t].length === 1;
  const grammar = (t: string) => GRAMMAR_WORDS.has(t) && !(t === lastTyped && mayGrow(t));
  const content = terms.filter(
    (t) => !GRAMMAR_WORDS.has(t) && (HANGUL.test(t) ? [...t].length >= 2 : !FUNCTION_WORDS.has(t)),
  );
  if (content.length < CONTENT_WORDS_FOR_GRAMMAR) return terms;
  return terms.filter((t) => !grammar(t));
}

export const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;

/** The index's Korean columns, where Hangul is read as two-syllable pieces. */
const KO_COLUMNS = "{ko_title ko_body}";

/** Hangul as the index's Korean columns hold it: overlapping pairs of syllables. */
export function bigramsOf(word: string): string[] {
  const chars = [...word];
  if (chars.length <= 1) return [word];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/**
 * One word as an FTS5 expression: a Latin word as itself (the index stems it, and so does the
 * query), or as a prefix while being typed; a Hangul word as the phrase of its syllable pairs in
 * the Korean columns (a one-syllable word as a prefix there).
 */
export function atomOf(word: string, prefix: boolean): string {
  if (HANGUL_ONLY.test(word)) {
    const pairs = bigramsOf(word);
    if (pairs.length === 1 && [...word].length === 1) return `${KO_COLUMNS}: ${quote(word)}*`;
    return `${KO_COLUMNS}: ${quote(pairs.join(" "))}`;
  }
  return prefix ? `${quote(word)}*` : quote(word);
}

/** A quoted phrase: Latin words in order in the text columns; with Hangul, as bigrams in order. */
export function phraseAtom(words: readonly string[]): string {
  if (words.some((w) => HANGUL.test(w))) {
    const latin = words.filter((w) => !HANGUL.test(w));
    const pairs = bigramsOf(words.filter((w) => HANGUL.test(w)).join(""));
    const parts = [`${KO_COLUMNS}: ${quote(pairs.join(" "))}`, ...latin.map((w) => quote(w))];
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" AND ")})`;
  }
  return quote(words.join(" "));
}

/** An expression holding a phrase (a quoted string of several tokens). */
export const isPhrase = (group: string) => /"[^"]* [^"]*"/.test(group);

/**
 * Alternatives (a word and its synonyms) as one group: any of them, each once. bm25() scores each
 * phrase of the expression, so an alternative reached twice (느려요's forms and its stem's both
 * hold 느림) counted its holders twice: "자동완성 느려요" put a write-up about a slow order list,
 * holding 느림 alone, before the one about slow autocompletion.
 */
export function groupAtom(atoms: readonly string[]): string {
  const unique = [...new Set(atoms)];
  return unique.length === 1
    ? (unique[0] as string)
    : `(${unique.map((a) => `(${a})`).join(" OR ")})`;
}

/** Groups joined: all of them, or any; exclusions taken away. */
export function joinMatch(
  groups: readonly string[],
  excluded: readonly string[],
  mode: "all" | "any",
): string | null {
  if (!groups.length) return null;
  const core =
    groups.length === 1
      ? (groups[0] as string)
      : groups.map((g) => `(${g})`).join(mode === "all" ? " AND " : " OR ");
  return excluded.length ? `(${core}) NOT (${excluded.map(quote).join(" OR ")})` : core;
}
