import type SQLite from "better-sqlite3";
import { normalizeTags, type WriteupInput } from "~/knowledge/writeups.server";
import { COMPONENT_MAX_LENGTH } from "~/lib/fields";

// The benchmark datasets' generated write-ups, written straight through prepared statements:
// row for row what insertWriteup (a published write-up by a person, no Slack configured) and
// markVerified write (the write-up, its tags, links and toil, its audit event, the verification),
// with the search index kept by the same triggers. A trip through Kysely per statement made
// 100,000 of them take minutes. tests/domain/bulk-writeups.test.ts holds the two to the same rows.

export interface GeneratedWriteup {
  writeup: WriteupInput;
  verified: boolean;
  authorId: number;
  verifierId: number;
  when: Date;
}

/** Writes `items` in one `BEGIN IMMEDIATE` transaction on `sqlite`, in order; returns their ids. */
export function writeGeneratedWriteups(
  sqlite: SQLite.Database,
  items: readonly GeneratedWriteup[],
): number[] {
  // A verified write-up is written verified in the one insert: an update after it would run the
  // update triggers (the search index's among them) for every such row.
  const insertWriteup = sqlite.prepare(`insert into writeups (title, symptom, component,
    root_cause, fix, debugging, resolution, tags_text, status, author_id, ticket_id, assignment_id,
    verified_by, verified_at, verified_snapshot, external_id, created_at, updated_at, published_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, null, null, ?, ?, ?, null, ?, ?, ?)`);
  const insertTag = sqlite.prepare("insert into writeup_tags (writeup_id, tag) values (?, ?)");
  const insertLink = sqlite.prepare(
    "insert into writeup_links (writeup_id, label, url) values (?, ?, ?)",
  );
  const insertToil = sqlite.prepare(
    "insert into toil (writeup_id, description, minutes, created_at) values (?, ?, ?, ?)",
  );
  const insertAudit = sqlite.prepare(`insert into audit_events (actor_id, action, subject_type,
    subject_id, data, created_at) values (?, 'writeup.created', 'writeup', ?, '{}', ?)`);
  // The version counter the skipped update would have moved (markVerified's update counts once).
  const countVerified = sqlite.prepare(
    "update data_versions set version = version + ? where name = 'writeups'",
  );
  const write = sqlite.transaction((batch: readonly GeneratedWriteup[]) => {
    const verifiedCount = batch.filter((item) => item.verified).length;
    if (verifiedCount) countVerified.run(verifiedCount);
    return batch.map(({ writeup, verified, authorId, verifierId, when }) => {
      const iso = when.toISOString();
      const tags = normalizeTags(writeup.tags);
      const row = {
        title: writeup.title.trim().slice(0, 300),
        symptom: writeup.symptom,
        component: writeup.component.trim().toLowerCase().slice(0, COMPONENT_MAX_LENGTH),
        root_cause: writeup.rootCause,
        fix: writeup.fix,
        debugging: writeup.debugging,
        resolution: writeup.resolution,
        tags_text: tags.join(" "),
      };
      const links = writeup.links
        .slice(0, 30)
        .map((l) => ({ label: l.label.slice(0, 120), url: l.url }));
      const snapshot = verified
        ? JSON.stringify({
            by: verifierId,
            at: iso,
            content: { ...row, links: links.map((l) => `${l.label} ${l.url}`).join("\n") },
          })
        : null;
      const id = Number(
        insertWriteup.run(
          ...Object.values(row),
          authorId,
          verified ? verifierId : null,
          verified ? iso : null,
          snapshot,
          iso,
          iso,
          iso,
        ).lastInsertRowid,
      );
      for (const tag of tags) insertTag.run(id, tag);
      for (const link of links) insertLink.run(id, link.label, link.url);
      for (const t of writeup.toil.slice(0, 30))
        insertToil.run(
          id,
          t.description.trim().slice(0, 300),
          Math.max(0, Math.round(t.minutes)),
          iso,
        );
      insertAudit.run(authorId, id, iso);
      return id;
    });
  });
  return write.immediate(items);
}
