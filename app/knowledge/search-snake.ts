// Words typed in a row, read as the identifier they may name ("do not honor": do_not_honor). The
// index keeps "_" inside a word, so such an identifier is one term that its words never met.

/** Words typed in a row read as one identifier written with underscores, at most… */
export const SNAKE_WORDS = 4;
/** …and such readings kept (ParsedQuery.snake). */
export const MAX_SNAKE = 8;

/**
 * The Latin words typed in a row once `word` is read (the last SNAKE_WORDS - 1 kept), adding to
 * `snake` each run of two words or more ending in it. A word of another script ends the row.
 */
export function snakeRow(
  row: readonly string[],
  word: string,
  snake: Map<string, string[]>,
): string[] {
  if (!/^[a-z0-9]+$/.test(word)) return [];
  for (let from = Math.max(0, row.length - (SNAKE_WORDS - 1)); from < row.length; from++) {
    const run = [...row.slice(from), word];
    if (snake.size < MAX_SNAKE && run.some((w) => /[a-z]/.test(w))) snake.set(run.join("_"), run);
  }
  return [...row, word].slice(-(SNAKE_WORDS - 1));
}

/**
 * The words of an identifier written with underscores (too_many_requests: too, many, requests),
 * SNAKE_WORDS + 2 at most, or null for any other word.
 */
export function snakeParts(word: string): string[] | null {
  if (!/^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(word)) return null;
  const parts = word.split("_");
  return parts.length <= SNAKE_WORDS + 2 ? parts : null;
}

/**
 * The words of a name typed in camel case (ResetLinkExpired: reset, link, expired; SMSClient:
 * sms, client), SNAKE_WORDS + 2 at most, each of two letters or more; or null for a word typed
 * otherwise. `typed` is the word as typed, capitals kept (ParsedQuery.cased).
 */
export function camelParts(typed: string | undefined): string[] | null {
  if (!typed || !/^[A-Za-z]+$/.test(typed) || !/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(typed)) return null;
  const parts = (typed.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g) ?? []).map((p) =>
    p.toLowerCase(),
  );
  if (parts.length < 2 || parts.length > SNAKE_WORDS + 2) return null;
  return parts.every((p) => p.length >= 2) ? parts : null;
}
