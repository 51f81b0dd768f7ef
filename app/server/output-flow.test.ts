import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Response } from "express";
import { afterEach, expect, it } from "vitest";
import { outputFlow } from "./output-flow";

// A streamed body asks `untilWritable()` before making each chunk: it must wait while the client
// is behind, go on once it has read, and say so once the client has hung up (Remix would go on
// reading the body and writing it into the void: a hung-up zip export ran to its end, holding the
// person's one export, 19.6 s at 100,000 write-ups).

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server whose one response writes 64 KB chunks for as long as `untilWritable` says yes. */
async function streamingServer() {
  let answers: boolean[] = [];
  let finished: (answers: boolean[]) => void = () => {};
  const done = new Promise<boolean[]>((resolve) => {
    finished = resolve;
  });
  const server = http.createServer(async (_req, res) => {
    const untilWritable = outputFlow(res as unknown as Response);
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    const chunk = Buffer.alloc(64 * 1024, 65);
    for (let i = 0; i < 200; i++) {
      const writable = await untilWritable();
      answers.push(writable);
      if (!writable) break;
      res.write(chunk);
    }
    if (!res.destroyed) res.end();
    finished(answers);
    answers = [];
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, done };
}

it("waits for a slow reader and goes on to the end while it reads", async () => {
  const { url, done } = await streamingServer();
  const response = await fetch(url);
  const bytes = (await response.arrayBuffer()).byteLength;
  expect(bytes).toBe(200 * 64 * 1024);
  const answers = await done;
  expect(answers).toHaveLength(200);
  expect(answers.every(Boolean)).toBe(true);
});

it("says the response is gone once its client hangs up, so nothing more is made", async () => {
  const { url, done } = await streamingServer();
  await new Promise<void>((resolve, reject) => {
    const request = http.get(url, { agent: false }, (res) => {
      let read = 0;
      res.on("data", (data: Buffer) => {
        read += data.length;
        if (read > 256 * 1024) {
          request.destroy();
          resolve();
        }
      });
    });
    request.on("error", (error) => {
      if (!request.destroyed) reject(error);
    });
  });
  const answers = await done;
  expect(answers.at(-1)).toBe(false);
  // Stopped soon after the hang-up: far fewer chunks than the 200 a reader would have taken.
  expect(answers.length).toBeLessThan(200);
});
