import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_DATABASE_PATH } from "#db/client";
import { k } from "./i18n/messages";
import { timeSlicer } from "./time-slice";

// A preview's validated rows, kept on disk between the preview and its confirmation: applied
// once, by the person who previewed them, within the time-to-live. Shared by every import.
// Batches live in the data folder, beside the database (never a shared temporary folder), and
// are capped: a person's newest previews replace their oldest, and when the store is full in all
// a new preview is refused until others are confirmed or expire.

export const batchIdField = z.uuid();

export interface BatchLimits {
  /** Previews one person may have waiting; a newer one removes their oldest. */
  perUser: number;
  /** Previews waiting in all (this kind of import); beyond it a new one is refused. */
  total: number;
  /** Bytes of waiting previews in all (this kind of import); beyond it a new one is refused. */
  totalBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  perUser: 3,
  total: 50,
  totalBytes: 512 * 1024 * 1024,
};

/** Where a kind of batch is stored: `upload-batches/<folder>` in the database's folder. */
export function batchFolder(folder: string): string {
  const database = path.resolve(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
  return path.join(path.dirname(database), "upload-batches", folder);
}

const storedFields = z.object({ id: z.string(), actorId: z.number(), createdAt: z.string() });
type Stored = z.infer<typeof storedFields>;

/** A stored batch file: `<actorId>-<id>.json`, so a person's batches are found by name. */
interface BatchFile {
  file: string;
  actorId: number;
  mtimeMs: number;
  size: number;
}

const BATCH_NAME = /^(\d+)-[0-9a-f-]{36}\.json$/;

/** What a preview refused because the store is full says, at the file field (answered 429); a k() key. */
export const BATCHES_FULL_MESSAGE = k("core.upload.batchesFull");
/** Seconds a refused previewer is asked to wait (Retry-After). */
export const BATCHES_FULL_RETRY_SECONDS = 600;

/** Characters of a batch file's text written per step. */
const PIECE_CHARS = 64 * 1024;

/** The header's field naming the batch's lists, whose items follow it one per line. */
const LISTS = "koan:lists";

/**
 * A batch as JSON Lines, in pieces of about 64 KB: a header line (the batch without its lists,
 * and the lists' names), then one line per list item, `[list number, item]`. Both ways it goes a
 * line at a time between pauses: 50,000 rows in one JSON.stringify or JSON.parse held the event
 * loop for a long stretch of its own. (JSON.stringify never writes a raw line break.)
 */
async function batchLines(
  batch: Record<string, unknown>,
): Promise<{ pieces: string[]; bytes: number }> {
  const slice = timeSlicer();
  const pieces: string[] = [];
  let bytes = 0;
  let current = "";
  const add = (text: string) => {
    current += text;
    if (current.length < PIECE_CHARS) return;
    pieces.push(current);
    bytes += Buffer.byteLength(current);
    current = "";
  };
  const lists = Object.entries(batch).filter((e): e is [string, unknown[]] => Array.isArray(e[1]));
  const header = Object.fromEntries(Object.entries(batch).filter(([, v]) => !Array.isArray(v)));
  add(`${JSON.stringify({ ...header, [LISTS]: lists.map(([name]) => name) })}\n`);
  for (const [number, [, items]] of lists.entries()) {
    for (const item of items) {
      add(`${JSON.stringify([number, item ?? null])}\n`);
      await slice();
    }
  }
  pieces.push(current);
  bytes += Buffer.byteLength(current);
  return { pieces, bytes };
}

/**
 * Reads a batch file written by batchLines, a line at a time between pauses; null when it is not
 * one. `belongs` sees the header first, so another person's batch is not read any further.
 */
async function readBatchLines(
  text: string,
  belongs: (header: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown> | null> {
  const slice = timeSlicer();
  const end = text.indexOf("\n");
  const parsed: unknown = JSON.parse(end === -1 ? text : text.slice(0, end));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const { [LISTS]: names, ...batch } = parsed as Record<string, unknown>;
  if (!belongs(batch)) return null;
  if (!Array.isArray(names)) return null;
  const lists = names.map((name) => {
    const items: unknown[] = [];
    batch[String(name)] = items;
    return items;
  });
  for (let at = end + 1; end !== -1 && at < text.length; ) {
    const next = text.indexOf("\n", at);
    const line = text.slice(at, next === -1 ? text.length : next);
    at = next === -1 ? text.length : next + 1;
    if (!line) continue;
    const [number, item] = JSON.parse(line) as [number, unknown];
    const list = lists[number];
    if (!list) return null;
    list.push(item);
    await slice();
  }
  return batch;
}

/** Writes a new file (refused when it exists) a piece at a time, owner-only. */
async function writeNewFile(file: string, pieces: readonly string[]): Promise<void> {
  const handle = await fs.open(file, "wx", 0o600);
  try {
    for (const piece of pieces) await handle.write(piece);
  } catch (error) {
    await handle.close();
    await fs.rm(file, { force: true });
    throw error;
  }
  await handle.close();
}

export type SavedBatch = { ok: true; id: string } | { ok: false; reason: "full" };

export function batchStore<T extends { actorId: number }>(
  folder: string,
  ttlMs: number,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
) {
  const defaultDir = () => batchFolder(folder);
  const fileOf = (dir: string, actorId: number, id: string) =>
    path.join(dir, `${actorId}-${id}.json`);

  /** Deletes batches older than the time-to-live (previews never confirmed); lists the rest. */
  async function sweep(now: Date = new Date(), dir = defaultDir()): Promise<BatchFile[]> {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return [];
    }
    const kept: BatchFile[] = [];
    for (const name of names) {
      const match = BATCH_NAME.exec(name);
      if (!match) continue;
      const file = path.join(dir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (!stat) continue;
      if (now.getTime() - stat.mtimeMs > ttlMs) await fs.rm(file, { force: true });
      else kept.push({ file, actorId: Number(match[1]), mtimeMs: stat.mtimeMs, size: stat.size });
    }
    return kept;
  }

  /**
   * Stores the rows under a random id until they are confirmed (or expire). The person's oldest
   * previews beyond `limits.perUser` are removed; when the store is full in all, nothing is
   * stored and `{ ok: false, reason: "full" }` comes back.
   */
  async function save(input: T, now: Date = new Date(), dir = defaultDir()): Promise<SavedBatch> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const waiting = await sweep(now, dir);
    const mine = waiting
      .filter((b) => b.actorId === input.actorId)
      .sort((a, b) => a.mtimeMs - b.mtimeMs);
    const replaced = new Set(mine.slice(0, Math.max(0, mine.length - limits.perUser + 1)));
    const others = waiting.filter((b) => !replaced.has(b));
    const id = randomUUID();
    const body = await batchLines({ id, createdAt: now.toISOString(), ...input });
    const bytes = others.reduce((sum, b) => sum + b.size, body.bytes);
    if (others.length + 1 > limits.total || bytes > limits.totalBytes) {
      return { ok: false, reason: "full" };
    }
    for (const old of replaced) await fs.rm(old.file, { force: true });
    const file = fileOf(dir, input.actorId, id);
    await writeNewFile(file, body.pieces);
    await fs.utimes(file, now, now);
    return { ok: true, id };
  }

  /**
   * Reads and removes the batch, so it is applied once. Null when the id is malformed, unknown,
   * older than the time-to-live, or another user's (whose file is then left alone).
   */
  async function take(
    id: string,
    actorId: number,
    now: Date = new Date(),
    dir = defaultDir(),
  ): Promise<(T & Stored) | null> {
    if (!batchIdField.safeParse(id).success) return null;
    const file = fileOf(dir, actorId, id);
    let batch: T & Stored;
    try {
      const read = await readBatchLines(
        await fs.readFile(file, "utf8"),
        (header) => header.actorId === actorId,
      );
      // The file is Koan's own: its stored fields are checked, the rest is what save() was given.
      if (!read || !storedFields.safeParse(read).success) return null;
      batch = read as unknown as T & Stored;
    } catch {
      return null;
    }
    try {
      await fs.unlink(file);
    } catch {
      return null; // applied by another request first
    }
    if (now.getTime() - Date.parse(batch.createdAt) > ttlMs) return null;
    return batch;
  }

  return { save, take };
}
