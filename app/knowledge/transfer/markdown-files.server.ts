import { clip } from "~/lib/clip";
import { k } from "~/lib/i18n/messages";
import { frontMatterListItem, frontMatterScalar, readFrontMatter } from "./front-matter";
import {
  CREDITS,
  canonicalMarkdown,
  type KbImportProblem,
  type PortableWriteup,
} from "./portable.server";

// ---------------------------------------------------------------------------------------------
// Markdown files: front matter (a strict `key: value` / `key: [a, b]` subset), then sections.

const SECTIONS = {
  symptom: "Symptom",
  "root cause": "Root cause",
  fix: "Fix",
  "expected behaviour": "Expected behaviour",
  "expected behavior": "Expected behaviour",
  "how it was debugged": "How it was debugged",
  links: "Links",
  toil: "Toil",
} as const;
type SectionName = keyof typeof SECTIONS;
type SectionKey = Exclude<SectionName, "expected behaviour" | "expected behavior">;
const FIELD_OF_SECTION: Record<SectionKey, string> = {
  symptom: "symptom",
  "root cause": "root_cause",
  fix: "fix",
  "how it was debugged": "debugging",
  links: "links",
  toil: "toil",
};
/**
 * Section headings as a Korean team writes them, the names Koan's Korean pages give the sections
 * (## 증상, ## 근본 원인, ## 수정 내용, ## 기대되는 동작, ## 디버깅 과정, ## 링크, ## 반복 작업), and a
 * few plain variants: read as the English ones.
 */
const KOREAN_SECTIONS: Record<string, SectionName> = {
  증상: "symptom",
  "근본 원인": "root cause",
  원인: "root cause",
  "수정 내용": "fix",
  수정: "fix",
  해결: "fix",
  "해결 방법": "fix",
  "기대되는 동작": "expected behaviour",
  "의도된 동작": "expected behaviour",
  "디버깅 과정": "how it was debugged",
  디버깅: "how it was debugged",
  링크: "links",
  "반복 작업": "toil",
};
const HEADING_NAMES =
  "symptom|root cause|fix|expected behaviou?r|how it was debugged|links|toil|" +
  Object.keys(KOREAN_SECTIONS)
    .sort((a, b) => b.length - a.length)
    .join("|");
const SECTION_HEADING = new RegExp(`^##[ \\t]+(${HEADING_NAMES})[ \\t]*#*[ \\t]*$`, "i");
/** A content line that looks like a section heading, escaped with one more backslash. */
const ESCAPED_HEADING = new RegExp(`^(\\\\+)(##[ \\t]+(?:${HEADING_NAMES})[ \\t]*#*[ \\t]*)$`, "i");
const LOOKS_LIKE_HEADING = new RegExp(
  `^(\\\\*)(##[ \\t]+(?:${HEADING_NAMES})[ \\t]*#*[ \\t]*)$`,
  "i",
);

/** Content lines that would read as a section heading get a backslash; the import removes it. */
const escapeSectionText = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(LOOKS_LIKE_HEADING, "\\$1$2"))
    .join("\n");

const unescapeSectionText = (text: string) =>
  text
    .split("\n")
    .map((line) =>
      line.replace(ESCAPED_HEADING, (_, slashes: string, rest: string) => slashes.slice(1) + rest),
    )
    .join("\n");

/** The problem columns for a file's front matter and body (not fields of a write-up). */
const FRONT_MATTER = k("knowledge.importField.frontMatter");
const BODY = k("knowledge.importField.body");

interface ParsedMarkdown {
  values: Record<string, unknown>;
  problems: KbImportProblem[];
  /** The file could not be read as a write-up at all: its fields are not worth checking. */
  unreadable: boolean;
}

/** Reads one Markdown write-up into the JSON item shape, with problems in its structure. */
export function parseMarkdownWriteup(where: string, input: string): ParsedMarkdown {
  const text = input.replace(/\r\n?/g, "\n");
  const problems: KbImportProblem[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ where, field, problem: message });
  const lines = text.split("\n");
  const values: Record<string, unknown> = {};
  let bodyStart = 0;
  if (lines[0]?.trim() === "---") {
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
    if (close < 0) {
      problem(FRONT_MATTER, k("knowledge.importMd.noClosing"));
      return { values, problems, unreadable: true };
    }
    readFrontMatter(lines.slice(1, close), values, (message) => problem(FRONT_MATTER, message));
    bodyStart = close + 1;
  } else {
    problem(FRONT_MATTER, k("knowledge.importMd.noFrontMatter"));
    return { values, problems, unreadable: true };
  }

  const sections = new Map<SectionKey, string[]>();
  let current: string[] | null = null;
  const preamble: string[] = [];
  for (const line of lines.slice(bodyStart)) {
    const match = SECTION_HEADING.exec(line);
    if (match?.[1]) {
      const named = KOREAN_SECTIONS[match[1]] ?? (match[1].toLowerCase() as SectionName);
      const key: SectionKey =
        named === "expected behaviour" || named === "expected behavior" ? "fix" : named;
      if (sections.has(key)) {
        problem(
          FIELD_OF_SECTION[key],
          k(key === "fix" ? "knowledge.importMd.fixTwice" : "knowledge.importMd.sectionTwice", {
            section: SECTIONS[named],
          }),
        );
      }
      current = [];
      sections.set(key, current);
      continue;
    }
    if (current) current.push(line);
    else preamble.push(line);
  }
  const intro = preamble.filter((l) => l.trim());
  const h1 = intro.length === 1 ? /^#[ \t]+(.+?)[ \t#]*$/.exec(intro[0] ?? "") : null;
  if (intro.length && !h1) {
    problem(BODY, k("knowledge.importMd.preamble"));
  }
  if (values.title === undefined && h1?.[1]) values.title = h1[1];

  const section = (key: SectionKey) => {
    const body = sections.get(key);
    return body === undefined ? undefined : unescapeSectionText(canonicalMarkdown(body.join("\n")));
  };
  for (const key of ["symptom", "root cause", "fix", "how it was debugged"] as const) {
    const body = section(key);
    if (body !== undefined) values[FIELD_OF_SECTION[key]] = body;
  }
  const links = sections.get("links");
  if (links) values.links = readLinks(links, (m) => problem("links", m));
  const toil = sections.get("toil");
  if (toil) values.toil = readToil(toil, (m) => problem("toil", m));
  if (!sections.size && !problems.length) {
    problem(BODY, k("knowledge.importMd.noSections"));
  }
  return { values, problems, unreadable: false };
}

const LINK_LINE = /^[-*+][ \t]+\[((?:[^\]\\]|\\.)*)\]\((\S+)\)$/;
const TOIL_LINE = /^[-*+][ \t]+(.+?)[ \t]+[—–-]+[ \t]+(\d{1,6})[ \t]*(?:min|mins|minutes|m)?\.?$/i;

function readLinks(lines: string[], problem: (message: string) => void) {
  const links: { label: string; url: string }[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const match = LINK_LINE.exec(line.trim());
    if (!match) {
      problem(k("knowledge.importMd.linkLine", { got: clip(line.trim(), 60) }));
      continue;
    }
    links.push({ label: (match[1] ?? "").replace(/\\(.)/g, "$1"), url: match[2] ?? "" });
  }
  return links;
}

function readToil(lines: string[], problem: (message: string) => void) {
  const toil: { description: string; minutes: number }[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const match = TOIL_LINE.exec(line.trim());
    if (!match) {
      problem(k("knowledge.importMd.toilLine", { got: clip(line.trim(), 60) }));
      continue;
    }
    toil.push({ description: match[1] ?? "", minutes: Number(match[2]) });
  }
  return toil;
}

// ---------------------------------------------------------------------------------------------
// Writing Markdown

const escapeLabel = (label: string) => label.replace(/[\\[\]]/g, "\\$&");

/** One write-up as a Markdown file with front matter, as the zip import reads it. */
export function writeupToMarkdown(w: PortableWriteup): string {
  const fixHeading = w.resolution === "works_as_designed" ? "Expected behaviour" : "Fix";
  const section = (heading: string, content: string) =>
    content ? `## ${heading}\n\n${content}` : `## ${heading}`;
  const blocks = [
    [
      "---",
      `external_id: ${frontMatterScalar(w.external_id)}`,
      `title: ${frontMatterScalar(w.title)}`,
      `component: ${frontMatterScalar(w.component)}`,
      `resolution: ${w.resolution}`,
      `tags: [${w.tags.map(frontMatterListItem).join(", ")}]`,
      ...(w.published_at ? [`published_at: ${frontMatterScalar(w.published_at)}`] : []),
      ...(w.updated_at ? [`updated_at: ${frontMatterScalar(w.updated_at)}`] : []),
      ...CREDITS.flatMap((key) =>
        w[key] === undefined ? [] : [`${key}: ${frontMatterScalar(String(w[key]))}`],
      ),
      "---",
    ].join("\n"),
    `# ${w.title}`,
    section("Symptom", escapeSectionText(w.symptom)),
    section("Root cause", escapeSectionText(w.root_cause)),
    section(fixHeading, escapeSectionText(w.fix)),
    section("How it was debugged", escapeSectionText(w.debugging)),
  ];
  if (w.links.length) {
    blocks.push(
      section("Links", w.links.map((l) => `- [${escapeLabel(l.label)}](${l.url})`).join("\n")),
    );
  }
  if (w.toil.length) {
    blocks.push(
      section("Toil", w.toil.map((t) => `- ${t.description} — ${t.minutes} min`).join("\n")),
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

/**
 * "Invoice total rounds the wrong way" → "invoice-total-rounds-the-wrong-way", "결제 오류
 * E4012: PG 응답" → "결제-오류-e4012-pg-응답": Latin without its accents, Hangul kept (the zip
 * marks its names UTF-8).
 */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^a-z0-9\p{Script=Hangul}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "writeup";
}
