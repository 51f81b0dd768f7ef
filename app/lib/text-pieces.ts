// An uploaded file's text, decoded and tidied a piece at a time between pauses (lib/time-slice):
// decoding, checking and re-encoding an 8 MB upload in one go held the event loop for a long
// stretch of its own (issue 12, item 4). The pieces, joined, are the file's whole text.

import iconv from "iconv-lite";

/** Bytes (or characters, for text already decoded) handled per step. */
export const TEXT_PIECE_SIZE = 64 * 1024;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A decoded string cut into pieces of about TEXT_PIECE_SIZE, never inside a surrogate pair. */
function* stringPieces(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + TEXT_PIECE_SIZE, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    yield text.slice(at, end);
    at = end;
  }
}

/**
 * The encodings an upload may be read in: UTF-8, or Korean Windows' code page 949 (EUC-KR and
 * its 8,822 more syllables), which Excel there saves a CSV in.
 */
export type TextEncoding = "utf-8" | "cp949";

/** Bytes as Korean Windows' code page 949, or null when some are not. */
export function decodeCp949(bytes: Uint8Array): string | null {
  const text = iconv.decode(Buffer.from(bytes), "cp949");
  return text.includes("\uFFFD") ? null : text;
}

/** Bytes decoded a piece at a time; throws on bytes that are not in `encoding`. */
function* decodedPieces(bytes: Uint8Array, encoding: TextEncoding): Generator<string> {
  if (encoding === "cp949") {
    // Node's own EUC-KR decoder lacks code page 949's extra syllables (똠, 햏): iconv-lite has
    // them. It marks bytes it can't read with U+FFFD rather than throwing.
    const decoder = iconv.getDecoder("cp949");
    const checked = (text: string) => {
      if (text.includes("\uFFFD")) throw new Error("not code page 949");
      return text;
    };
    for (let at = 0; at < bytes.length; at += TEXT_PIECE_SIZE)
      yield checked(decoder.write(Buffer.from(bytes.subarray(at, at + TEXT_PIECE_SIZE))));
    yield checked(decoder.end() ?? "");
    return;
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let at = 0; at < bytes.length; at += TEXT_PIECE_SIZE) {
    yield decoder.decode(bytes.subarray(at, at + TEXT_PIECE_SIZE), { stream: true });
  }
  yield decoder.decode();
}

/**
 * The text of an uploaded file as pieces of about 64 KB, made with `slice()` between them. Null
 * when it is not text: bytes that are not UTF-8 (or `opts.encoding`), or a NUL character. A leading byte-order mark is
 * dropped; with `newlines: "lf"`, CRLF and CR line endings become LF (a CRLF cut between two
 * pieces included). Pieces never split a character, so each can be encoded on its own.
 */
export async function textPieces(
  content: string | Uint8Array,
  slice: () => Promise<void>,
  opts: { newlines: "lf" | "keep"; encoding?: TextEncoding },
): Promise<string[] | null> {
  const pieces: string[] = [];
  let first = true;
  let heldCr = false;
  try {
    for (let piece of typeof content === "string"
      ? stringPieces(content)
      : decodedPieces(content, opts.encoding ?? "utf-8")) {
      if (piece.includes("\u0000")) return null;
      if (first && piece) {
        piece = piece.replace(/^\uFEFF/, "");
        first = false;
      }
      if (opts.newlines === "lf") {
        if (heldCr) piece = `\r${piece}`;
        // A CR at a piece's end may be the first half of a CRLF: it waits for the next piece.
        heldCr = piece.endsWith("\r");
        if (heldCr) piece = piece.slice(0, -1);
        piece = piece.replace(/\r\n?/g, "\n");
      }
      if (piece) pieces.push(piece);
      await slice();
    }
  } catch {
    return null;
  }
  if (heldCr) pieces.push("\n");
  return pieces;
}
