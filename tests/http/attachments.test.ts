import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { PNG } from "../support/images";
import { startServer, type TestServer } from "../support/server";

// Attachments through the built server: a multipart upload, the headers a file is served with,
// who may fetch it, and the refusals (too big, wrong type, someone else's evidence).

let server: TestServer;
let checkpointId: number;
let assignmentId: number;
let newcomerEmail: string;
let otherNewcomerEmail: string;

beforeAll(async () => {
  server = await startServer();
  const row = await server.db
    .selectFrom("assignment_checkpoints as ac")
    .innerJoin("assignments as a", "a.id", "ac.assignment_id")
    .innerJoin("users as u", "u.id", "a.newcomer_id")
    .select(["ac.id as checkpointId", "a.id as assignmentId", "u.email", "u.id as newcomerId"])
    .where("a.status", "=", "active")
    .orderBy("ac.id")
    .executeTakeFirstOrThrow();
  checkpointId = row.checkpointId;
  assignmentId = row.assignmentId;
  newcomerEmail = row.email;
  const other = await server.db
    .selectFrom("users")
    .select("email")
    .where("role", "=", "newcomer")
    .where("id", "!=", row.newcomerId)
    .executeTakeFirstOrThrow();
  otherNewcomerEmail = other.email;
});
afterAll(async () => {
  await server?.stop();
});

async function loggedIn(email: string) {
  const b = new Browser(server.url);
  await b.login(email, DEMO_PASSWORD);
  return b;
}

function upload(
  b: Browser,
  fileName: string,
  bytes: Uint8Array,
  type = "application/octet-stream",
) {
  const form = new FormData();
  form.set("target", "evidence");
  form.set("targetId", String(checkpointId));
  form.set("returnTo", `/assignments/${assignmentId}`);
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type }));
  return b.request("/attachments", {
    method: "POST",
    body: form,
    headers: { Origin: server.url },
  });
}

async function keysOnCheckpoint() {
  return (
    await server.db
      .selectFrom("attachments")
      .select(["storage_key", "file_name"])
      .where("assignment_checkpoint_id", "=", checkpointId)
      .orderBy("id")
      .execute()
  ).map((r) => r);
}

describe("attachments over HTTP", () => {
  it("uploads a PNG and a Korean-named log, serves them with their sniffed type, disposition and nosniff", async () => {
    const b = await loggedIn(newcomerEmail);
    const image = await upload(b, "스크린샷.png", PNG, "text/html");
    expect(image.status).toBe(303);
    expect(image.headers.get("location")).toBe(`/assignments/${assignmentId}`);
    const log = await upload(b, "서버 로그.log", Buffer.from("오류: 시간 초과\n"), "image/png");
    expect(log.status).toBe(303);
    const [png, txt] = await keysOnCheckpoint();
    if (!png || !txt) throw new Error("not stored");
    expect(
      fs.existsSync(path.join(path.dirname(server.dbFile), "attachments", png.storage_key)),
    ).toBe(true);

    const shown = await b.get(`/attachments/${png.storage_key}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toBe("image/png");
    expect(shown.headers.get("x-content-type-options")).toBe("nosniff");
    expect(shown.headers.get("content-security-policy")).toContain("sandbox");
    expect(shown.headers.get("content-disposition")).toBe(
      `inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent("스크린샷.png")}`,
    );
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(PNG);

    const downloaded = await b.get(`/attachments/${txt.storage_key}`);
    expect(downloaded.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(downloaded.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; .*filename\\*=UTF-8''${encodeURIComponent("서버 로그.log")}$`),
    );
    expect(await downloaded.text()).toBe("오류: 시간 초과\n");

    // The assignment page shows the image and the log's download link.
    const page = await (await b.get(`/assignments/${assignmentId}`)).text();
    expect(page).toContain(`/attachments/${png.storage_key}`);
    expect(page).toContain(`/attachments/${txt.storage_key}`);

    // Another newcomer can neither fetch nor remove them, nor attach to this evidence.
    const other = await loggedIn(otherNewcomerEmail);
    const refused = await other.get(`/attachments/${png.storage_key}`);
    expect(refused.status).toBe(404);
    // A page saying so, not the framework's JSON with a stack.
    expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
    const refusal = await refused.text();
    expect(refusal).toContain("<h1>Page not found</h1>");
    expect(refusal).toContain('<a href="/">Go to your home page</a>');
    expect(refusal).not.toMatch(/stack|Unexpected Server Error/);
    expect((await other.get("/attachments/AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    expect(
      (await other.post(`/attachments/${png.storage_key}`, { intent: "remove", returnTo: "/" }))
        .status,
    ).toBe(404);
    expect((await upload(other, "x.png", PNG)).status).toBe(403);
    // Signed out: to the log-in page.
    expect((await new Browser(server.url).get(`/attachments/${png.storage_key}`)).status).toBe(302);

    // Its newcomer removes one: the row and the file go.
    const removed = await b.post(`/attachments/${txt.storage_key}`, {
      intent: "remove",
      returnTo: `/assignments/${assignmentId}`,
    });
    expect(removed.status).toBe(303);
    expect((await b.get(`/attachments/${txt.storage_key}`)).status).toBe(404);
    expect(
      fs.existsSync(path.join(path.dirname(server.dbFile), "attachments", txt.storage_key)),
    ).toBe(false);
  });

  it("refuses HTML named .png, SVG and oversized files with a message, never a 500", async () => {
    const b = await loggedIn(newcomerEmail);
    const before = (await keysOnCheckpoint()).length;
    const html = await upload(
      b,
      "innocent.png",
      Buffer.from("<!doctype html><script>alert(1)</script>"),
      "image/png",
    );
    expect(html.status).toBe(400);
    expect(await html.text()).toContain("Only PNG, JPEG, GIF and WebP images");
    const svg = await upload(
      b,
      "logo.svg",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      "image/svg+xml",
    );
    expect(svg.status).toBe(400);
    const big = await upload(b, "big.png", Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("larger than 5 MB");
    const huge = await upload(b, "huge.png", Buffer.alloc(13 * 1024 * 1024));
    expect(huge.status).toBe(413);
    const notMultipart = await b.post("/attachments", {
      target: "evidence",
      targetId: String(checkpointId),
    });
    expect(notMultipart.status).toBe(400);
    expect((await keysOnCheckpoint()).length).toBe(before);
  });

  it("answers a refusal without scripts with a page in the reader's language: the message at the field and the way back", async () => {
    const b = await loggedIn(newcomerEmail);
    const refused = async (bytes: Uint8Array, returnTo: string) => {
      const form = new FormData();
      form.set("target", "evidence");
      form.set("targetId", String(checkpointId));
      form.set("returnTo", returnTo);
      form.set("file", new File([new Uint8Array(bytes)], "큰 화면.png", { type: "image/png" }));
      const response = await b.request("/attachments", {
        method: "POST",
        body: form,
        headers: { Origin: server.url, "Accept-Language": "ko-KR,ko;q=0.9" },
      });
      return { status: response.status, html: await response.text() };
    };
    /** The page's back link, as "href text". */
    const back = (html: string) => {
      const link = html.match(/<a[^>]*class="back-link"[^>]*>([^<]*)<\/a>/);
      return `${link?.[0].match(/href="([^"]*)"/)?.[1]} ${link?.[1]}`;
    };

    const big = await refused(
      Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]),
      `/assignments/${assignmentId}`,
    );
    expect(big.status).toBe(413);
    expect(big.html).toContain('<html lang="ko"');
    expect(big.html).toContain("<h1>파일을 첨부하지 못했어요</h1>");
    // At the file field (the form to try again), not only at the top of the page.
    const field = `attach-evidence-${checkpointId}`;
    expect(big.html).toMatch(
      new RegExp(`<p class="field-error" id="${field}-error" role="alert">파일이 5MB보다 커요`),
    );
    expect(big.html).toMatch(new RegExp(`<input[^>]*id="${field}"[^>]*aria-invalid="true"`));
    expect(back(big.html)).toBe(`/assignments/${assignmentId} 이전 페이지로 돌아가기`);

    // A way back off the site is not followed: home instead.
    const away = await refused(Buffer.from("<svg/>"), "https://evil.example/");
    expect(away.status).toBe(400);
    expect(back(away.html)).toBe("/ 이전 페이지로 돌아가기");
  });
});
