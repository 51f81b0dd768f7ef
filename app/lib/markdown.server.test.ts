import { describe, expect, it } from "vitest";
import { markdownPieces, renderMarkdown, renderMarkdownEach } from "./markdown.server";

// Classic XSS vectors (OWASP cheat sheet and friends), as markdown and as raw HTML inside it.
const VECTORS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  '<img src=x onerror="alert(1)">',
  "<img src=x onerror=alert(1)//",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<body onload=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  "[click](javascript:alert(1))",
  "[click](JAVASCRIPT:alert(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![img](javascript:alert(1))",
  "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  '<a href="vbscript:msgbox(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<p style="x:expression(alert(1))">x</p>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  "<input autofocus onfocus=alert(1)>",
  "<details open ontoggle=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<video><source onerror="alert(1)"></video>',
  '<a href="#" onclick="alert(1)">x</a>',
  "<marquee onstart=alert(1)>",
  "<<script>script>alert(1)<</script>/script>",
  '"><script>alert(1)</script>',
  "<img src=`x` onerror=alert(1)>",
  "<a href=//evil.example>protocol-relative</a>",
];

describe("renderMarkdown", () => {
  it("renders ordinary markdown: headings, lists, code, links, tables", () => {
    const html = renderMarkdown(
      "# Steps\n\n1. Open **billing**\n2. Run `make test`\n\n```ts\nconst x = 1 < 2;\n```\n\n[PR](https://github.com/o/r/pull/1)\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    expect(html).toContain("<h1>Steps</h1>");
    expect(html).toContain("<strong>billing</strong>");
    expect(html).toContain("<code>make test</code>");
    expect(html).toContain('<code class="language-ts">const x = 1 &lt; 2;');
    expect(html).toContain('href="https://github.com/o/r/pull/1"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain("<table>");
  });

  it("keeps Korean text intact", () => {
    expect(renderMarkdown("결제 **오류** 재현")).toBe("<p>결제 <strong>오류</strong> 재현</p>\n");
  });

  for (const vector of VECTORS) {
    it(`neutralises ${JSON.stringify(vector).slice(0, 60)}`, () => {
      const html = renderMarkdown(vector).toLowerCase();
      // Only real tags matter: escaped text such as "&lt;img onerror=…" is inert.
      const tags = html.match(/<[a-z][^>]*>/g) ?? [];
      for (const tag of tags) {
        expect(tag).toMatch(
          /^<(p|a|img|code|pre|strong|em|ul|ol|li|h[1-6]|table|thead|tbody|tr|th|td|br|hr|blockquote|del|details|summary|span)[\s>]/,
        );
        expect(tag).not.toMatch(/\son[a-z]+\s*=/);
        expect(tag).not.toMatch(/(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):/);
        expect(tag).not.toContain("style=");
        expect(tag).not.toMatch(/href="\/\//);
      }
    });
  }
  describe("text too tangled to parse", () => {
    it("shows thousands of nested quotes as plain text instead of overflowing the stack", () => {
      const html = renderMarkdown(`${">".repeat(3000)} 결제 <b>오류</b>`);
      expect(html).toMatch(/^<p>(&gt;){3000} 결제 &lt;b&gt;오류&lt;\/b&gt;<\/p>$/);
    });

    it("shows long runs of emphasis markers as plain text (marked recursed for seconds, then threw)", () => {
      for (const marker of ["*", "_"]) {
        const text = `${marker.repeat(3000)}x${marker.repeat(3000)}`;
        expect(renderMarkdown(text)).toBe(`<p>${text}</p>`);
      }
    });

    it("keeps Markdown whose nesting a person writes, rules and deeply indented fenced code", () => {
      const text = [
        "> quote",
        "> > inside",
        "- one",
        "  - two",
        "    - three",
        "",
        "*".repeat(40),
        "",
        "```json",
        `${" ".repeat(80)}"deep": true`,
        "```",
      ].join("\n");
      const html = renderMarkdown(text);
      expect(html).toContain("<blockquote>");
      expect(html).toContain("<li>three</li>");
      expect(html).toContain("<hr />");
      expect(html).toContain('<code class="language-json">');
    });

    it("splits plain text into paragraphs and keeps its line breaks", () => {
      const text = `${"- ".repeat(40)}x\nnext line\n\n${"*".repeat(20)}y`;
      expect(renderMarkdown(text)).toBe(
        `<p>${"- ".repeat(40)}x<br>next line</p>\n<p>${"*".repeat(20)}y</p>`,
      );
    });
  });
  describe("long text, rendered in pieces", () => {
    const paragraph = (i: number) =>
      `Paragraph ${i}: 결제 오류가 **다시** 났어요. ${"word ".repeat(40)}`;
    const long = Array.from({ length: 200 }, (_, i) => paragraph(i)).join("\n\n");

    it("cuts only at blank lines before a paragraph, never inside fenced code", () => {
      const fenced = `${long}\n\n\`\`\`\n${"code line\n\nnext\n".repeat(2_000)}\`\`\`\n\nAfter.`;
      const pieces = markdownPieces(fenced);
      expect(pieces.length).toBeGreaterThan(2);
      expect(pieces.join("\n")).toBe(fenced);
      const withFence = pieces.find((p) => p.includes("```"));
      expect(withFence?.match(/```/g)).toHaveLength(2);
    });

    it("keeps text with reference-style links whole", () => {
      expect(markdownPieces(`${long}\n\n[see][1]\n\n[1]: https://example.com`)).toHaveLength(1);
    });

    it("renders the same HTML as in one go", async () => {
      const [html] = await renderMarkdownEach([long]);
      expect(markdownPieces(long).length).toBeGreaterThan(1);
      // (A different text, so neither answer comes from the other's cache entry.)
      expect(html).toBe(renderMarkdown(`${long}\n`));
      expect(await renderMarkdownEach(["", "  ", "**a**"])).toEqual([
        "",
        "",
        "<p><strong>a</strong></p>\n",
      ]);
    });
  });
});
