import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { namesOf } from "~/auth/users.server";
import { recordSearchMiss } from "./gaps.server";
import { searchEngine } from "./search.server";
import type { SearchFilters } from "./search-types";
import { listWriteupFacets } from "./writeup-facets.server";
import { listDrafts, listRecentWriteups } from "./writeups.server";

/** How many results the page shows; a full page reads "20+". */
const SEARCH_PAGE_RESULTS = 20;

/**
 * The knowledge base's front page: search results for `q` (or, with no query, the recently
 * published write-ups), the viewer's drafts, the filter choices, and the links the viewer may use.
 */
export async function getSearchPage(
  db: DB,
  input: { q: string; filters: SearchFilters; viewer: Actor; exact?: boolean },
) {
  const { q, filters, viewer, exact } = input;
  const [search, recent, drafts, facets] = await Promise.all([
    q.trim()
      ? searchEngine.search(db, { q, filters, limit: SEARCH_PAGE_RESULTS, exact })
      : Promise.resolve(null),
    q.trim() ? Promise.resolve([]) : listRecentWriteups(db, 10),
    listDrafts(db, viewer.id),
    listWriteupFacets(db),
  ]);
  // The filter lists the most prolific authors; someone filtered by stays listed.
  let authors = facets.authors;
  const authorId = filters.authorId;
  if (authorId !== undefined && !authors.some((a) => a.id === authorId)) {
    const name = (await namesOf(db, [authorId])).get(authorId);
    if (name) authors = [...authors, { id: authorId, name }];
  }
  return {
    search,
    resultLimit: SEARCH_PAGE_RESULTS,
    recent,
    drafts,
    components: facets.components,
    authors,
    canSeeGaps: can(viewer, "viewKnowledgeGaps"),
    canReview: can(viewer, "reviewKnowledge"),
    canImport: can(viewer, "importWriteups"),
    canExport: can(viewer, "exportWriteups"),
  };
}

/**
 * The page reports a search once typing settles; it counts as a miss (a gap leads see) only when
 * it still finds nothing.
 */
export async function reportSearchMiss(
  db: DB,
  input: { q: string; reporterId: number },
  now: Date = new Date(),
): Promise<void> {
  const { results } = await searchEngine.search(db, { q: input.q, limit: 1 });
  if (results.length === 0) await recordSearchMiss(db, input.q, now, input.reporterId);
}
