import type { Resolution } from "#db/schema";

/**
 * The longest search Koan reads: the header's search box and the knowledge base's take this many
 * characters, and the page, /api/search and the search itself cut a longer query to it (the page's
 * box, and the API's `query`, show the search that was made).
 */
export const MAX_SEARCH_QUERY_CHARS = 1000;

/**
 * A search shorter than this (in characters) is not counted as a gap when it finds nothing, and
 * the page asks for more letters instead of saying nobody has written it up.
 */
export const MIN_MISS_QUERY_CHARS = 3;

/** Whether a search, as typed, is too short to count as a gap (see MIN_MISS_QUERY_CHARS). */
export function tooShortForGap(query: string): boolean {
  return [...query.trim()].length < MIN_MISS_QUERY_CHARS;
}

/** A synonym is a word, or a phrase of up to this many words… */
export const MAX_SYNONYM_WORDS = 4;
/** …of up to this many letters or digits each… */
export const MAX_SYNONYM_WORD_CHARS = 40;
/** …so at most this many characters, one space between words (the form's fields take as many). */
export const MAX_SYNONYM_CHARS = MAX_SYNONYM_WORDS * (MAX_SYNONYM_WORD_CHARS + 1) - 1;

/** A piece of a snippet: `hit` pieces matched the query and are shown highlighted. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchFilters {
  component?: string;
  tag?: string;
  resolution?: Resolution;
  authorId?: number;
  verified?: boolean;
  /**
   * Instants (ISO-8601 UTC, as published_at is stored): published at or after `publishedFrom` and
   * before `publishedBefore`. A page's days are the viewer's own (localDayStart makes them).
   */
  publishedFrom?: string;
  publishedBefore?: string;
}

export interface SearchResult {
  id: number;
  title: string;
  component: string;
  resolution: Resolution;
  verified: boolean;
  tags: string[];
  snippet: SnippetPart[];
  /** Higher is better; comparable within one search only. */
  score: number;
  /** Whether the write-up holds every word of the query. */
  matchedAll: boolean;
}

export interface SearchResponse {
  results: SearchResult[];
  /** When the query's words were corrected from the index's vocabulary ("showing results for …"). */
  correctedQuery: string | null;
  /** With a correction: the query as typed, to offer "search instead for …" (with `exact`). */
  originalQuery: string | null;
  /** How the query was read, for the UI: nothing to search, or the terms searched. */
  terms: string[];
}
