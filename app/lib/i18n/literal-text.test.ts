import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// No user-facing text written straight into JSX: it goes through the catalogs (useT), so every
// page reads the same in Korean as in English. Checked: text between tags, string literals given
// as children ({"…"}, also inside ?: and &&), and the attributes people read (aria-label, title,
// placeholder, alt, and component props such as label). Text without letters ("·", "—", "#")
// and the product's name pass.

const ROOT = join(import.meta.dirname, "../../..");
const READ_ATTRIBUTES = new Set([
  "aria-label",
  "aria-description",
  "title",
  "placeholder",
  "alt",
  "label",
  "help",
  "heading",
  "description",
  "legend",
  "summary",
  "hint",
  "message",
  "confirm",
  "emptyText",
  "caption",
]);
const LETTERS = /[\p{L}]{2,}/u;
const ALLOWED = new Set(["Koan", "English", "한국어"]);

/** Files under `dir` whose names `keep` accepts. */
function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

const tsxFiles = (dir: string) => filesUnder(dir, (name) => name.endsWith(".tsx"));

function pending(): Set<string> {
  const text = readFileSync(join(import.meta.dirname, "pending.txt"), "utf8");
  return new Set(
    text
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#")),
  );
}

function isReadText(text: string): boolean {
  const trimmed = text.trim();
  return LETTERS.test(trimmed) && !ALLOWED.has(trimmed);
}

/** A file's syntax tree, and a list of "file:line text" findings with the way to add one. */
function parsed(file: string, source: string) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.push(`${file}:${line + 1} ${JSON.stringify(text.trim().slice(0, 60))}`);
  };
  return { sf, found, report };
}

/** "file:line text" for each literal a person would read. */
export function literalTexts(file: string, source: string): string[] {
  const { sf, found, report } = parsed(file, source);
  /** String literals a JSX child expression evaluates to (through ?:, && and ||). */
  const childStrings = (expr: ts.Expression) => {
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
      if (isReadText(expr.text)) report(expr, expr.text);
    } else if (ts.isTemplateExpression(expr)) {
      const parts = [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join(" ");
      if (isReadText(parts)) report(expr, parts);
    } else if (ts.isConditionalExpression(expr)) {
      childStrings(expr.whenTrue);
      childStrings(expr.whenFalse);
    } else if (ts.isBinaryExpression(expr)) {
      childStrings(expr.right);
    } else if (ts.isParenthesizedExpression(expr)) {
      childStrings(expr.expression);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && isReadText(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      childStrings(node.expression);
    }
    if (ts.isJsxAttribute(node) && node.initializer) {
      const name = node.name.getText(sf);
      if (READ_ATTRIBUTES.has(name)) {
        const init = node.initializer;
        if (ts.isStringLiteral(init) && isReadText(init.text)) report(init, init.text);
        if (ts.isJsxExpression(init) && init.expression) childStrings(init.expression);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Zod's checks whose last argument is the message a person reads when the check fails. */
const CHECKS = new Set([
  "min",
  "max",
  "length",
  "int",
  "regex",
  "email",
  "url",
  "positive",
  "nonnegative",
  "nonempty",
  "refine",
]);

/**
 * "file:line text" for each message written as text, not as a catalog key (k()), in a zod check
 * or a `message:` option: the field would show it in English on a Korean page.
 */
export function literalValidationMessages(file: string, source: string): string[] {
  const { sf, found, report } = parsed(file, source);
  const literal = (node: ts.Node | undefined) =>
    node &&
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
    isReadText(node.text)
      ? node
      : undefined;
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      CHECKS.has(node.expression.name.text)
    ) {
      const last = literal(node.arguments[node.arguments.length - 1]);
      if (last && node.arguments.length > 1) report(last, last.text);
    }
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(sf) === "message" &&
      ts.isObjectLiteralExpression(node.parent) &&
      ts.isCallExpression(node.parent.parent)
    ) {
      const text = literal(node.initializer);
      if (text) report(text, text.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Files whose messages no page shows, so they stay in English. */
const NOT_READ_ON_A_PAGE = new Set([
  // The operator's settings: a bad value stops the server with the message in its log.
  "app/lib/env.server.ts",
  "app/knowledge/health.server.ts",
  // JSON for scripts (the search API), or for a form that shows no error (related write-ups).
  "app/routes/api.search.ts",
  "app/routes/kb.related.ts",
  // The answer to a GitHub webhook delivery, read in GitHub's delivery log.
  "app/tickets/github.server.ts",
]);

const sourceFiles = (dir: string) =>
  filesUnder(dir, (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name));

describe("validation messages go through the catalogs", () => {
  it("finds messages written as text (the check itself)", () => {
    const sample = [
      `const a = z.string().min(1, "Write a few words first.").max(9, k("core.x"));`,
      `const b = z.number({ message: "Not a number." }).refine((v) => v > 0, { message: k("core.y") });`,
      `const c = z.string().regex(/^a/).min(3);`,
    ].join("\n");
    expect(literalValidationMessages("a.ts", sample)).toEqual([
      'a.ts:1 "Write a few words first."',
      'a.ts:2 "Not a number."',
    ]);
  });

  it("has no validation message written as text", () => {
    const found = sourceFiles(join(ROOT, "app"))
      .map((f) => relative(ROOT, f))
      .filter((f) => !NOT_READ_ON_A_PAGE.has(f))
      .flatMap((f) => literalValidationMessages(f, readFileSync(join(ROOT, f), "utf8")));
    expect(found).toEqual([]);
  });
});

describe("user-facing text goes through the catalogs", () => {
  it("finds literal text in JSX (the check itself)", () => {
    const sample = `export const A = () => <p title="Open it" aria-label={x ? "Close" : "·"}>Hello {"there friend"} <b>{n}</b> — </p>;`;
    expect(literalTexts("a.tsx", sample)).toEqual([
      'a.tsx:1 "Open it"',
      'a.tsx:1 "Close"',
      'a.tsx:1 "Hello"',
      'a.tsx:1 "there friend"',
    ]);
    expect(
      literalTexts("b.tsx", `export const B = () => <p className="page narrow">{t("k")} ·</p>;`),
    ).toEqual([]);
  });

  it("lists in pending.txt only files that exist", () => {
    const files = new Set(tsxFiles(join(ROOT, "app")).map((f) => relative(ROOT, f)));
    expect([...pending()].filter((f) => !files.has(f))).toEqual([]);
  });

  it("pending.txt lists no files", () => {
    // Every page is converted: the list stays empty so new pages go through the catalogs too.
    expect([...pending()]).toEqual([]);
  });

  it("has no literal text in JSX outside the pending files", () => {
    const skip = pending();
    const found = tsxFiles(join(ROOT, "app"))
      .map((f) => relative(ROOT, f))
      .filter((f) => !skip.has(f) && !f.endsWith(".test.tsx"))
      .flatMap((f) => literalTexts(f, readFileSync(join(ROOT, f), "utf8")));
    expect(found).toEqual([]);
  });
});
