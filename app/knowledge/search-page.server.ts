import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { namesOf } from "~/auth/users.server";
import { dateField } from "~/lib/fields";
import type { Locale } from "~/lib/i18n/locales";
import { k, type Msg } from "~/lib/i18n/messages";
import { localDayStart, nextDay } from "~/lib/time-zone";
import {
  type GapTicketResult,
  gapTicketOf,
  recordSearchMiss,
  turnGapIntoTicket,
} from "./gaps.server";
import { searchEngine } from "./search.server";
import type { SearchFilters } from "./search-types";
import { listWriteupFacets } from "./writeup-facets.server";
import { listDrafts, listRecentWriteups } from "./writeups.server";

/** How many results the page shows; a full page reads "20+". */
const SEARCH_PAGE_RESULTS = 20;

/** The "published from / until" days as the address gives them ("2026-12-05"), unchecked. */
export interface PublishedDays {
  from?: string;
  to?: string;
}

/**
 * The published days as the instants they begin and end in the viewer's time zone, the zone the
 * pages show dates in: in Asia/Seoul, "from 2026-12-05" starts at 2026-12-04T15:00Z, and "until
 * 2026-12-05" takes that whole day. A day that isn't one (2026-13-01), or an "until" before the
 * "from", filters nothing and is named in a message for its field.
 */
export function publishedWithin(days: PublishedDays, timeZone: string) {
  const filters: Pick<SearchFilters, "publishedFrom" | "publishedBefore"> = {};
  const problems: { from?: Msg; to?: Msg } = {};
  for (const which of ["from", "to"] as const) {
    const day = days[which]?.trim();
    if (!day) continue;
    if (!dateField.safeParse(day).success) {
      problems[which] = k("knowledge.search.badDate", { date: day.slice(0, 40) });
      continue;
    }
    if (which === "from") filters.publishedFrom = localDayStart(day, timeZone).toISOString();
    else filters.publishedBefore = localDayStart(nextDay(day), timeZone).toISOString();
  }
  // "Until" before "from" would find nothing, which reads as "no such write-up": it is named at
  // its field instead, and left out.
  const from = days.from?.trim();
  const to = days.to?.trim();
  if (from && to && !problems.from && !problems.to && to < from) {
    problems.to = k("knowledge.search.dateOrder", { from });
    delete filters.publishedBefore;
  }
  return { filters, problems };
}

/**
 * The knowledge base's front page: search results for `q` (or, with no query, the recently
 * published write-ups), the viewer's drafts, the filter choices, and the links the viewer may use.
 * `days` are read in `timeZone`, the viewer's.
 */
export async function getSearchPage(
  db: DB,
  input: {
    q: string;
    filters: SearchFilters;
    days?: PublishedDays;
    timeZone: string;
    viewer: Actor;
    exact?: boolean;
  },
) {
  const { q, viewer, exact } = input;
  const published = publishedWithin(input.days ?? {}, input.timeZone);
  const filters: SearchFilters = { ...input.filters, ...published.filters };
  const [search, recent, drafts, facets] = await Promise.all([
    q.trim()
      ? searchEngine.search(db, { q, filters, limit: SEARCH_PAGE_RESULTS, exact })
      : Promise.resolve(null),
    q.trim() ? Promise.resolve([]) : listRecentWriteups(db, 10),
    listDrafts(db, viewer.id),
    listWriteupFacets(db),
  ]);
  // A search that finds nothing, unfiltered: a lead may make it a documentation ticket here, or
  // follow the one made before.
  const unfiltered = Object.values(filters).every((value) => value === undefined);
  const gapTicketId =
    search && search.results.length === 0 && unfiltered && can(viewer, "viewKnowledgeGaps")
      ? await gapTicketOf(db, q)
      : null;
  // The filter lists the most prolific authors; someone filtered by stays listed.
  let authors = facets.authors;
  const authorId = filters.authorId;
  if (authorId !== undefined && !authors.some((a) => a.id === authorId)) {
    const name = (await namesOf(db, [authorId])).get(authorId);
    if (name) authors = [...authors, { id: authorId, name }];
  }
  return {
    search,
    dateProblems: published.problems,
    gapTicketId,
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
 * it still finds nothing. Says whether it found something after all (`answered`), else the query
 * as counted (null when too short to count).
 */
export async function reportSearchMiss(
  db: DB,
  input: { q: string; reporterId: number },
  now: Date = new Date(),
): Promise<{ answered: true } | { answered: false; counted: string | null }> {
  const { results } = await searchEngine.search(db, { q: input.q, limit: 1 });
  if (results.length > 0) return { answered: true };
  return { answered: false, counted: await recordSearchMiss(db, input.q, now, input.reporterId) };
}

/**
 * A lead's documentation ticket straight from a search that finds nothing, without a trip to the
 * gaps page: the miss is counted (as the page counts it once typing settles) and turned into a
 * ticket, or the ticket made for it before is returned. A search that finds write-ups by now is
 * `answered`: there is nothing to document.
 */
export async function ticketForMissedSearch(
  db: DB,
  input: { q: string; viewer: Actor; locale: Locale },
  now: Date = new Date(),
): Promise<GapTicketResult | { ok: false; reason: "answered" }> {
  if (!can(input.viewer, "viewKnowledgeGaps")) return { ok: false, reason: "forbidden" };
  const miss = await reportSearchMiss(db, { q: input.q, reporterId: input.viewer.id }, now);
  if (miss.answered) return { ok: false, reason: "answered" };
  if (!miss.counted) return { ok: false, reason: "not_found" };
  const { viewer, locale } = input;
  return turnGapIntoTicket(db, { query: miss.counted, actorId: viewer.id, locale }, now);
}
