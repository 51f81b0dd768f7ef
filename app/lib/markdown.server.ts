import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Markdown from tickets, evidence and write-ups is untrusted: it is parsed with marked, then
// sanitised to an allow-list. Server-only, so neither library reaches the browser bundle.

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

/** Markdown → safe HTML: no scripts, no event handlers, no `javascript:` or `data:` URLs. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown.slice(0, 200_000)) as string;
  return sanitizeHtml(html, SANITIZE);
}
