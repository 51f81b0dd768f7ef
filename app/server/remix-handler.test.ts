import { describe, expect, it } from "vitest";
import { BODY_PIECE_BYTES, inPieces } from "./remix-handler";

describe("a body handed to Remix", () => {
  it("reaches it whole, a piece of at most 64 KB per turn of the event loop when it is large", async () => {
    const body = Buffer.alloc(BODY_PIECE_BYTES * 5 + 123);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7919) % 251;
    let turns = 0;
    let turning = true;
    const count = () => {
      turns++;
      if (turning) setImmediate(count);
    };
    setImmediate(count);
    const pieces: { bytes: number; turnsBefore: number }[] = [];
    const request = new Request("http://koan.test/", {
      method: "POST",
      body: inPieces(body),
      duplex: "half",
    } as RequestInit);
    const reader = (request.body as ReadableStream<Uint8Array>).getReader();
    const received: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received.push(value);
      pieces.push({ bytes: value.byteLength, turnsBefore: turns });
    }
    turning = false;
    expect(Buffer.concat(received).equals(body)).toBe(true);
    expect(pieces.length).toBe(6);
    expect(Math.max(...pieces.map((p) => p.bytes))).toBeLessThanOrEqual(BODY_PIECE_BYTES);
    // Other work (here, a timer's turn) runs between every two pieces.
    for (let i = 1; i < pieces.length; i++) {
      expect(pieces[i]?.turnsBefore).toBeGreaterThan(pieces[i - 1]?.turnsBefore ?? 0);
    }
  });

  it("a small body is handed over as it is", async () => {
    const body = Buffer.from("intent=claim&ticketId=12 한국어");
    const request = new Request("http://koan.test/", { method: "POST", body: inPieces(body) });
    expect(await request.text()).toBe("intent=claim&ticketId=12 한국어");
  });
});
