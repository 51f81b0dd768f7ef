import fs from "node:fs/promises";
import wordListPath from "word-list";
import { logger } from "~/lib/logger.server";

// Whether a lowercase Latin word is an English word (the `word-list` package: ~274,000 words,
// inflections included). Typo correction asks it so that a real word the knowledge base happens
// not to hold ("reached", "properties") is never rewritten into something else, and so that a
// correction is a word ("leak" for "leek", not "eached" for "reached").
//
// The words are kept as 32-bit FNV-1a hashes in an open-addressing table (4 MB, built in under
// 100 ms in slices that let other requests run) rather than a Set of strings (45 MB, 280 ms in
// one block). A false "yes" needs a hash collision: about one word in 15,000 that is not English.

const SLOTS = 1 << 20;
const MASK = SLOTS - 1;
/** Characters hashed between two turns of the event loop while loading. */
const SLICE = 400_000;
const OFFSET = 0x811c9dc5;
const PRIME = 16777619;

export interface WordSet {
  has(word: string): boolean;
  readonly size: number;
}

/** FNV-1a over UTF-16 code units, never 0 (0 marks an empty slot). */
function hashOf(word: string): number {
  let h = OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), PRIME);
  return h >>> 0 || 1;
}

/** A hash table of the newline-separated words in `text`, built in slices. */
export async function wordSetOf(text: string): Promise<WordSet> {
  const table = new Uint32Array(SLOTS);
  let size = 0;
  const put = (h: number) => {
    let i = h & MASK;
    while (table[i] !== 0) {
      if (table[i] === h) return;
      i = (i + 1) & MASK;
    }
    table[i] = h;
    size++;
  };
  let h = OFFSET;
  let length = 0;
  for (let start = 0; start < text.length; start += SLICE) {
    const end = Math.min(text.length, start + SLICE);
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (length) put(h >>> 0 || 1);
        h = OFFSET;
        length = 0;
      } else {
        h = Math.imul(h ^ c, PRIME);
        length++;
      }
    }
    if (end < text.length) await new Promise((resolve) => setImmediate(resolve));
  }
  if (length) put(h >>> 0 || 1);
  return {
    has(word: string) {
      const target = hashOf(word);
      for (let i = target & MASK; table[i] !== 0; i = (i + 1) & MASK)
        if (table[i] === target) return true;
      return false;
    },
    get size() {
      return size;
    },
  };
}

let loaded: Promise<WordSet> | null = null;

/** The English word list, loaded once per process (the server starts it when it is listening). */
export function englishWords(): Promise<WordSet> {
  loaded ??= fs
    .readFile(wordListPath, "utf8")
    .catch((error: unknown) => {
      // Without the list, corrections fall back to the index alone: worse, never broken.
      logger.error("reading the English word list failed", { error: String(error) });
      return "";
    })
    .then(wordSetOf);
  return loaded;
}
