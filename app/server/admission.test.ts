import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { admission } from "./app";
import { bodyFirst } from "./body-first";
import { type AdmissionPlace, outputFlow } from "./output-flow";

// A few requests at a time, the rest in arrival order: checked on a real HTTP server.

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function serve(limit: number, options: { bodyFirst?: boolean } = {}) {
  const log: string[] = [];
  let active = 0;
  let peak = 0;
  const gates = new Map<string, () => void>();
  const app = express();
  // As in Koan's server: a request's body is read whole before it joins the line.
  if (options.bodyFirst)
    app.use(bodyFirst({ maxBytes: 1024 * 1024, safeMethods: new Set(["GET", "HEAD"]) }));
  app.use(admission(limit));
  app.get("/healthz", (_req, res) => {
    res.send("ok");
  });
  app.all("/work/:name", async (req, res) => {
    active++;
    peak = Math.max(peak, active);
    log.push(`start ${req.params.name}`);
    await new Promise<void>((resolve) => gates.set(req.params.name, resolve));
    active--;
    log.push(`end ${req.params.name}`);
    res.send(req.params.name);
    // As Koan's request handler does once its work has ended, whether or not the client stayed.
    (res.locals.leaveAdmission as (() => void) | undefined)?.();
  });
  // A download made only as fast as it is read, as the knowledge-base export is (64 KB chunks).
  let streamed = 0;
  app.get("/stream", async (_req, res) => {
    const untilWritable = outputFlow(res, res.locals.admissionPlace as AdmissionPlace | undefined);
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    for (let i = 0; i < 400 && (await untilWritable()); i++) {
      res.write(Buffer.alloc(64 * 1024, 65));
      streamed++;
    }
    res.end();
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  };
  return { base, log, gates, peak: () => peak, until, streamed: () => streamed };
}

describe("admission", () => {
  it("works on at most `limit` requests at once and lets the others in, in arrival order", async () => {
    const s = await serve(2);
    const answers: Promise<string>[] = [];
    for (const name of ["a", "b", "c", "d", "e"]) {
      answers.push(fetch(`${s.base}/work/${name}`).then((r) => r.text()));
      await s.until(() => s.log.length >= Math.min(2, answers.length));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(s.log).toEqual(["start a", "start b"]);
    // Health checks skip the line.
    expect(await (await fetch(`${s.base}/healthz`)).text()).toBe("ok");
    for (const name of ["a", "b", "c", "d", "e"]) {
      await s.until(() => s.gates.has(name));
      s.gates.get(name)?.();
    }
    expect(await Promise.all(answers)).toEqual(["a", "b", "c", "d", "e"]);
    expect(s.log.filter((line) => line.startsWith("start"))).toEqual([
      "start a",
      "start b",
      "start c",
      "start d",
      "start e",
    ]);
    expect(s.peak()).toBe(2);
  });

  it("gives the place of a client that gave up while waiting to the next one", async () => {
    const s = await serve(1);
    const first = fetch(`${s.base}/work/a`).then((r) => r.text());
    await s.until(() => s.log.length === 1);
    const controller = new AbortController();
    const gaveUp = fetch(`${s.base}/work/b`, { signal: controller.signal }).catch(() => "aborted");
    const third = fetch(`${s.base}/work/c`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await new Promise((r) => setTimeout(r, 50));
    s.gates.get("a")?.();
    await s.until(() => s.gates.has("c"));
    s.gates.get("c")?.();
    expect(await first).toBe("a");
    expect(await gaveUp).toBe("aborted");
    expect(await third).toBe("c");
    expect(s.log).toEqual(["start a", "end a", "start c", "end c"]);
  });

  it("keeps the place of a client that left mid-work until that work has ended", async () => {
    const s = await serve(1);
    const controller = new AbortController();
    const left = fetch(`${s.base}/work/a`, { signal: controller.signal }).catch(() => "aborted");
    await s.until(() => s.log.length === 1);
    controller.abort();
    expect(await left).toBe("aborted");
    const next = fetch(`${s.base}/work/b`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    // a's search (say) is still running for nobody: b waits instead of running beside it.
    expect(s.log).toEqual(["start a"]);
    s.gates.get("a")?.();
    await s.until(() => s.gates.has("b"));
    s.gates.get("b")?.();
    expect(await next).toBe("b");
    expect(s.log).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("answers a form that waited in line after its body was read (it hung, seen as gone)", async () => {
    // Node destroys a request a turn after its body has been read; a POST whose turn came later
    // was taken for a client that had left, and never answered.
    const s = await serve(1, { bodyFirst: true });
    const first = fetch(`${s.base}/work/a`).then((r) => r.text());
    await s.until(() => s.log.length === 1);
    const posted = fetch(`${s.base}/work/b`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "comment=%EB%B4%A4%EC%96%B4%EC%9A%94",
      signal: AbortSignal.timeout(5_000),
    }).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    s.gates.get("a")?.();
    await s.until(() => s.gates.has("b"));
    s.gates.get("b")?.();
    expect(await first).toBe("a");
    expect(await posted).toBe("b");
    expect(s.log).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("lets pages in while a download waits for a client that does not read", async () => {
    // Its place was held for as long as its client held on: eight such downloads (one place
    // here) and no page was answered.
    const s = await serve(1);
    const stalled = http.get(`${s.base}/stream`, { agent: false }, (res) => res.pause());
    stalled.on("error", () => {});
    try {
      // Sent until the sockets are full: then it waits for a read that does not come.
      await s.until(() => s.streamed() > 0);
      let before = -1;
      while (before !== s.streamed()) {
        before = s.streamed();
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(s.streamed()).toBeLessThan(400);
      const page = fetch(`${s.base}/work/b`, { signal: AbortSignal.timeout(5_000) });
      await s.until(() => s.gates.has("b"));
      s.gates.get("b")?.();
      expect(await (await page).text()).toBe("b");
    } finally {
      stalled.destroy();
    }
  });
});
