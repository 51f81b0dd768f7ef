import { describe, expect, it } from "vitest";
import { renderMarkdown, renderMarkdownEach } from "./markdown.server";
import { markdownHtml } from "./markdown-html.server";

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

  it("shows no direction override: notes read as written, not reversed", () => {
    // U+202E turns "gnp.exe" into what reads as "exe.png"; U+2066–2069 are isolates.
    const notes = "로그 파일 \u202Egnp.exe\u202C 첨부, \u2067격리\u2069 끝\n\n```\nrm \u202Dx\n```";
    const html = renderMarkdown(notes);
    expect(html).toContain("로그 파일 gnp.exe 첨부, 격리 끝");
    expect(html).toContain("rm x");
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // Text too tangled for Markdown is shown as plain text, without them too.
    expect(markdownHtml(`${">".repeat(40)} \u202Eabc`)).not.toContain("\u202E");
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
  describe("long text, rendered off the request thread", () => {
    const item = (i: number) =>
      `- 항목 ${i}: 결제 오류가 **다시** 났어요, \`retry()\` [log](https://e.x/${i})`;
    const list = Array.from({ length: 900 }, (_, i) => item(i)).join("\n");

    it("renders a long text in the worker exactly as on the request thread", async () => {
      expect(list.length).toBeGreaterThan(50_000);
      const [html] = await renderMarkdownEach([list]);
      expect(html).toBe(markdownHtml(list));
      expect(html).toContain("<li>항목 899: 결제 오류가 <strong>다시</strong> 났어요");
      expect(await renderMarkdownEach(["", "  ", "**a**"])).toEqual([
        "",
        "",
        "<p><strong>a</strong></p>\n",
      ]);
    });

    it("keeps the event loop turning while a long list renders (it held it ~200 ms per 50 KB)", async () => {
      const longer = `${list}\n${list.replaceAll("항목", "item")}`;
      let turns = 0;
      let rendering = true;
      const counting = (async () => {
        while (rendering) {
          await new Promise((resolve) => setImmediate(resolve));
          turns++;
        }
      })();
      const [html] = await renderMarkdownEach([longer]);
      rendering = false;
      await counting;
      expect(html).toContain("<li>item 899:");
      // Rendered inline, the whole text is one synchronous block: a turn or two at most.
      expect(turns).toBeGreaterThan(20);
    });

    it("asks the worker once for a text two pages want at the same time", async () => {
      const text = `${list}\n- once more`;
      const [a, b] = await Promise.all([renderMarkdownEach([text]), renderMarkdownEach([text])]);
      expect(a).toEqual(b);
      expect(a[0]).toContain("<li>once more</li>");
    });

    it("shows what is too tangled as plain text, off the thread too", async () => {
      const tangled = `${"> ".repeat(5_000)}deep\n\n${list}`;
      const [html] = await renderMarkdownEach([tangled]);
      expect(html?.startsWith("<p>&gt; &gt; ")).toBe(true);
      expect(html).not.toContain("<blockquote>");
    });
  });
});
