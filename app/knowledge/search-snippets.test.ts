import { describe, expect, it } from "vitest";
import { eachWord, groupsHeld, type HitWords, hitOf, WORD } from "./search-hits";
import { nearness, pairBonus, passage, snippetOf } from "./search-snippets";
import type { SnippetPart } from "./search-types";

const wordsOf = (text: string) => {
  const out: string[] = [];
  eachWord(text, (start, end) => out.push(text.slice(start, end)));
  return out;
};

describe("eachWord", () => {
  it("reads the same words as the word pattern, in English, Korean and beyond", () => {
    for (const text of [
      "",
      "  ",
      "TypeError: Cannot read properties of undefined (reading 'email')",
      "at InvoiceRenderer.render (app/billing/invoice-renderer.server.ts:118:13)",
      "결제 버튼이 비활성화됨 — PG사 승인 API 응답 지연",
      "Café crème, naïve ŚWIĘTY_1 and ERR_PAYMENT_DECLINED",
      "emoji 🎉 between 𝒜𝓁𝓅𝒽𝒶 words 𠀋 and 漢字",
      "tabs\tand\nnew lines,commas;semi",
    ])
      expect(wordsOf(text)).toEqual(text.match(WORD) ?? []);
  });

  it("numbers the words in order", () => {
    const positions: number[] = [];
    eachWord("one, two; three", (_s, _e, position) => positions.push(position));
    expect(positions).toEqual([0, 1, 2]);
  });
});

describe("snippets and nearness", () => {
  const words = { latin: ["retry", "policy"], prefix: null, hangul: [] };

  it("marks the hits in the passage holding most of the query's words", () => {
    const parts = snippetOf(
      [
        "Nothing here about it at all.",
        "A long preamble. The retry policy doubled the wait after each failure.",
      ],
      words,
    );
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["retry", "policy"]);
  });

  it("reads a write-up's Markdown as its page shows it: no emphasis, code or line marks", () => {
    const text = (fields: string[], w: HitWords) =>
      snippetOf(fields, w)
        .map((p) => p.text)
        .join("");
    const payment = { latin: [], prefix: null, hangul: ["결제"] };
    expect(
      text(["카드 결제 후 화면에 **결제 오류 E4012** 가 표시되고 `PG_TIMEOUT`."], payment),
    ).toBe("카드 결제 후 화면에 결제 오류 E4012 가 표시되고 PG_TIMEOUT.");
    const retry = { latin: ["retry"], prefix: null, hangul: [] };
    expect(
      text(
        ["Retry\n\n## Why\n\n- the **retry** loop\n> - never ~~stopped~~\n```ts\nretry()\n```"],
        retry,
      ),
    ).toBe("Retry Why the retry loop never stopped ts retry()");
    // A lone star or a symbol of the text itself stays: it is not Markdown's.
    expect(text(["SELECT * FROM jobs WHERE retry > 3"], retry)).toBe(
      "SELECT * FROM jobs WHERE retry > 3",
    );
    // The hits are still the words themselves.
    expect(
      snippetOf(["the **retry** loop"], retry)
        .filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual(["retry"]);
  });

  it("gives side-by-side words the full bonus, near ones half, apart ones none", () => {
    const of = (body: string) => nearness({ title: "", body: [body] }, words, 2);
    expect(of("the retry policy")).toBe(1);
    expect(of("the retry and its policy")).toBe(0.5);
    expect(of("retry a b c d e f policy")).toBe(0);
  });
});

describe("groupsHeld", () => {
  const group = (latin: string[], prefix: string | null = null, hangul: string[] = []) => ({
    latin,
    prefix,
    hangul,
  });

  it("finds a word as itself or a form of it, only where a word starts", () => {
    const texts = ["Servers restarted", "The invoicing job, a PREINVOICE step"];
    expect(
      groupsHeld(texts, [
        group(["server"]),
        group(["invoice"]),
        group(["restart", "reboot"]),
        group(["voice"]),
        group(["db"]),
      ]),
    ).toEqual([true, true, true, false, false]);
  });

  it("reads a word being typed, Hangul inside words and across spaces, and accented text", () => {
    expect(
      groupsHeld(
        ["The settlement file", "결제 버튼이 안 눌려요", "Café crème"],
        [
          group([], "settl"),
          group([], "se"),
          group([], null, ["결제버튼"]),
          group(["cafe"]),
          group(["creme"]),
          group(["latte"]),
        ],
      ),
    ).toEqual([true, true, true, true, true, false]);
  });

  it("finds a form the index's porter stemmer reads alike, however it ends", () => {
    const texts = ["The global load balancing service", "Generously relational"];
    expect(
      groupsHeld(texts, [
        group(["balancer"]),
        group(["generous"]),
        group(["relate"]),
        group(["balloon"]),
        group(["genre"]),
      ]),
    ).toEqual([true, true, true, false, false]);
  });

  it("reads a number's plural as the number, as the index's stemmer does ('404s': 404)", () => {
    expect(
      groupsHeld(
        ["Customers saw Google 404 errors", "The 1990s code, 500s on retry"],
        [group(["404s"]), group(["1990"]), group(["500"]), group(["4040"]), group(["40s"])],
      ),
    ).toEqual([true, true, true, false, false]);
    // (Read word by word too: accented text.)
    expect(groupsHeld(["Café: 404 on every page"], [group(["404s"])])).toEqual([true]);
    const parts = snippetOf(["Customers saw Google 404 errors on their websites."], {
      latin: ["404s"],
      prefix: null,
      hangul: [],
    });
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["404"]);
  });

  it("finds a form written apart only with its words side by side, in order ('http 3': HTTP/3)", () => {
    const http3 = { ...group(["http3"]), phrases: [["http", "3"]] };
    const dataCenter = { ...group(["datacenter"]), phrases: [["data", "center"]] };
    expect(
      groupsHeld(
        ["A problem in the HTTP/3 implementation", "Two Data Centers"],
        [http3, dataCenter],
      ),
    ).toEqual([true, true]);
    // The words apart, or in the other order, are not the name.
    expect(
      groupsHeld(["HTTP errors on 3 hosts", "center of the data"], [http3, dataCenter]),
    ).toEqual([false, false]);
    // Where the first word comes twice, the second time holding the name.
    expect(groupsHeld(["HTTP errors first, then HTTP/3 ones"], [http3])).toEqual([true]);
    // (A text lowercased to other lengths, and with accents, is read word by word the same way.)
    expect(groupsHeld(["İstanbul café over HTTP/3"], [http3])).toEqual([true]);
  });
});

/** A fixed pseudo-random walk over words, forms, Hangul with particles and punctuation. */
function randomTexts(count: number, extra: readonly string[] = [], most = 40) {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const vocabulary = [
    "retry",
    "Retries",
    "policy",
    "POLICIES",
    "the",
    "a",
    "invoice",
    "invoicing",
    "preinvoice",
    "db",
    "DB_URL",
    "결제가",
    "자동결제",
    "버튼",
    "err_payment_declined",
    "x",
    "timeout",
    ...extra,
  ];
  const glue = [" ", ", ", ". ", " — ", "\n", "(", ") ", "/", "-"];
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = "";
    const length = 1 + next(most);
    for (let i = 0; i < length; i++)
      text += vocabulary[next(vocabulary.length)] + (glue[next(glue.length)] as string);
    texts.push(text);
  }
  return texts;
}

const randomQueries = [
  { latin: ["retry", "policy"], prefix: null, hangul: [] },
  { latin: ["invoice", "db"], prefix: "ti", hangul: ["결제"] },
  { latin: ["err_payment_declined", "timeout"], prefix: null, hangul: ["버튼"] },
];

describe("snippetOf", () => {
  it("shows the same passage when it looks for the query's words as when it reads every word", () => {
    const texts = randomTexts(600, ["Café", "naïve", "retrý"]);
    let compared = 0;
    for (let n = 0; n + 2 < texts.length; n += 3) {
      const fields = [texts[n] as string, "", texts[n + 1] as string, texts[n + 2] as string];
      for (const words of randomQueries) {
        expect(snippetOf(fields, words), fields.join(" | ")).toEqual(
          snippetOf(fields, words, true),
        );
        compared++;
      }
    }
    expect(compared).toBe(600);
  });
});

/**
 * The passage as first written: every word a token, a window of 14 words slid one word at a
 * time, the first with the most distinct hits (then hits) kept, shown from two words before its
 * first hit. snippetOf only places the hits; it must show the same.
 */
function slidingSnippet(fields: readonly string[], words: HitWords): SnippetPart[] {
  const SIZE = 14;
  let best: {
    text: string;
    toks: { start: number; end: number; hit: number }[];
    from: number;
    score: number;
  } | null = null;
  const lowered = fields.map((f) => f.toLowerCase());
  const mayHold = (i: number) =>
    /[\u00C0-\u024F\u1E00-\u1EFF]/.test(fields[i] as string) ||
    words.latin.some((q) => (lowered[i] as string).includes(q.slice(0, 4))) ||
    (words.prefix !== null && (lowered[i] as string).includes(words.prefix)) ||
    words.hangul.some((h) => (lowered[i] as string).includes(h));
  const readable = fields.flatMap((f, i) => (f && mayHold(i) ? [i] : []));
  for (const i of readable.length ? readable : fields.map((_f, j) => j)) {
    const text = fields[i] as string;
    const toks: { start: number; end: number; hit: number }[] = [];
    eachWord(text, (start, end) =>
      toks.push({ start, end, hit: hitOf(text.slice(start, end), words) }),
    );
    if (!toks.length) continue;
    const scoreAt = (from: number) => {
      const inWindow = toks.slice(from, from + SIZE).filter((t) => t.hit >= 0);
      return new Set(inWindow.map((t) => t.hit)).size * 100 + inWindow.length;
    };
    let from = 0;
    let score = scoreAt(0);
    for (let f = 1; f + SIZE <= toks.length; f++)
      if (scoreAt(f) > score) {
        score = scoreAt(f);
        from = f;
      }
    if (!best || score > best.score) best = { text, toks, from, score };
  }
  if (!best) return [];
  const { text, toks, from } = best;
  const firstHit = toks.slice(from, from + SIZE).findIndex((t) => t.hit >= 0);
  const start = Math.max(0, Math.min(from + Math.max(0, firstHit - 2), toks.length - SIZE));
  // The passage is drawn as snippetOf draws it: the window is what is compared.
  return passage(text, toks.slice(start, start + SIZE), start > 0);
}

describe("snippetOf against a sliding window", () => {
  it("shows the passage a window slid word by word finds, in short texts and long ones", () => {
    const texts = randomTexts(900, ["Café", "naïve"], 160);
    const shapes = new Set<string>();
    for (let n = 0; n + 2 < texts.length; n += 3) {
      const fields = [texts[n] as string, "", texts[n + 1] as string, texts[n + 2] as string];
      for (const words of randomQueries) {
        const shown = snippetOf(fields, words);
        expect(shown, fields.join(" | ")).toEqual(slidingSnippet(fields, words));
        shapes.add(`${shown[0]?.text === "…"}|${shown.some((p) => p.hit)}`);
      }
    }
    // Passages from the start and from further in, with hits and (where none is held) without.
    expect(shapes.has("true|true") && shapes.has("false|true")).toBe(true);
  });
});

describe("pairBonus", () => {
  it("finds the same pairs by looking for the query's words as by reading every word", () => {
    let compared = 0;
    const seen = new Set<number>();
    for (const text of randomTexts(400)) {
      for (const words of randomQueries) {
        const bonus = pairBonus(text, words);
        expect(bonus, text).toBe(pairBonus(text, words, true));
        seen.add(bonus);
        compared++;
      }
    }
    expect(compared).toBe(1200);
    expect([...seen].sort()).toEqual([0, 0.5, 1]);
  });
});
