import { k } from "~/lib/i18n/messages";

// Front matter: a strict `key: value` / `key: [a, b]` subset of YAML, read line by line so one
// bad line is one problem and the rest of the file is still checked; and its writer.

const FRONT_MATTER_KEYS = new Set([
  "id",
  "external_id",
  "title",
  "component",
  "tags",
  "resolution",
  "status",
]);

export function readFrontMatter(
  lines: string[],
  values: Record<string, unknown>,
  problem: (message: string) => void,
) {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const match = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(line);
    if (!match?.[1]) {
      problem(k("knowledge.importMd.keyValue", { line: index + 2, got: line.slice(0, 60) }));
      return;
    }
    const key = match[1].toLowerCase();
    if (seen.has(key)) {
      problem(k("knowledge.importMd.keyTwice", { key }));
      return;
    }
    seen.add(key);
    const raw = (match[2] ?? "").trim();
    const value = readScalarOrList(raw);
    if (!value.ok) {
      problem(k("knowledge.importMd.keyProblem", { key, problem: value.message }));
      return;
    }
    if (!FRONT_MATTER_KEYS.has(key)) {
      values[key] = value.value; // reported as an ignored field
      return;
    }
    if (key === "tags") {
      values.tags = Array.isArray(value.value)
        ? value.value
        : value.value
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean);
    } else if (Array.isArray(value.value)) {
      problem(k("knowledge.importMd.notAList", { key }));
    } else values[key] = value.value;
  });
}

type FrontMatterValue = { ok: true; value: string | string[] } | { ok: false; message: string };

/** `plain text`, `"a JSON string"`, `'single quoted'`, or `[a, "b", 'c']`. */
function readScalarOrList(raw: string): FrontMatterValue {
  if (raw.startsWith("[")) {
    if (!raw.endsWith("]")) return { ok: false, message: k("knowledge.importMd.listEnd") };
    const items: string[] = [];
    const inner = raw.slice(1, -1);
    let i = 0;
    while (i < inner.length) {
      while (inner[i] === " " || inner[i] === "\t") i++;
      if (i >= inner.length) break;
      const quoted = readQuoted(inner, i);
      if (quoted) {
        if (!quoted.ok) return quoted;
        items.push(quoted.value);
        i = quoted.end;
        while (inner[i] === " " || inner[i] === "\t") i++;
      } else {
        const comma = inner.indexOf(",", i);
        const stop = comma < 0 ? inner.length : comma;
        const item = inner.slice(i, stop).trim();
        if (/[[\]"']/.test(item))
          return { ok: false, message: k("knowledge.importMd.listItem", { item }) };
        items.push(item);
        i = stop;
      }
      if (i < inner.length) {
        if (inner[i] !== ",") return { ok: false, message: k("knowledge.importMd.listCommas") };
        i++;
      }
    }
    return { ok: true, value: items.filter((item) => item !== "") };
  }
  const quoted = readQuoted(raw, 0);
  if (quoted) {
    if (!quoted.ok) return quoted;
    if (quoted.end !== raw.length)
      return { ok: false, message: k("knowledge.importMd.afterQuote") };
    return { ok: true, value: quoted.value };
  }
  return { ok: true, value: raw };
}

type Quoted = { ok: true; value: string; end: number } | { ok: false; message: string };

/** A quoted string starting at `start`, or null when there is no quote there. */
function readQuoted(text: string, start: number): Quoted | null {
  const quote = text[start];
  if (quote === '"') {
    let i = start + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) return { ok: false, message: k("knowledge.importMd.quoteOpen") };
    try {
      return { ok: true, value: String(JSON.parse(text.slice(start, i + 1))), end: i + 1 };
    } catch {
      return { ok: false, message: k("knowledge.importMd.badEscape") };
    }
  }
  if (quote === "'") {
    let value = "";
    let i = start + 1;
    for (; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i++;
        } else break;
      } else value += text[i];
    }
    if (i >= text.length) return { ok: false, message: k("knowledge.importMd.quoteOpen") };
    return { ok: true, value, end: i + 1 };
  }
  return null;
}

const PLAIN_SCALAR = /^[^\s"'[][^\n]*[^\s]$|^[^\s"'[]$/;
const PLAIN_LIST_ITEM = /^[^\s"',[\]]([^,[\]"']*[^\s,[\]"'])?$/;

/** A value as front matter writes it: plain when it reads back the same, else a JSON string. */
export const frontMatterScalar = (value: string) =>
  PLAIN_SCALAR.test(value) ? value : JSON.stringify(value);
/** One item of a `[a, b]` list, quoted when it would not read back the same. */
export const frontMatterListItem = (value: string) =>
  PLAIN_LIST_ITEM.test(value) ? value : JSON.stringify(value);
