import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signGithubPayload } from "~/tickets/github.server";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { sendChunked } from "../support/chunked";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The 12 MB body limit counts what streams in, not only what Content-Length declares: a chunked
// body past the limit is answered 413 as soon as it passes the limit (its reading stops there),
// and a small chunked body still works.

const MB = 1024 * 1024;
const SECRET = "body-limit-webhook-secret";
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ GITHUB_WEBHOOK_SECRET: SECRET });
});
afterAll(async () => {
  await server?.stop();
});

describe("chunked bodies", () => {
  it("a 256 MB chunked body to /login or the webhook is answered 413 once past 12 MB, before its end", async () => {
    for (const [path, headers] of [
      ["/login", { "Content-Type": "application/x-www-form-urlencoded" }],
      [
        "/webhooks/github",
        {
          "Content-Type": "application/json",
          "X-GitHub-Event": "issues",
          "X-GitHub-Delivery": "x",
        },
      ],
    ] as const) {
      const answer = await sendChunked(server.url, { path, headers, totalBytes: 256 * MB });
      // Answered before the body ended: the sender stops at 48 MB and waits without ending it,
      // so a server that read bodies whole would not answer at all (status 0).
      expect(answer.status, path).toBe(413);
      expect(answer.body).toBe("That request is too large.");
    }
    // Three at once, then the server still answers normally.
    const many = await Promise.all(
      Array.from({ length: 3 }, () =>
        sendChunked(server.url, {
          path: "/login",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          totalBytes: 40 * MB,
        }),
      ),
    );
    expect(many.map((a) => a.status)).toEqual([413, 413, 413]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).not.toMatch(/"level":"error"|"level":50/);
  });

  it("a small chunked body is read whole: a log-in and a signed webhook delivery work", async () => {
    const login = await sendChunked(server.url, {
      path: "/login",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      prefix: `email=lead%40koan.test&password=${encodeURIComponent(DEMO_PASSWORD)}`,
      totalBytes: 0,
    });
    expect(login.status).toBe(302);
    const payload = JSON.stringify({ zen: "작게, 자주" });
    const ping = await sendChunked(server.url, {
      path: "/webhooks/github",
      headers: {
        "Content-Type": "application/json",
        "X-GitHub-Event": "ping",
        "X-GitHub-Delivery": "chunked-ping",
        "X-Hub-Signature-256": signGithubPayload(SECRET, payload),
      },
      prefix: payload,
      totalBytes: 0,
    });
    expect(ping).toMatchObject({ status: 200, body: JSON.stringify({ status: "pong" }) });
  });
});

/**
 * Sends a POST's headers with `Expect: 100-continue` and no body yet, and returns what the server
 * says first: its whole first answer's head ("HTTP/1.1 100 Continue" or a final status).
 */
function askToContinue(url: string, declaredBytes: number, path = "/login"): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        [
          `POST ${path} HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          "Content-Type: application/x-www-form-urlencoded",
          `Content-Length: ${declaredBytes}`,
          "Expect: 100-continue",
          "",
          "",
        ].join("\r\n"),
      );
    });
    let heard = "";
    socket.on("data", (chunk: Buffer) => {
      heard += chunk.toString("latin1");
      if (heard.includes("\r\n\r\n")) {
        socket.destroy();
        resolve(heard);
      }
    });
    socket.on("error", reject);
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer; heard: ${heard}`));
    });
  });
}

describe("Expect: 100-continue", () => {
  it("a body declared over 12 MB is refused (413) before it is sent; one within the limit is asked for", async () => {
    const over = await askToContinue(server.url, 20 * MB);
    expect(over).toMatch(/^HTTP\/1\.1 413 /);
    expect(over).not.toContain("100 Continue");
    expect(over.toLowerCase()).toContain("connection: close");
    const within = await askToContinue(server.url, 100);
    expect(within).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("an attachment declared over its own 5 MB limit is refused before it is sent, not after", async () => {
    for (const path of ["/attachments", "/attachments.data", "/attachments?index"]) {
      const over = await askToContinue(server.url, 6 * MB, path);
      expect(over).toMatch(/^HTTP\/1\.1 413 /);
      expect(over).not.toContain("100 Continue");
      expect(over.toLowerCase()).toContain("connection: close");
      expect(await askToContinue(server.url, 4 * MB, path)).toMatch(
        /^HTTP\/1\.1 100 Continue\r\n\r\n/,
      );
    }
    // Other routes keep the server's 12 MB.
    expect(await askToContinue(server.url, 6 * MB)).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("a too-large upload from a browser's form", () => {
  const HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  it("gets a page in the person's language naming the limit, what to do, and the way back", async () => {
    // 최유나's setting is Korean; her browser asks for English.
    const yuna = new Browser(server.url);
    await yuna.login("yuna@koan.test", DEMO_PASSWORD);
    const boundary = "----koan-too-large";
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\npreview\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="티켓.csv"\r\n` +
          "Content-Type: text/csv\r\n\r\n",
      ),
      Buffer.alloc(13 * MB, "a"),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const answer = await yuna.request("/tickets/import", {
      method: "POST",
      body,
      headers: {
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
        Accept: HTML,
        "Accept-Language": "en-US,en;q=0.9",
        Referer: `${server.url}/tickets/import`,
      },
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.get("content-type")).toContain("text/html");
    const page = await answer.text();
    expect(page).toContain('<html lang="ko">');
    expect(page).toContain("<h1>업로드가 너무 커요</h1>");
    expect(page).toContain("한 번에 12MB까지 올릴 수 있는데");
    expect(page).toContain('<a href="/tickets/import">양식으로 돌아가기</a>');
  });

  it("in the browser's language for someone signed out, also when the body comes in chunks", async () => {
    const answer = await sendChunked(server.url, {
      path: "/login",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: HTML,
        "Accept-Language": "en-US,en;q=0.9",
        Referer: "https://elsewhere.example/login",
      },
      totalBytes: 40 * MB,
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("<h1>That upload is too large</h1>");
    expect(answer.body).toContain("Koan takes at most 12 MB in one upload");
    // Another site's page is no way back: the form's own address is.
    expect(answer.body).toContain('<a href="/login">Back to the form</a>');
    // A script (no Accept naming HTML) still gets the short plain answer.
    const script = await sendChunked(server.url, {
      path: "/login",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      totalBytes: 40 * MB,
    });
    expect(script).toMatchObject({ status: 413, body: "That request is too large." });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output()).not.toMatch(/"level":"error"|"level":50/);
  });
});
