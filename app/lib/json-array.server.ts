import { Tokenizer, TokenParser, TokenType } from "@streamparser/json";
import { timeSlicer } from "./time-slice";

// An uploaded JSON array (a ticket import, a knowledge-base import) read a piece at a time with
// pauses between pieces: JSON.parse of a 10 MB upload held the event loop for 150–300 ms in one
// go. @streamparser/json hands over each element of the top-level array as it is completed.

/** Bytes handed to the parser per step. */
const PIECE_BYTES = 16 * 1024;
/**
 * Arrays and objects open inside one another at most: an import's rows need a few levels. The
 * parser's cost per level grows with the depth: 64 KB of "[" held the process for 100–270 ms, a
 * file of a million for 3.6 s.
 */
const MAX_DEPTH = 64;

export type JsonArrayRead =
  | { ok: true; items: unknown[] }
  /** Not JSON; `line` is where reading stopped (1-based), when known. */
  | { ok: false; reason: "invalid"; line: number | null }
  /** JSON, but not an array. */
  | { ok: false; reason: "notArray" };

/** The 1-based line of a byte offset in `bytes`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  for (let at = bytes.indexOf(10); at !== -1 && at < end; at = bytes.indexOf(10, at + 1)) line++;
  return line;
}

/**
 * The elements of the JSON array in `content`, read in pieces that let other requests run in
 * between. Anything else (not JSON, JSON that is not an array, more than one value) says so.
 */
export async function readJsonArray(content: string | Uint8Array): Promise<JsonArrayRead> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const slice = timeSlicer();
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.*"], keepStack: false });
  const items: unknown[] = [];
  let first: TokenType | null = null;
  let lastOffset = 0;
  const invalid = (): JsonArrayRead => ({
    ok: false,
    reason: "invalid",
    line: first === null ? null : lineAt(bytes, lastOffset),
  });
  let depth = 0;
  tokenizer.onToken = (token) => {
    first ??= token.token;
    lastOffset = token.offset;
    if (token.token === TokenType.LEFT_BRACKET || token.token === TokenType.LEFT_BRACE) {
      if (++depth > MAX_DEPTH) throw new Error("nested too deeply");
    } else if (token.token === TokenType.RIGHT_BRACKET || token.token === TokenType.RIGHT_BRACE)
      depth--;
    parser.write(token);
  };
  parser.onValue = ({ value }) => {
    if (first === TokenType.LEFT_BRACKET) items.push(value);
  };
  try {
    for (let at = 0; at < bytes.length && !tokenizer.isEnded; at += PIECE_BYTES) {
      tokenizer.write(bytes.subarray(at, at + PIECE_BYTES));
      await slice();
    }
    // The array's closing bracket ends the parser: text after it (but spaces) is not allowed.
    if (!tokenizer.isEnded) tokenizer.end();
    if (!parser.isEnded) return invalid();
  } catch {
    return invalid();
  }
  return first === TokenType.LEFT_BRACKET ? { ok: true, items } : { ok: false, reason: "notArray" };
}
