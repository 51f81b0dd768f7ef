// How long lists are cut (newest.ts reads the windows on the server). Kept apart from it, without
// imports, so the page's scripts can say "more than 200" without carrying the server's validation.

/** How many items of a long list a page shows at once. */
export const NEWEST_SHOWN = 50;

/**
 * How far a step's "N older comments" counts: past it, the link says "more than 200". Counting
 * stops there, so a step discussed for months counts as fast as one with a few hundred comments.
 */
export const OLDER_COUNTED = 200;
