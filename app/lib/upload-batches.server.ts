import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

// A preview's validated rows, kept on disk between the preview and its confirmation: applied
// once, by the person who previewed them, within the time-to-live. Shared by every import.

export const batchIdField = z.uuid();

interface Stored {
  id: string;
  actorId: number;
  createdAt: string;
}

export function batchStore<T extends { actorId: number }>(folder: string, ttlMs: number) {
  const defaultDir = () => path.join(os.tmpdir(), folder);
  const fileOf = (dir: string, id: string) => path.join(dir, `${id}.json`);

  /** Deletes batches older than the time-to-live (previews never confirmed). */
  async function sweep(now: Date = new Date(), dir = defaultDir()) {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith(".json")) continue;
      const file = path.join(dir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && now.getTime() - stat.mtimeMs > ttlMs) await fs.rm(file, { force: true });
    }
  }

  /** Stores the rows under a random id until they are confirmed (or expire). */
  async function save(input: T, now: Date = new Date(), dir = defaultDir()): Promise<string> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await sweep(now, dir);
    const id = randomUUID();
    const batch = { id, createdAt: now.toISOString(), ...input };
    await fs.writeFile(fileOf(dir, id), JSON.stringify(batch), { mode: 0o600, flag: "wx" });
    return id;
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
    const file = fileOf(dir, id);
    let batch: T & Stored;
    try {
      batch = JSON.parse(await fs.readFile(file, "utf8")) as T & Stored;
    } catch {
      return null;
    }
    if (batch.actorId !== actorId) return null;
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
