import { MAX_SEARCH_QUERY_CHARS } from "./search-types";

// How typed text becomes a MATCH expression. User text never reaches MATCH as syntax: it is
// tokenised the way the index tokenises, and every token is quoted.

/** At most this many words of a query are searched (the rarest, for long pastes). */
export const MAX_TERMS = 12;

interface ParsedQuery {
  terms: string[];
  phrases: string[][];
  excluded: string[];
  /** The last term is still being typed: match it as a prefix. */
  prefixLast: boolean;
}

/** Splits text into index tokens: lowercase letters, digits and `_`, accents removed (like unicode61). */
function tokenize(text: string): string[] {
  return (
    text
      // Fold Latin accents as the index does; leave Hangul and other scripts whole.
      .replace(/[\u00C0-\u024F\u1E00-\u1EFF]/g, (ch) => ch.normalize("NFD").replace(/\p{M}+/gu, ""))
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter((t) => t.length > 0 && t.length <= 64)
  );
}

export function parseQuery(raw: string): ParsedQuery {
  // Control characters and NULs go; the rest is text.
  const q = raw.slice(0, MAX_SEARCH_QUERY_CHARS).replace(/\p{Cc}+/gu, " ");
  const phrases: string[][] = [];
  const withoutPhrases = q.replace(/"([^"]*)"/g, (_, inner: string) => {
    const tokens = tokenize(inner);
    if (tokens.length > 1) phrases.push(tokens.slice(0, MAX_TERMS));
    return tokens.length === 1 ? ` ${tokens[0]} ` : " ";
  });
  const terms: string[] = [];
  const excluded: string[] = [];
  for (const word of withoutPhrases.split(/\s+/)) {
    if (!word) continue;
    if (word.startsWith("-") && word.length > 1) excluded.push(...tokenize(word.slice(1)));
    else terms.push(...tokenize(word));
  }
  const uniqueTerms = [...new Set(terms)];
  const endsInWord = /[\p{L}\p{N}_]$/u.test(q);
  const lastWord = withoutPhrases.trim().split(/\s+/).at(-1) ?? "";
  const prefixLast =
    endsInWord && !lastWord.startsWith("-") && uniqueTerms.length > 0 && !/"\s*$/.test(q);
  return {
    terms: uniqueTerms,
    phrases,
    excluded: [...new Set(excluded)].slice(0, MAX_TERMS),
    prefixLast,
  };
}

const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;
/** Korean attaches particles to words (결제가, 결제를): a Hangul term also matches as a prefix. */
export const HANGUL = /\p{Script=Hangul}/u;

/**
 * A MATCH expression from groups of exact index terms (a group is one typed word and the
 * completions it stands for), quoted phrases and exclusions. Only quoted tokens reach FTS5.
 */
export function buildMatch(
  groups: readonly (readonly string[])[],
  parsed: Pick<ParsedQuery, "phrases" | "excluded">,
  mode: "all" | "any",
): string | null {
  const positives = [
    ...groups
      .filter((g) => g.length)
      .map((g) => (g.length === 1 ? quote(g[0] as string) : `(${g.map(quote).join(" OR ")})`)),
    ...parsed.phrases.map((p) => quote(p.join(" "))),
  ];
  if (!positives.length) return null;
  const core = positives.join(mode === "all" ? " AND " : " OR ");
  return parsed.excluded.length
    ? `(${core}) NOT (${parsed.excluded.map(quote).join(" OR ")})`
    : core;
}
