/**
 * The first `max` UTF-16 units of `text`, never ending in half of a surrogate pair: a cut through an
 * emoji (or any character outside the Basic Multilingual Plane) would store a lone surrogate, which
 * renders as "�" and makes React's hydration disagree with the server's HTML.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max));
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
