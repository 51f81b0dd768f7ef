import { spawnSync } from "node:child_process";
import path from "node:path";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { registerKoanFunctions } from "#db/client";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { Browser } from "../support/http";
import { startServer } from "../support/server";

function run(script: string, args: string[], databasePath: string) {
  const result = spawnSync(
    process.execPath,
    [path.resolve("node_modules/tsx/dist/cli.mjs"), script, ...args],
    {
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_PATH: databasePath },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every ordinary table's rows, in a stable order. */
function dump(file: string) {
  const db = new SQLite(file, { readonly: true });
  const tables = db
    .prepare(
      "select name from pragma_table_list where type = 'table' and schema = 'main' and name not like 'sqlite_%' order by name",
    )
    .all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables)
    out[name] = db.prepare(`select * from "${name}" order by rowid`).all();
  db.close();
  return out;
}

describe("backup and restore", () => {
  it("backs up the live database while the server runs, refuses to restore under it, and restores every table", async () => {
    const dir = tempDir();
    const live = path.join(dir, "koan.db");
    const copy = path.join(dir, "backups", "koan-backup.db");
    const server = await startServer({}, { dbFile: live });
    try {
      const b = new Browser(server.url);
      await b.login("lead@koan.test", DEMO_PASSWORD);
      await b.post("/team", {
        intent: "invite",
        email: "before-backup@koan.test",
        role: "newcomer",
      });

      const backedUp = run("db/backup.ts", [copy], live);
      expect(backedUp.output).toContain("Backed up");
      expect(backedUp.status).toBe(0);
      expect(run("db/backup.ts", [copy], live).status).toBe(1); // never overwrites a backup
      expect(dump(copy)).toEqual(dump(live));

      const refused = run("db/restore.ts", [copy], live);
      expect(refused.status).toBe(1);
      expect(refused.output).toContain("Koan is running");
    } finally {
      await server.stop();
    }

    // Damage the live database, then restore.
    const db = new SQLite(live);
    db.exec("delete from invites; delete from login_failures; update users set name = 'changed'");
    db.close();
    expect(dump(live)).not.toEqual(dump(copy));
    const restored = run("db/restore.ts", [copy], live);
    expect(restored.status).toBe(0);
    expect(dump(live)).toEqual(dump(copy));
    const check = new SQLite(live);
    registerKoanFunctions(check);
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.exec("insert into writeups_fts(writeups_fts, rank) values('integrity-check', 1)");
    check.close();

    const notKoan = path.join(dir, "not-koan.db");
    new SQLite(notKoan).exec("create table x (y)");
    expect(run("db/restore.ts", [notKoan], live).status).toBe(1);
    expect(dump(live)).toEqual(dump(copy));
  }, 60_000); // four tsx processes, each compiling the scripts: ~2 s of CPU apiece
});
