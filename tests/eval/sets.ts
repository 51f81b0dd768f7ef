import fs from "node:fs";
import path from "node:path";
import type { PortableWriteup } from "~/knowledge/transfer/portable.server";

// The judged sets of `npm run eval:search`: the two corpora (public incident summaries in English,
// Korean production-support write-ups written for Koan), the judged queries over them and the
// judged ticket → write-up pairs for "related write-ups". Read by the runner and checked by
// tests/domain/eval-harness.test.ts.

export const SETS_DIR = path.resolve("tests/eval/sets");
/** The shared reference corpora, beside the checkout (see ../shared/corpora/README.md). */
export const CORPORA_DIR = path.resolve(process.env.EVAL_CORPORA ?? "../shared/corpora");

export const EN_KINDS = [
  "exact",
  "paraphrase",
  "typo",
  "pasted-error",
  "prefix",
  "two-word-name",
  "plural-stem",
  "mixed",
  // Typed with the keyboard left in Korean mode ("deadlock" as ㅇㄷㅁ이ㅐ차).
  "korean-mode",
  // An identifier written with underscores typed as words ("do not honor": do_not_honor), or
  // words pasted as one (out_of_memory: "out of memory").
  "identifier-words",
  // A short name for a phrase, or the phrase for it ("oom": "ran out of memory", "denial of
  // service": DDoS).
  "abbreviation",
  // Asked as a question ("why did the s3 outage happen in 2017").
  "question",
] as const;

export const KO_KINDS = [
  "particle",
  "spacing",
  "paraphrase",
  "ko-en-mix",
  "pasted-error",
  "prefix",
  // The last syllable caught halfway through composing on a Korean keyboard (결ㅈ, 웹솤).
  "composing",
  // Typed with the keyboard left in English mode (결제 as "rufwp").
  "english-mode",
  "typo",
  "transliteration",
  // An identifier written with underscores typed as words ("invalid state": invalid_state), or
  // words pasted as one (TOO_MANY_REQUESTS: "Too Many Requests").
  "identifier-words",
  // A short name for a phrase, or the phrase for it (OOM: 메모리 부족).
  "abbreviation",
  // Asked as a question ("카카오 로그인은 왜 실패하나요").
  "question",
] as const;

export type Language = "en" | "ko";

/**
 * A relevant id naming one of the demo organisation's own write-ups by its exact title, for a
 * query it answers too: "demo:Double-clicking Pay charges the card twice". Counted in the demo
 * setting only (the benchmark dataset has no demo write-ups).
 */
export const DEMO_PREFIX = "demo:";

export interface JudgedQuery {
  id: string;
  query: string;
  kind: string;
  /** External ids of the write-ups that answer it ("pm-12", "ko-07"), or DEMO_PREFIX + title. */
  relevant: string[];
  /** Kept aside: reported separately, never tuned on. */
  heldOut?: boolean;
}

export interface RelatedCase {
  id: string;
  lang: Language;
  title: string;
  body: string;
  /** The write-ups that answer the ticket; none for a ticket nothing in the corpora answers. */
  relevant: string[];
  /** Written after the related rules were tuned, and never tuned on. */
  heldOut?: boolean;
}

interface Postmortem {
  id: number;
  organisation: string;
  category: string;
  url: string;
  summary: string;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

export const postmortemsFile = () => path.join(CORPORA_DIR, "postmortems.json");

/**
 * The first sentence of a summary, cut at a word near 90 characters: Markdown links become their
 * text, and a leading "(see) also …" pointer is skipped.
 */
export function headline(summary: string): string {
  const plain = summary
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^[\s,;.]+/, "")
    .replace(/^(?:see also|also)\b[^.]*\.\s*/i, "");
  const sentence = (plain.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? plain).replace(/[.!?]$/, "");
  if (sentence.length <= 90) return sentence;
  const cut = sentence.slice(0, 90);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}

/**
 * The English corpus as Koan write-ups: one per public incident summary. The title is the
 * organisation and the summary's first sentence, the symptom the whole summary; the category is
 * the component, the organisation a tag, the public post-mortem a link. Null when the shared
 * corpora are not beside the checkout.
 */
export function englishCorpus(): PortableWriteup[] | null {
  const file = postmortemsFile();
  if (!fs.existsSync(file)) return null;
  return readJson<Postmortem[]>(file).map((p) => ({
    external_id: `pm-${p.id}`,
    title: `${p.organisation}: ${headline(p.summary)}`,
    component: p.category
      .toLowerCase()
      .replace(/[^a-z]+/g, "-")
      .slice(0, 40),
    resolution: "fixed",
    tags: [
      p.organisation
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .slice(0, 40),
    ],
    symptom: p.summary,
    root_cause: "",
    fix: "",
    debugging: "",
    links: /^https?:\/\//.test(p.url) ? [{ label: "Public post-mortem", url: p.url }] : [],
    toil: [],
    status: "published",
  }));
}

/** The Korean corpus, written for Koan in the import's JSON shape. */
export function koreanCorpus(): PortableWriteup[] {
  return readJson<PortableWriteup[]>(path.join(SETS_DIR, "ko-writeups.json"));
}

export function queries(lang: Language): JudgedQuery[] {
  return readJson<JudgedQuery[]>(path.join(SETS_DIR, `${lang}-queries.json`));
}

export function relatedCases(): RelatedCase[] {
  return readJson<RelatedCase[]>(path.join(SETS_DIR, "related.json"));
}

/** What is wrong with a query set over a corpus's ids: empty when well-formed. */
export function problemsOf(
  set: readonly JudgedQuery[],
  corpusIds: ReadonlySet<string>,
  kinds: readonly string[],
): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const texts = new Set<string>();
  for (const q of set) {
    if (!q.id || ids.has(q.id)) problems.push(`${q.id}: missing or duplicate id`);
    ids.add(q.id);
    const text = q.query.trim().toLowerCase().replace(/\s+/g, " ");
    if (!text) problems.push(`${q.id}: empty query`);
    if (texts.has(text)) problems.push(`${q.id}: duplicate query “${q.query}”`);
    texts.add(text);
    if (!kinds.includes(q.kind)) problems.push(`${q.id}: unknown kind “${q.kind}”`);
    if (q.relevant.every((r) => r.startsWith(DEMO_PREFIX)))
      problems.push(`${q.id}: no relevant write-up in the corpora`);
    for (const r of q.relevant)
      if (!corpusIds.has(r)) problems.push(`${q.id}: relevant “${r}” is not in the corpus`);
  }
  return problems;
}
