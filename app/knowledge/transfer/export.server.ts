import { zipSync } from "fflate";
import type { DB } from "#db/client";
import { slugify, writeupToMarkdown } from "./markdown-files.server";
import { contentOfRow, type PortableWriteup, toPortable } from "./portable.server";

// ---------------------------------------------------------------------------------------------
// Export

interface ExportedWriteup {
  id: number;
  writeup: PortableWriteup;
}

/** Every published write-up in id order, canonical, with `koan-<id>` when it has no external id. */
async function listPortableWriteups(db: DB): Promise<ExportedWriteup[]> {
  const rows = await db
    .selectFrom("writeups")
    .select([
      "id",
      "external_id",
      "title",
      "component",
      "resolution",
      "symptom",
      "root_cause",
      "fix",
      "debugging",
    ])
    .where("status", "=", "published")
    .orderBy("id")
    .execute();
  const children = await childrenOf(db, null);
  return rows.map((row) => ({
    id: row.id,
    writeup: toPortable(
      row.external_id ?? `koan-${row.id}`,
      contentOfRow(row, children.get(row.id)),
    ),
  }));
}

interface Children {
  tags: string[];
  links: { label: string; url: string }[];
  toil: { description: string; minutes: number }[];
}

/** Tags, links and toil of every published write-up (ids null), or of the given ids. */
export async function childrenOf(
  db: DB,
  ids: readonly number[] | null,
): Promise<Map<number, Children>> {
  const out = new Map<number, Children>();
  if (ids !== null && ids.length === 0) return out;
  const of = (id: number) => {
    let c = out.get(id);
    if (!c) {
      c = { tags: [], links: [], toil: [] };
      out.set(id, c);
    }
    return c;
  };
  const tags = await db
    .selectFrom("writeup_tags as c")
    .innerJoin("writeups as w", "w.id", "c.writeup_id")
    .select(["c.writeup_id", "c.tag"])
    .$if(ids === null, (q) => q.where("w.status", "=", "published"))
    .$if(ids !== null, (q) => q.where("c.writeup_id", "in", ids ?? []))
    .orderBy("c.writeup_id")
    .orderBy("c.tag")
    .execute();
  for (const t of tags) of(t.writeup_id).tags.push(t.tag);
  const links = await db
    .selectFrom("writeup_links as c")
    .innerJoin("writeups as w", "w.id", "c.writeup_id")
    .select(["c.writeup_id", "c.label", "c.url"])
    .$if(ids === null, (q) => q.where("w.status", "=", "published"))
    .$if(ids !== null, (q) => q.where("c.writeup_id", "in", ids ?? []))
    .orderBy("c.id")
    .execute();
  for (const l of links) of(l.writeup_id).links.push({ label: l.label, url: l.url });
  const toil = await db
    .selectFrom("toil as c")
    .innerJoin("writeups as w", "w.id", "c.writeup_id")
    .select(["c.writeup_id", "c.description", "c.minutes"])
    .$if(ids === null, (q) => q.where("w.status", "=", "published"))
    .$if(ids !== null, (q) => q.where("c.writeup_id", "in", ids ?? []))
    .orderBy("c.id")
    .execute();
  for (const t of toil)
    of(t.writeup_id).toil.push({ description: t.description, minutes: t.minutes });
  return out;
}

/** The published knowledge base as the JSON file the import reads. */
export async function exportKnowledgeBaseJson(db: DB): Promise<string> {
  const writeups = await listPortableWriteups(db);
  return `${JSON.stringify(
    writeups.map((w) => w.writeup),
    null,
    2,
  )}\n`;
}

/** The published knowledge base as a zip of `<id>-<slug>.md` files. */
export async function exportKnowledgeBaseZip(
  db: DB,
  now: Date = new Date(),
): Promise<Uint8Array<ArrayBuffer>> {
  const writeups = await listPortableWriteups(db);
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  for (const { id, writeup } of writeups) {
    files[`${id}-${slugify(writeup.title)}.md`] = encoder.encode(writeupToMarkdown(writeup));
  }
  return zipSync(files, { level: 6, mtime: now });
}
