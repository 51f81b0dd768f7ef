import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { logger } from "~/lib/logger.server";
import { type WordSet, wordSetOf } from "./english-words.server";

// Whether a Hangul word is a Korean word (the `dictionary-ko` package: hunspell-dict-ko's ~99,700
// stems, nouns as they are and verbs in their dictionary form). Typo correction asks it, as it asks
// the English list, so that a real word the knowledge base happens not to hold is never rewritten
// into another: on the demo, 수정 ("fix") was searched as 수점, 순서 ("order") as 문서
// ("document"), 회고 ("retrospective") as 하고, 리뷰 as 리보 and 느림 ("slow") as 뜨림, because
// no write-up there held them. A real word is still corrected where the correction stands beside
// a neighbouring query word in some write-up (결재 재시도 → 결제 재시도), as English words are.
//
// Only the .dic file is read (2.8 MB; the package's own entry would also read its 11 MB affix
// file): each line is a stem in decomposed jamo and its flags. The stems are composed (NFC) and
// kept as hashes in the English list's table, in slices that let other requests run.

/** Characters of the .dic composed between two turns of the event loop while loading. */
const SLICE = 8_192;
const HANGUL_WORD = /^[가-힣]+$/;
/** The final-consonant index of ㅁ in a composed syllable (느림 = 느리 + ㅁ). */
const FINAL_M = 16;

function dictionaryFile(): string {
  const entry = createRequire(import.meta.url).resolve("dictionary-ko");
  return path.join(path.dirname(entry), "index.dic");
}

/** The stems of a hunspell .dic text, composed, Hangul ones only, newline-separated. */
async function hangulStems(dic: string): Promise<string> {
  const stems: string[] = [];
  // The first line is the count of entries. Composed a slice of whole lines at a time: one call
  // over 8 KB is far quicker than one per line.
  for (let start = dic.indexOf("\n") + 1; start > 0 && start < dic.length; ) {
    const cut = dic.indexOf("\n", Math.min(dic.length, start + SLICE));
    const end = cut === -1 ? dic.length : cut;
    const slice = dic.slice(start, end).normalize("NFC");
    for (let at = 0; at < slice.length; ) {
      const newline = slice.indexOf("\n", at);
      const lineEnd = newline === -1 ? slice.length : newline;
      const slash = slice.indexOf("/", at);
      const stem = slice.slice(at, slash !== -1 && slash < lineEnd ? slash : lineEnd).trim();
      if (HANGUL_WORD.test(stem)) stems.push(stem);
      at = lineEnd + 1;
    }
    start = end + 1;
    if (start < dic.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return stems.join("\n");
}

let loaded: Promise<WordSet> | null = null;

/** The Korean word list, loaded once per process (the server starts it when it is listening). */
export function koreanWords(): Promise<WordSet> {
  loaded ??= (async () => {
    try {
      return await wordSetOf(await hangulStems(await fs.readFile(dictionaryFile(), "utf8")));
    } catch (error) {
      // Without the list, Korean corrections fall back to the index alone: worse, never broken.
      logger.error("reading the Korean word list failed", { error: String(error) });
      return wordSetOf("");
    }
  })();
  return loaded;
}

/**
 * Whether `word` (Hangul, without its particle) is a Korean word: a stem of the list, or a verb's
 * noun form whose verb is (느림: 느리다, 깨짐: 깨지다, 먹음: 먹다).
 */
export async function isKoreanWord(word: string): Promise<boolean> {
  if (!HANGUL_WORD.test(word)) return false;
  const words = await koreanWords();
  if (words.has(word)) return true;
  const head = word.slice(0, -1);
  const last = word.charCodeAt(word.length - 1) - 0xac00;
  if (
    last % 28 === FINAL_M &&
    words.has(`${head}${String.fromCharCode(0xac00 + last - FINAL_M)}다`)
  )
    return true;
  return word.length > 1 && word.endsWith("음") && words.has(`${head}다`);
}
