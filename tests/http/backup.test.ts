import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { registerKoanFunctions } from "#db/client";
import { DEMO_PASSWORD } from "../../seeds/builders";
import { tempDir } from "../support/db";
import { Browser } from "../support/http";
import { PNG } from "../support/images";
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
  it("backs up the live database and its attached files while the server runs, refuses to restore under it, and restores every table and file", async () => {
    const dir = tempDir();
    const live = path.join(dir, "koan.db");
    const copy = path.join(dir, "backups", "koan-backup.db");
    const attachments = path.join(dir, "attachments");
    let attached: { key: string; bytes: Buffer }[] = [];
    const server = await startServer({}, { dbFile: live });
    try {
      const b = new Browser(server.url);
      await b.login("lead@koan.test", DEMO_PASSWORD);
      await b.post("/team", {
        intent: "invite",
        email: "before-backup@koan.test",
        role: "newcomer",
      });
      // A newcomer attaches a screenshot and a log to their evidence, through the server.
      const step = await server.db
        .selectFrom("assignment_checkpoints as ac")
        .innerJoin("assignments as a", "a.id", "ac.assignment_id")
        .innerJoin("users as u", "u.id", "a.newcomer_id")
        .select(["ac.id as checkpointId", "a.id as assignmentId", "u.email"])
        .where("a.status", "=", "active")
        .orderBy("ac.id")
        .executeTakeFirstOrThrow();
      const newcomer = new Browser(server.url);
      await newcomer.login(step.email, DEMO_PASSWORD);
      const log = Buffer.from("오류: 시간 초과\nretrying in 5 s\n");
      for (const [name, bytes] of [
        ["스크린샷.png", PNG],
        ["worker.log", log],
      ] as const) {
        const form = new FormData();
        form.set("target", "evidence");
        form.set("targetId", String(step.checkpointId));
        form.set("returnTo", `/assignments/${step.assignmentId}`);
        form.set("file", new File([new Uint8Array(bytes)], name));
        const response = await newcomer.request("/attachments", {
          method: "POST",
          body: form,
          headers: { Origin: server.url },
        });
        expect(response.status).toBe(303);
      }
      const rows = await server.db
        .selectFrom("attachments")
        .select(["storage_key", "file_name"])
        .where("assignment_checkpoint_id", "=", step.checkpointId)
        .orderBy("id")
        .execute();
      attached = rows.map((r) => ({
        key: r.storage_key,
        bytes: r.file_name === "worker.log" ? log : PNG,
      }));
      expect(attached).toHaveLength(2);

      const backedUp = run("db/backup.ts", [copy], live);
      expect(backedUp.output).toContain("Backed up");
      expect(backedUp.output).toContain("2 attached files");
      expect(backedUp.status).toBe(0);
      expect(run("db/backup.ts", [copy], live).status).toBe(1); // never overwrites a backup
      expect(dump(copy)).toEqual(dump(live));
      // Every attached file is beside the backup, byte for byte.
      for (const { key, bytes } of attached)
        expect(fs.readFileSync(path.join(`${copy}.attachments`, key))).toEqual(bytes);

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
    // …and its files: one lost, one overwritten, one stray that no row names.
    const [lost, changed] = attached;
    if (!lost || !changed) throw new Error("nothing attached");
    fs.rmSync(path.join(attachments, lost.key));
    fs.writeFileSync(path.join(attachments, changed.key), "garbage");
    fs.writeFileSync(path.join(attachments, "stray-after-backup"), "x");
    expect(dump(live)).not.toEqual(dump(copy));
    const restored = run("db/restore.ts", [copy], live);
    expect(restored.status).toBe(0);
    expect(dump(live)).toEqual(dump(copy));
    expect(fs.readdirSync(attachments).sort()).toEqual(attached.map((a) => a.key).sort());
    for (const { key, bytes } of attached)
      expect(fs.readFileSync(path.join(attachments, key))).toEqual(bytes);
    const check = new SQLite(live);
    registerKoanFunctions(check);
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.exec("insert into writeups_fts(writeups_fts, rank) values('integrity-check', 1)");
    check.close();

    const notKoan = path.join(dir, "not-koan.db");
    new SQLite(notKoan).exec("create table x (y)");
    expect(run("db/restore.ts", [notKoan], live).status).toBe(1);
    expect(dump(live)).toEqual(dump(copy));
  }, 120_000); // a server and four tsx processes (each compiling the scripts) on a shared machine
});
