import { crc32, deflateRawSync } from "node:zlib";
import { sql } from "kysely";
import type { DB } from "#db/client";
import { type Actor, can } from "~/auth/policies";
import { contactsOf } from "~/auth/users.server";
import { nextTurn, timeSlicer } from "~/lib/time-slice";
import { voteCountsOf } from "../health.server";
import { slugify, writeupToMarkdown } from "./markdown-files.server";
import { contentOfRow, type PortableWriteup, toPortable } from "./portable.server";
import { instanceKey, koanExternalId } from "./relink.server";
import { ZipWriter } from "./zip-writer.server";

// ---------------------------------------------------------------------------------------------
// Export: streamed a page of write-ups at a time (keyset on id), yielding to the event loop
// between pages and whenever a slice of work passes its few milliseconds (lib/time-slice), so a
// knowledge base of any size never holds the process for long nor sits whole in memory. Deflating
// a whole page of 250 zip entries in one go held the event loop ~0.4 s a page at 100,000 write-ups
// (issue 12, item 2); entries are now deflated one at a time between pauses, by Node's zlib (about
// four times faster than fflate's JavaScript deflate) and written by zip-writer.server.ts. One
// export at a time per person.

/** Write-ups read, turned into text and sent per step. */
const EXPORT_PAGE_SIZE = 250;

interface ExportedWriteup {
  id: number;
  writeup: PortableWriteup;
}

/**
 * Every published write-up in id order, a page at a time, canonical, `koan-<instance key>-<id>`
 * when it has no external id (relink.server.ts).
 */
async function* pagesOfPortableWriteups(db: DB): AsyncGenerator<ExportedWriteup[]> {
  const key = await instanceKey(db);
  let after = 0;
  while (true) {
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
        "published_at",
        "updated_at",
        "author_id",
        "verified_by",
        "verified_at",
      ])
      // Unary + keeps SQLite walking the primary key from `after` instead of the status index.
      .where(sql<string>`+status`, "=", "published")
      .where("id", ">", after)
      .orderBy("id")
      .limit(EXPORT_PAGE_SIZE)
      .execute();
    if (!rows.length) return;
    const children = await childrenOf(
      db,
      rows.map((r) => r.id),
    );
    const people = await contactsOf(
      db,
      rows.flatMap((r) => [r.author_id, r.verified_by]).filter((id) => id !== null),
    );
    const votes = await voteCountsOf(
      db,
      rows.map((r) => r.id),
    );
    yield rows.map((row) => ({
      id: row.id,
      writeup: {
        ...toPortable(
          row.external_id ?? koanExternalId(key, row.id),
          contentOfRow(row, children.get(row.id)),
        ),
        ...(row.published_at ? { published_at: row.published_at } : {}),
        updated_at: row.updated_at,
        ...credits(row, people, votes.get(row.id)),
      },
    }));
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < EXPORT_PAGE_SIZE) return;
    await nextTurn();
  }
}

/**
 * Who wrote and who signed off a write-up (name and e-mail, nothing more), and its vote counts
 * (never who voted), as the export writes them: each only when there is one.
 */
function credits(
  row: { author_id: number | null; verified_by: number | null; verified_at: string | null },
  people: Map<number, { name: string; email: string }>,
  votes: { helpful: number; notHelpful: number } | undefined,
): Partial<PortableWriteup> {
  const author = row.author_id === null ? undefined : people.get(row.author_id);
  const verifier = row.verified_by === null ? undefined : people.get(row.verified_by);
  return {
    ...(author ? { author_name: author.name, author_email: author.email } : {}),
    ...(verifier && row.verified_at
      ? {
          verified_by_name: verifier.name,
          verified_by_email: verifier.email,
          verified_at: row.verified_at,
        }
      : {}),
    ...(votes ? { helpful_votes: votes.helpful, not_helpful_votes: votes.notHelpful } : {}),
  };
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

const encoder = new TextEncoder();

/** The JSON array, one page of items per chunk, laid out as JSON.stringify(list, null, 2) would. */
async function* jsonChunks(db: DB): AsyncGenerator<Uint8Array> {
  const slice = timeSlicer();
  let first = true;
  for await (const page of pagesOfPortableWriteups(db)) {
    const items: string[] = [];
    for (const { writeup } of page) {
      items.push(JSON.stringify(writeup, null, 2).replace(/^/gm, "  "));
      await slice();
    }
    yield encoder.encode(`${first ? "[\n" : ",\n"}${items.join(",\n")}`);
    first = false;
  }
  yield encoder.encode(first ? "[]\n" : "\n]\n");
}

/** The zip, written entry by entry (zip-writer), one page of entries per chunk. */
async function* zipChunks(db: DB, now: Date): AsyncGenerator<Uint8Array> {
  const slice = timeSlicer();
  const zip = new ZipWriter(now);
  for await (const page of pagesOfPortableWriteups(db)) {
    const parts: Uint8Array[] = [];
    for (const { id, writeup } of page) {
      const content = encoder.encode(writeupToMarkdown(writeup));
      const deflated = deflateRawSync(content, { level: 6 });
      parts.push(
        ...zip.entry(`${id}-${slugify(writeup.title)}.md`, {
          crc: crc32(content),
          size: content.length,
          deflated,
        }),
      );
      await slice();
    }
    yield concat(parts);
  }
  // The central directory and end records, a piece per chunk.
  yield* zip.end();
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A pull stream over chunks: the next chunk is made only when the reader asks for it (nothing is
 * made ahead) and, given `untilWritable`, only once the response has taken the previous one (Remix
 * reads a body as fast as it can, whatever the client does: see server/output-flow).
 */
function streamOf(
  chunks: AsyncGenerator<Uint8Array>,
  onDone: () => void,
  untilWritable?: () => Promise<boolean>,
): ReadableStream<Uint8Array> {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    onDone();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (untilWritable && !(await untilWritable())) {
            // The client hung up: nothing more is made, and the person may export again.
            finish();
            await chunks.return(undefined);
            controller.close();
            return;
          }
          const next = await chunks.next();
          if (next.done) {
            finish();
            controller.close();
          } else controller.enqueue(next.value);
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      async cancel() {
        finish();
        await chunks.return(undefined);
      },
    },
    // Nothing made ahead of the reader: a chunk is made when it is asked for.
    { highWaterMark: 0 },
  );
}

/** Who is exporting right now (this process): one export at a time per person. */
const exporting = new Set<number>();

/**
 * How many exports this process makes at once, for everyone: one waiting on a reader that has
 * stopped reading holds 5-6 MB (its page of write-ups and the bytes made from them), so without
 * a cap every mentor and lead starting one (or one client, signed in as each) added that much.
 * Past it an export is refused with 429 and `EXPORT_RETRY_AFTER_SECONDS`.
 */
export const EXPORTS_AT_ONCE = 4;
export const EXPORT_RETRY_AFTER_SECONDS = 60;

export type ExportFormat = "json" | "zip";

export type StartedExport =
  | { ok: true; body: ReadableStream<Uint8Array> }
  /** busy: this person's previous export is still running; full: `EXPORTS_AT_ONCE` are. */
  | { ok: false; reason: "busy" | "full" | "forbidden" };

/**
 * Starts streaming the published knowledge base in the shape the import reads (JSON, or a zip of
 * `<id>-<slug>.md` files). Mentors and leads only; a second export by the same person while the
 * first is still running is refused, and so is any past `EXPORTS_AT_ONCE` running. `signal` ends
 * the export early (the client went away).
 */
export function startKnowledgeBaseExport(
  db: DB,
  input: {
    actor: Actor;
    format: ExportFormat;
    signal?: AbortSignal;
    /**
     * Resolves when the response can take more (lib/context), false once it is gone: made only
     * as fast as it is read, and no further once its reader hung up.
     */
    untilWritable?: () => Promise<boolean>;
  },
  now: Date = new Date(),
): StartedExport {
  if (!can(input.actor, "exportWriteups")) return { ok: false, reason: "forbidden" };
  const userId = input.actor.id;
  if (exporting.has(userId)) return { ok: false, reason: "busy" };
  if (exporting.size >= EXPORTS_AT_ONCE) return { ok: false, reason: "full" };
  exporting.add(userId);
  const chunks = input.format === "zip" ? zipChunks(db, now) : jsonChunks(db);
  const release = () => {
    exporting.delete(userId);
    input.signal?.removeEventListener("abort", abort);
  };
  const abort = () => {
    release();
    void chunks.return(undefined);
  };
  input.signal?.addEventListener("abort", abort, { once: true });
  // Gone already (the client hung up while the person was being looked up): "abort" will not
  // come again, and Remix drops the response of a request aborted meanwhile without reading
  // its body, which would have kept the person "exporting" until the server restarted.
  if (input.signal?.aborted) abort();
  return { ok: true, body: streamOf(chunks, release, input.untilWritable) };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    parts.push(next.value);
  }
  return concat(parts);
}

/** The whole JSON export as text (for tests and small knowledge bases; the route streams). */
export async function exportKnowledgeBaseJson(db: DB): Promise<string> {
  return new TextDecoder().decode(await readAll(streamOf(jsonChunks(db), () => {})));
}

/** The whole zip export as bytes (for tests; the route streams). */
export async function exportKnowledgeBaseZip(db: DB, now: Date = new Date()): Promise<Uint8Array> {
  return readAll(streamOf(zipChunks(db, now), () => {}));
}
