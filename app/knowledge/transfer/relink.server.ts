import type { DB } from "#db/client";
import type { WriteupInput } from "../writeups.server";

// Which instance a write-up of an export came from, and its links to other write-ups
// (`/kb/12`) made to point at the same write-ups here once imported.
//
// The export names a write-up without an external id `koan-<instance key>-<id>` (the key is
// this instance's, made by migration 0039); exports made before the key said `koan-<id>`.

const KOAN_ID = /^koan-(?:([0-9a-f]{12})-)?([1-9]\d{0,15})$/;

/** A `koan-…` external id read: the instance it names (null in an export made before keys) and its id there. */
export interface KoanId {
  key: string | null;
  id: number;
}

export function readKoanId(externalId: string): KoanId | null {
  const match = KOAN_ID.exec(externalId);
  if (!match?.[2]) return null;
  return { key: match[1] ?? null, id: Number(match[2]) };
}

export const koanExternalId = (key: string, id: number) => `koan-${key}-${id}`;

/** This instance's key (one row, made by migration 0039). */
export async function instanceKey(db: DB): Promise<string> {
  const row = await db
    .selectFrom("instance")
    .select("key")
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  return row.key;
}

/**
 * The other instance a file comes from: the one key its `koan-<key>-<id>` ids all name, when it
 * is not this instance's. Null for this instance's own export, for a file naming no key or
 * several, and for one written by hand.
 */
export function foreignOrigin(externalIds: Iterable<string>, ownKey: string): string | null {
  let origin: string | null = null;
  for (const externalId of externalIds) {
    const key = readKoanId(externalId)?.key;
    if (!key) continue;
    if (origin !== null && key !== origin) return null;
    origin = key;
  }
  return origin === ownKey ? null : origin;
}

/**
 * `/kb/12` as a Koan path, in Markdown (`[see](/kb/12)`, `</kb/12#fix>`) or a link field, with
 * what follows it (`/kb/12/edit`): not inside a longer path or another site's URL
 * (`https://example.com/kb/12`).
 */
const KB_PATH = /(?<![\w/.:%-])\/kb\/([1-9]\d{0,15})(?![\w])/g;

/** The write-up ids a write-up links to by Koan path. */
export function linkedIds(w: WriteupInput): Set<number> {
  const ids = new Set<number>();
  for (const text of textsOf(w)) {
    for (const match of text.matchAll(KB_PATH)) ids.add(Number(match[1]));
  }
  return ids;
}

/**
 * The write-up with each `/kb/<id>` of the other instance pointing at the write-up imported
 * from it here (`here.get(id)`); a path whose write-up is not here (yet) stays, and is listed.
 */
export function relink(
  w: WriteupInput,
  here: ReadonlyMap<number, number>,
): { writeup: WriteupInput; unresolved: number[] } {
  const unresolved = new Set<number>();
  const swap = (text: string) =>
    text.replace(KB_PATH, (path, id: string) => {
      const local = here.get(Number(id));
      if (local === undefined) {
        unresolved.add(Number(id));
        return path;
      }
      return `/kb/${local}`;
    });
  const writeup: WriteupInput = {
    ...w,
    symptom: swap(w.symptom),
    rootCause: swap(w.rootCause),
    fix: swap(w.fix),
    debugging: swap(w.debugging),
    links: w.links.map((l) => ({ ...l, url: swap(l.url) })),
  };
  return { writeup, unresolved: [...unresolved] };
}

function textsOf(w: WriteupInput): string[] {
  return [w.symptom, w.rootCause, w.fix, w.debugging, ...w.links.map((l) => l.url)];
}

/** The write-ups here imported from `origin`'s ids: its id → the id here. */
export async function importedFrom(
  db: DB,
  origin: string,
  ids: Iterable<number>,
): Promise<Map<number, number>> {
  const wanted = [...new Set(ids)].map((id) => koanExternalId(origin, id));
  const here = new Map<number, number>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom("writeups")
      .select(["id", "external_id"])
      .where("external_id", "in", wanted.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      const theirs = row.external_id ? readKoanId(row.external_id) : null;
      if (theirs) here.set(theirs.id, row.id);
    }
  }
  return here;
}
