// Which matched words are worth highlighting in a search result: not the common little words
// (at, of, on, the…) that match everywhere and only add noise to the eye.

const COMMON_WORDS = new Set(
  (
    "a an and are as at be but by for from has have how i if in into is it its me my no not of on " +
    "or our so than that the their then there these this to up was we were what when where which " +
    "who why will with you your"
  ).split(" "),
);

/** True for a matched piece of text that should be shown highlighted. */
export function worthHighlighting(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (!word) return false;
  return !COMMON_WORDS.has(word);
}
