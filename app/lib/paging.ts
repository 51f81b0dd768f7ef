// Long lists shown a page at a time (the mentoring board, the team list, the ticket queue).

/** How many pages `total` rows make, and the page asked for within them (the last when past it). */
export function pageWithin(total: number, asked: number, size: number) {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.floor(asked) || 1), pageCount);
  return { page, pageCount };
}

/** The rows of one page of a list already in order, with where it stands. */
export function pageOf<T>(rows: readonly T[], asked: number, size: number) {
  const { page, pageCount } = pageWithin(rows.length, asked, size);
  const start = (page - 1) * size;
  return { rows: rows.slice(start, start + size), page, pageCount, total: rows.length };
}

/**
 * A link to another page of a list: the address's other parameters kept, the page's own set
 * (left out for the first page), and an optional `#anchor` to land on the list.
 */
export function pageLink(search: URLSearchParams, param: string, page: number, anchor?: string) {
  const next = new URLSearchParams(search);
  if (page > 1) next.set(param, String(page));
  else next.delete(param);
  const query = next.toString();
  return `?${query}${anchor ? `#${anchor}` : ""}`;
}
