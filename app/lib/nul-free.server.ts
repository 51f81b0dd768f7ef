import { Transform, type TransformCallback } from "node:stream";

/**
 * A page's HTML stream without NUL bytes. React 18.3.1's streaming renderer (writeStringChunk in
 * react-dom/server) sends on its whole 2,048-byte buffer when a text's next character doesn't fit
 * in what is left of it, the unfilled bytes as zeros: a Korean page (three bytes a syllable) got
 * one or two of them about every 2 KB. A browser drops them from text but shows them as � inside
 * attributes and form fields, so a screen reader read "�메뉴" and a form saved before the scripts
 * loaded stored "쿠�키". No UTF-8 byte of any other character is zero, and an HTML page needs no
 * U+0000, so every zero byte goes.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      done(null, chunk.indexOf(0) < 0 ? chunk : dropZeros(chunk));
    },
  });
}

function dropZeros(chunk: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let zero = chunk.indexOf(0); zero >= 0; zero = chunk.indexOf(0, from)) {
    if (zero > from) parts.push(chunk.subarray(from, zero));
    from = zero + 1;
  }
  if (from < chunk.length) parts.push(chunk.subarray(from));
  return Buffer.concat(parts);
}
