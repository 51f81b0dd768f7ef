import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The knowledge-base download through the built server, where Remix answers HEAD itself.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("the knowledge-base export", () => {
  it("HEAD answers the download's headers and leaves the person free to download it", async () => {
    // Remix drops a HEAD response's body unread: an export started for a HEAD never ended, and
    // every later download by that person was refused as "still being prepared" (429).
    const mentor = new Browser(server.url);
    await mentor.login("mentor@koan.test", DEMO_PASSWORD);
    for (const format of ["zip", "json"]) {
      const head = await mentor.request(`/kb/export?format=${format}`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-disposition")).toMatch(/^attachment; filename=/);
      await head.arrayBuffer();
      const download = await mentor.get(`/kb/export?format=${format}`);
      expect(download.status, format).toBe(200);
      expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });
});
