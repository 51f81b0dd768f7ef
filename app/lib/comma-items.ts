// Comma-separated fields (labels, tags, components), written and read back the same way. Free of
// zod, so that the pages' own scripts can write a field without the schemas' library.

const ITEM_SEPARATORS = new Set([",", "，", "、"]);

/**
 * The items of a comma-separated field, trimmed, empty ones dropped. A Korean or Chinese keyboard
 * types the full-width comma "，" or the ideographic "、": they separate items too. An item in
 * double quotes is taken as written, commas and all (`"needs info, p1", ui`; a quote inside is
 * doubled), which is how commaText writes one: a GitHub label or an imported tag holding a comma
 * comes back from its form as one item, not two. A quote that does not close, or text after the
 * closing quote, is read as plain text.
 */
export function commaItems(text: string | undefined): string[] {
  const s = text ?? "";
  const items: string[] = [];
  let at = 0;
  while (at <= s.length) {
    let end = at;
    while (end < s.length && !ITEM_SEPARATORS.has(s[end] as string)) end++;
    const plain = s.slice(at, end).trim();
    const quoted = plain.startsWith('"') ? readQuoted(s, s.indexOf('"', at) + 1) : null;
    if (quoted) {
      if (quoted.value) items.push(quoted.value);
      at = quoted.next + 1;
    } else {
      if (plain) items.push(plain);
      at = end + 1;
    }
  }
  return items;
}

/** A quoted item from just after its opening quote: its value and where its separator is. */
function readQuoted(s: string, from: number): { value: string; next: number } | null {
  let value = "";
  let at = from;
  while (at < s.length) {
    if (s[at] === '"') {
      if (s[at + 1] === '"') {
        value += '"';
        at += 2;
        continue;
      }
      let next = at + 1;
      while (next < s.length && /\s/.test(s[next] as string)) next++;
      // Only a separator or the end may follow the closing quote.
      if (next < s.length && !ITEM_SEPARATORS.has(s[next] as string)) return null;
      return { value, next };
    }
    value += s[at];
    at++;
  }
  return null;
}

/**
 * Items as a comma-separated field shows them, read back by commaItems as the same items: one
 * holding a comma, starting with a quote or with space at either end is written in quotes.
 */
export function commaText(items: readonly string[]): string {
  return items
    .map((item) =>
      /[,，、]/.test(item) || item.startsWith('"') || item !== item.trim()
        ? `"${item.replaceAll('"', '""')}"`
        : item,
    )
    .join(", ");
}
