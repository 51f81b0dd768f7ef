// The search index's second reading of a write-up's text, for scripts that write words without
// spaces between their parts (Korean): every run of Hangul becomes its overlapping two-syllable
// pieces ("결제버튼" → "결제 제버 버튼"), so a word is found inside a longer one, with a particle
// attached, or written with or without a space. Latin letters and digits glued to Hangul
// ("API키") are kept as words of their own. Registered as the SQL function koan_bigrams() on
// every connection (db/client.ts): the index's triggers call it when a write-up is saved.

const HANGUL_RUN = /[\p{Script=Hangul}]+/gu;
const HAS_HANGUL = /\p{Script=Hangul}/u;

/** The bigram text of `text`: empty when it holds no Hangul. */
export function hangulBigrams(text: string | null | undefined): string {
  if (!text || !HAS_HANGUL.test(text)) return "";
  const out: string[] = [];
  // Words of the text (split on anything not a letter or digit); consecutive Hangul words are
  // joined across one space so compounds meet whether or not they were written apart.
  let previous = "";
  for (const word of text.split(/[^\p{L}\p{N}_]+/u)) {
    if (!word) continue;
    if (!HAS_HANGUL.test(word)) {
      previous = "";
      continue;
    }
    const runs = word.match(HANGUL_RUN) ?? [];
    const rest = word.replace(HANGUL_RUN, " ").trim();
    if (rest) out.push(...rest.split(/\s+/));
    for (const run of runs) {
      if (previous) out.push(`${previous.slice(-1)}${run[0]}`);
      const chars = [...run];
      if (chars.length === 1) out.push(run);
      for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
      previous = run;
    }
    // A Hangul run ending a word joins the next word only if that word starts with Hangul.
    if (!/\p{Script=Hangul}$/u.test(word)) previous = "";
  }
  return out.join(" ");
}

/**
 * The default checkpoints' names in every language of the UI (the catalogs'
 * `mentoring.step.*.title`; tests/domain/search-step-headings.test.ts holds them equal). A
 * write-up drafted from a newcomer's evidence heads its debugging notes with them ("### Find the
 * code", "### 실패하는 테스트"): words every drafted write-up holds, which say nothing about it.
 * Changing this list changes what the index holds: a migration must rebuild it (as 0044 did).
 */
export const STEP_HEADINGS: readonly string[] = [
  "Reproduce the bug",
  "Find the code",
  "Root cause",
  "Failing test",
  "Fix and review",
  "Ship and verify",
  "Write-up",
  "버그 재현",
  "코드 찾기",
  "근본 원인",
  "실패하는 테스트",
  "수정과 리뷰",
  "배포와 확인",
  "해결 기록 작성",
];

const STEP_HEADING_NAMES = new Set(STEP_HEADINGS.map((title) => title.toLowerCase()));
/** A Markdown heading line (ATX: up to three spaces, one to six #, its text, closing #s). */
const HEADING_LINE = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*\r?$/;
/**
 * Lines longer than this are no step's heading and are not read as one: the pattern backtracks
 * over a run of spaces, so a line of 20,000 would cost seconds, and this runs on every row a
 * search reads.
 */
const HEADING_LINE_MAX = 80;

/**
 * `text` as the search index reads it (the SQL function koan_search_text()): without the heading
 * lines that only name a default checkpoint, so "실패" finds the write-ups about a failure, not
 * every write-up a Korean newcomer drafted under "### 실패하는 테스트". Anything else is kept.
 */
export function searchText(text: string | null | undefined): string {
  if (!text?.includes("#")) return text ?? "";
  return text
    .split("\n")
    .map((line) => {
      if (line.length > HEADING_LINE_MAX || !line.includes("#")) return line;
      const title = HEADING_LINE.exec(line)?.[1];
      return title !== undefined && STEP_HEADING_NAMES.has(title.trim().toLowerCase()) ? "" : line;
    })
    .join("\n");
}

/** Whitespace with Hangul on either side of it: a Korean writer may leave it out, or put it in. */
const SPACE_BY_HANGUL = /(?<=\p{Script=Hangul})\s+|\s+(?=\p{Script=Hangul})/gu;

/**
 * A query word, or a ticket's text, as the ticket queue's search compares them: composed (NFC)
 * and lower-cased.
 */
export function ticketSearchWord(word: string): string {
  return word.normalize("NFC").toLowerCase();
}

/**
 * The text the ticket queue's search looks in (the table ticket_search_text, kept by the tickets'
 * triggers as the SQL function koan_ticket_search_text()): the title, a line break, the body,
 * each as `ticketSearchWord` reads it and without the whitespace next to Hangul, so "두번" meets
 * "두 번", "결제버튼" meets "결제 버튼", and "API호출" meets "API 호출". A query word holds no
 * whitespace, so one with no Hangul in it matches exactly where it matched the text as written:
 * English search is still a plain substring search, ASCII case aside.
 */
export function ticketSearchText(title: string, body: string): string {
  const compact = (text: string) => ticketSearchWord(text).replace(SPACE_BY_HANGUL, "");
  return `${compact(title)}\n${compact(body)}`;
}

/** A word written in camel case ("OOMKilled", "PaymentRetryJob"), letters and digits only. */
const CAMEL = /^[A-Za-z][A-Za-z0-9]*$/;
const CAMEL_BOUNDARY = /[a-z][A-Z]|[A-Z]{2}[a-z]/;
/** An acronym's plural ("APIs", "VMs") is one word, not two. */
const ACRONYM_PLURAL = /^[A-Z]+s$/;
/** Identifiers read from one write-up, at most: a pasted dump of class names says no more. */
const MAX_IDENTIFIERS = 200;
/** Parts of one identifier, at most: a longer name is a sentence run together. */
const MAX_PARTS = 6;

/**
 * The camel-case identifiers of `text` and their words, as JSON triples [part, identifier,
 * acronym] (the SQL function koan_identifier_parts(), which fills the table identifier_parts):
 * "OOMKilled" gives ["oom", "oomkilled", 1] and ["killed", "oomkilled", 0], acronym being 1 for a
 * part written in capitals. The index holds such a name as one word, so "oom" alone never met it;
 * search looks a query word up here (search-compounds.server.ts). Parts of one letter and digits
 * are left out ("OAuth2Client": auth, client).
 */
export function identifierParts(text: string | null | undefined): string {
  if (!text) return "[]";
  const triples: [string, string, 0 | 1][] = [];
  const seen = new Set<string>();
  for (const word of text.match(/[\p{L}\p{N}_]+/gu) ?? []) {
    if (seen.size >= MAX_IDENTIFIERS) break;
    if (!CAMEL.test(word) || !CAMEL_BOUNDARY.test(word) || ACRONYM_PLURAL.test(word)) continue;
    const term = word.toLowerCase();
    if (seen.has(term)) continue;
    seen.add(term);
    const parts = (word.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g) ?? []).filter(
      (p) => p.length >= 2,
    );
    if (parts.length < 2 || parts.length > MAX_PARTS) continue;
    const kept = new Set<string>();
    for (const part of parts) {
      const lower = part.toLowerCase();
      if (lower === term || kept.has(lower)) continue;
      kept.add(lower);
      triples.push([lower, term, /^[A-Z]+$/.test(part) ? 1 : 0]);
    }
  }
  return JSON.stringify(triples);
}
