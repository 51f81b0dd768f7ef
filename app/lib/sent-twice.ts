/**
 * A form sent again within this long, word for word, by the same person (a double click, a
 * browser resending it) is one form sent twice: what it makes is made once, and both answers say
 * it was done. Used by new write-ups, new tickets, checkpoint notes, reviews and evidence.
 */
export const SAME_FORM_MS = 60_000;

/** The earliest creation time (ISO) of a row that the same form sent at `now` would repeat. */
export const sameFormSince = (now: Date): string =>
  new Date(now.getTime() - SAME_FORM_MS).toISOString();

/** Whether a row made at `createdAt` was made by the same form sent a moment before `now`. */
export const sameFormJustSent = (createdAt: string, now: Date): boolean =>
  now.getTime() - Date.parse(createdAt) < SAME_FORM_MS;
