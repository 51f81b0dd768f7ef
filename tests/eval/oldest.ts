import { openDatabase } from "#db/client";

// The "imported first" setting of `npm run eval:search`: the judged write-ups, imported into a
// copy of the benchmark dataset, become its oldest rows.

/**
 * Makes the judged write-ups the oldest in the file: they swap ids with the lowest-numbered
 * write-ups (rowid order is insertion order, which the index and any recency rule see), and their
 * dates move before every other write-up's. A swap is a delete and a re-insert of the whole row,
 * so the full-text triggers drop and re-index both rows; rows that point at a write-up follow
 * (foreign keys are off meanwhile). An index kept outside triggers would miss this.
 */
export function makeOldest(file: string, judgedIds: readonly number[]) {
  const { sqlite } = openDatabase(file);
  try {
    const judged = [...judgedIds].sort((a, b) => a - b);
    const judgedSet = new Set(judged);
    const low = (
      sqlite.prepare("select id from writeups order by id limit ?").all(judged.length * 2) as {
        id: number;
      }[]
    )
      .map((r) => r.id)
      .filter((id) => !judgedSet.has(id))
      .slice(0, judged.length);
    const earliest = sqlite
      .prepare(
        "select min(min(created_at, updated_at, coalesce(published_at, created_at))) as t from writeups",
      )
      .get() as { t: string };
    const base = Date.parse(earliest.t) - 30 * 86_400_000;
    const children = (
      sqlite
        .prepare(
          `select m.name as tbl, f."from" as col from sqlite_master m, pragma_foreign_key_list(m.name) f
           where m.type = 'table' and f."table" = 'writeups'`,
        )
        .all() as { tbl: string; col: string }[]
    ).filter((c) => c.tbl !== "writeups");
    sqlite.pragma("foreign_keys = OFF");
    sqlite.transaction(() => {
      sqlite.exec("create temp table eval_swap (old_id integer primary key, new_id integer)");
      const pair = sqlite.prepare("insert into eval_swap values (?, ?)");
      judged.forEach((j, i) => {
        const l = low[i];
        if (l === undefined) return;
        pair.run(j, l);
        pair.run(l, j);
      });
      sqlite.exec(`create temp table eval_moved as select * from writeups
        where id in (select old_id from eval_swap)`);
      sqlite.exec("delete from writeups where id in (select old_id from eval_swap)");
      sqlite.exec(
        "update eval_moved set id = (select new_id from eval_swap where old_id = eval_moved.id)",
      );
      const date = sqlite.prepare(
        "update eval_moved set created_at = ?, updated_at = ?, published_at = ? where id = ?",
      );
      judged.forEach((_, i) => {
        const l = low[i];
        if (l === undefined) return;
        const at = new Date(base + i * 60_000).toISOString();
        date.run(at, at, at, l);
      });
      sqlite.exec("insert into writeups select * from eval_moved");
      for (const { tbl, col } of children)
        sqlite.exec(`update "${tbl}" set "${col}" =
            (select new_id from eval_swap where old_id = "${tbl}"."${col}")
          where "${col}" in (select old_id from eval_swap)`);
    })();
    sqlite.pragma("foreign_keys = ON");
    const broken = sqlite.pragma("foreign_key_check") as unknown[];
    if (broken.length) throw new Error(`makeOldest left ${broken.length} dangling references`);
    return low.length;
  } finally {
    sqlite.close();
  }
}
