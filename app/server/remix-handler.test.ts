import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { describe, expect, it } from "vitest";
import { BODY_PIECE_BYTES, inPieces, writeBody } from "./remix-handler";

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

describe("a page written to its client", () => {
  it("is compressed and flushed once per turn of the event loop, not after every chunk", async () => {
    const early = [
      "<!DOCTYPE html>",
      "<main>",
      "<h1>마이 온보딩</h1>",
      "<p>one</p>",
      "<p>two</p>",
      "<p>three</p>",
    ];
    let sendLate: () => void = () => {};
    let flushes = 0;
    const app = express();
    app.use(compression({ threshold: 0 }));
    app.get("/", (_req, res) => {
      const flush = (res as unknown as { flush: () => void }).flush;
      (res as unknown as { flush: () => void }).flush = () => {
        flushes++;
        flush.call(res);
      };
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          // React hands a page over in many small chunks within one turn…
          for (const part of early) controller.enqueue(new TextEncoder().encode(part));
          // …and a later part (a streamed export's next rows) in a later turn.
          sendLate = () => {
            controller.enqueue(new TextEncoder().encode("<p>late</p></main>"));
            controller.close();
          };
        },
      });
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      void writeBody(body, res);
    });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const text = await new Promise<string>((resolve, reject) => {
        http
          .get(
            { port, host: "127.0.0.1", path: "/", headers: { "Accept-Encoding": "gzip" } },
            (res) => {
              expect(res.headers["content-encoding"]).toBe("gzip");
              const gunzip = res.pipe(zlib.createGunzip());
              let received = "";
              gunzip.on("data", (chunk: Buffer) => {
                received += chunk.toString("utf8");
                // What was written in the first turn reached the client before the body ended.
                if (received === early.join("")) sendLate();
              });
              gunzip.on("end", () => resolve(received));
              gunzip.on("error", reject);
            },
          )
          .on("error", reject);
      });
      expect(text).toBe(`${early.join("")}<p>late</p></main>`);
      // One flush for the first turn's six chunks, one for the late chunk's turn (at most).
      expect(flushes).toBeGreaterThanOrEqual(1);
      expect(flushes).toBeLessThanOrEqual(2);
    } finally {
      server.close();
    }
  });
});
