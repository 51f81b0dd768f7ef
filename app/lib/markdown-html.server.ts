import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { escapeHtml } from "./escape-html";
import { withoutBidiControls } from "./invisible";

// Markdown from tickets, evidence and write-ups is untrusted: it is parsed with marked, then
// sanitised to an allow-list. Server-only, so neither library reaches the browser bundle. This
// module renders in whichever thread calls it: markdown.server.ts renders short texts inline and
// sends long ones to a worker thread (markdown-worker.server.ts) that runs this same code.

const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "kbd",
    "sup",
    "sub",
    "details",
    "summary",
    "input",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "title"],
    code: ["class"],
    th: ["align"],
    td: ["align"],
    input: ["type", "checked", "disabled"],
  },
  allowedClasses: { code: [/^language-[\w+-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: "noopener noreferrer nofollow", target: "_blank" },
    }),
    input: (tagName, attribs) =>
      attribs.type === "checkbox"
        ? {
            tagName,
            attribs: {
              type: "checkbox",
              disabled: "",
              ...(attribs.checked !== undefined ? { checked: "" } : {}),
            },
          }
        : { tagName: "span", attribs: {} },
  },
};
SANITIZE.allowedAttributes = {
  ...SANITIZE.allowedAttributes,
  a: ["href", "title", "rel", "target"],
};

/** Deeper nesting than this (quotes, list items, indentation) is not Markdown a person writes. */
const MAX_DEPTH = 12;
/** A longer run of emphasis delimiters sends marked into seconds of recursion. */
const MAX_DELIMITER_RUN = 16;

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * How deeply a line nests: one level per quote marker or list marker at its start, and one per
 * four columns of indentation. Scanned by hand, stopping once past the limit.
 */
function lineDepth(line: string): number {
  let depth = 0;
  let columns = 0;
  let i = 0;
  while (i < line.length && depth + Math.floor(columns / 4) <= MAX_DEPTH) {
    const c = line[i];
    const spaceAfter = (at: number) => at >= line.length || line[at] === " " || line[at] === "\t";
    if (c === " ") columns += 1;
    else if (c === "\t") columns += 4;
    else if (c === ">") depth += 1;
    else if ((c === "-" || c === "*" || c === "+") && spaceAfter(i + 1)) depth += 1;
    else if (isDigit(c)) {
      let j = i;
      while (j - i < 9 && isDigit(line[j])) j += 1;
      if ((line[j] === "." || line[j] === ")") && spaceAfter(j + 1)) {
        depth += 1;
        i = j;
      } else break;
    } else break;
    i += 1;
  }
  return depth + Math.floor(columns / 4);
}

function longDelimiterRun(line: string): boolean {
  let run = 0;
  let last = "";
  for (const c of line) {
    if ((c === "*" || c === "_") && c === last) run += 1;
    else run = c === "*" || c === "_" ? 1 : 0;
    last = c;
    if (run > MAX_DELIMITER_RUN) return true;
  }
  return false;
}

/**
 * Text marked cannot render in reasonable time or at all (a stack overflow): thousands of nested
 * quotes or list levels, or long runs of `*` and `_`. Lines inside fenced code and lines that are
 * only a rule (`*****`) are fine.
 */
export function tooTangled(markdown: string): boolean {
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const inside = fence !== null;
    fence = fenceAfter(fence, line);
    if (inside || fence !== null) continue;
    if (lineDepth(line) > MAX_DEPTH) return true;
    if (/^[\s*_-]*$/.test(line)) continue;
    if (longDelimiterRun(line)) return true;
  }
  return false;
}

/** The code fence open after `line` (its backticks or tildes), given the one open before it. */
function fenceAfter(fence: string | null, line: string): string | null {
  const marks = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
  if (!fence) return marks ?? null;
  const closes = marks !== undefined && marks[0] === fence[0] && marks.length >= fence.length;
  return closes ? null : fence;
}

/** The text as written, escaped: paragraphs at blank lines, line breaks kept. */
export function plainHtml(text: string): string {
  return withoutBidiControls(text)
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/**
 * Markdown → safe HTML: no scripts, no event handlers, no `javascript:` or `data:` URLs. Text too
 * tangled to parse, or that the parser fails on, is shown as plain text rather than failing the
 * page for everyone who opens it.
 */
export function markdownHtml(markdown: string): string {
  if (tooTangled(markdown)) return plainHtml(markdown);
  // A direction override shows the rest of its paragraph reversed ("gnp.exe" for "exe.png", a
  // command read backwards): the stored text keeps it, the page does not.
  const text = withoutBidiControls(markdown);
  try {
    return sanitizeHtml(marked.parse(text) as string, SANITIZE);
  } catch {
    return plainHtml(text);
  }
}
