import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { startServer } from "../support/server";

// The server's own start-up work goes through the same database factory as the request
// handlers; the demo organisation is not part of the bundled server unless it seeds.

describe("start-up", () => {
  it("migrates through the request handlers' database factory (its query log shows the migrations)", async () => {
    const server = await startServer({ LOG_LEVEL: "debug" }, { freshSeed: true });
    try {
      const queries = server
        .output()
        .split("\n")
        .filter((line) => line.includes('"msg":"query"'));
      // Only the factory in app/lib/db.server.ts logs queries; only migrations read this table.
      expect(queries.some((line) => line.includes("kysely_migration"))).toBe(true);
      expect(server.output()).toContain("seeded the demo organisation");
    } finally {
      await server.stop();
    }
  });

  it("loads the demo seed only to seed: build/server.js imports it lazily from a chunk", () => {
    const bundle = fs.readFileSync("build/server.js", "utf8");
    expect(bundle).not.toMatch(/^\/\/ seeds\//m);
    expect(bundle).toMatch(/await import\("\.\/server-chunks\/demo-[\w-]+\.js"\)/);
  });
});
