import type { DB } from "#db/client";
import type { SearchFilters, SearchResponse, SearchResult } from "./search-types";

// The search engine behind the knowledge base, as one small interface: routes and page
// functions call only this, so another engine (PostgreSQL full-text search, OpenSearch with a
// Korean analyzer) can take the SQLite FTS5 one's place (search.server.ts) without touching them.

export interface SearchInput {
  q: string;
  filters?: SearchFilters;
  /** 1–50; 20 when not given. */
  limit?: number;
  /** Write-ups never to return (a ticket's own write-ups). */
  excludeIds?: number[];
  /** Search the words as typed: no typo corrections ("search instead for …"). */
  exact?: boolean;
  /**
   * Text whose words a long query keeps first, whatever their count (a ticket's title, when its
   * description is the rest of the query): the rarest words fill the places left.
   */
  focus?: string;
}

/** What `related` is asked: a ticket's text, and the words of it (its title) kept first. */
export interface RelatedInput {
  text: string;
  limit?: number;
  excludeIds?: number[];
  focus?: string;
}

export interface SearchEngine {
  /** Makes a saved write-up findable, or brings its entry up to date. */
  indexWriteup(db: DB, writeupId: number): Promise<void>;
  /** Forgets a write-up. */
  removeWriteup(db: DB, writeupId: number): Promise<void>;
  /** Ranked published write-ups for what was typed. Never throws on user input. */
  search(db: DB, input: SearchInput): Promise<SearchResponse>;
  /** Published write-ups most like a text (a ticket's title and description), best first. */
  related(db: DB, input: RelatedInput): Promise<SearchResult[]>;
  /** Index words completing what is being typed, most common first. */
  suggest(db: DB, prefix: string, limit?: number): Promise<string[]>;
}
