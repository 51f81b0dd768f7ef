import type { DB } from "#db/client";
import { cachedByVersion } from "~/lib/data-versions.server";
import { timeSlicer } from "~/lib/time-slice";

// The toil board: manual steps recorded on published write-ups, grouped so the same chore
// written slightly differently counts once, and ranked by the time it costs the team.

/** "Restarted the worker." and "restarted  the worker" count as the same chore. */
export function normalizeToilDescription(description: string): string {
  return description
    .normalize("NFC")
    .trim()
    .replace(/\s+/g, " ")
    .toLowerCase()
    .replace(/[\s.,;:!?…。、，．！？]+$/u, "");
}

export interface ToilGroup {
  component: string;
  /** The grouping key: the normalised description. */
  key: string;
  /** The most recent wording, as someone wrote it. */
  description: string;
  count: number;
  totalMinutes: number;
  lastSeenAt: string;
  /** Up to three write-ups it was recorded on, the most recent first. */
  exampleWriteupIds: number[];
}

const EXAMPLES = 3;

/** Toil rows read per query: an id range, so a stretch of drafts' toil costs no more. */
const ID_RANGE = 2_000;

/** One toil row as the tally remembers it. */
interface Seen {
  at: string;
  id: number;
  writeupId: number;
  description: string;
}

/** Later first: by creation time, then by row id. */
const later = (a: Seen, b: Seen) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1);

interface Tally {
  component: string;
  key: string;
  count: number;
  totalMinutes: number;
  /**
   * The most recent row of each of up to EXAMPLES write-ups, most recent first. The group's most
   * recent row is always the first: a row is dropped only for three later ones.
   */
  examples: Seen[];
}

function noteExample(tally: Tally, row: Seen) {
  const { examples } = tally;
  const known = examples.findIndex((e) => e.writeupId === row.writeupId);
  if (known >= 0) {
    if (later(row, examples[known] as Seen) >= 0) return;
    examples[known] = row;
  } else if (examples.length < EXAMPLES) {
    examples.push(row);
  } else {
    if (later(row, examples[examples.length - 1] as Seen) >= 0) return;
    examples[examples.length - 1] = row;
  }
  examples.sort(later);
}

interface ToilSummary {
  /** Every group, ranked. */
  groups: ToilGroup[];
  /** Components with toil on published write-ups, in order. */
  components: string[];
}

/**
 * Reads every toil row on a published write-up, a range of row ids per query, and lets the event
 * loop turn whenever a slice of work is used up: at 100,000 write-ups that is 136,000 rows, half
 * a second in one piece. Rows are read in id order; "most recent" is decided by creation time
 * and id whatever the order they come in.
 */
async function summarize(db: DB): Promise<ToilSummary> {
  const last = await db
    .selectFrom("toil")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  const maxId = Number(last?.id ?? 0);
  const tallies = new Map<string, Tally>();
  const components = new Set<string>();
  const keys = new Map<string, string>();
  const slice = timeSlicer();
  for (let from = 0; from < maxId; from += ID_RANGE) {
    await slice();
    // CROSS JOIN keeps SQLite's join order: the range of toil rows first, then each one's
    // write-up by its id. Left to choose, the planner walked every published write-up (its
    // status index) and looked each one's toil up in the range: 70-160 ms a range at 100,000
    // write-ups, 2 ms this way.
    const rows = await db
      .selectFrom("toil")
      .crossJoin("writeups")
      .whereRef("writeups.id", "=", "toil.writeup_id")
      .select([
        "toil.id",
        "writeups.component",
        "toil.description",
        "toil.minutes",
        "toil.created_at",
        "toil.writeup_id",
      ])
      .where("toil.id", ">", from)
      .where("toil.id", "<=", from + ID_RANGE)
      .where("writeups.status", "=", "published")
      .execute();
    for (const row of rows) {
      components.add(row.component);
      let key = keys.get(row.description);
      if (key === undefined) {
        key = normalizeToilDescription(row.description);
        if (keys.size < 10_000) keys.set(row.description, key);
      }
      if (!key) continue;
      const seen = {
        at: row.created_at,
        id: row.id,
        writeupId: row.writeup_id,
        description: row.description,
      };
      const id = `${row.component}\u0000${key}`;
      let tally = tallies.get(id);
      if (!tally) {
        tally = { component: row.component, key, count: 0, totalMinutes: 0, examples: [] };
        tallies.set(id, tally);
      }
      tally.count += 1;
      tally.totalMinutes += row.minutes;
      noteExample(tally, seen);
    }
  }
  const groups = [...tallies.values()].map(({ examples, ...tally }): ToilGroup => {
    const newest = examples[0] as Seen;
    return {
      ...tally,
      description: newest.description.trim().replace(/\s+/g, " "),
      lastSeenAt: newest.at,
      exampleWriteupIds: examples.map((e) => e.writeupId),
    };
  });
  groups.sort(
    (a, b) =>
      b.totalMinutes - a.totalMinutes ||
      b.count - a.count ||
      b.lastSeenAt.localeCompare(a.lastSeenAt) ||
      a.key.localeCompare(b.key),
  );
  return { groups, components: [...components].sort() };
}

/** Kept per process until a toil row, or a write-up's status or component, changes. */
const toilSummary = cachedByVersion("toil", summarize);

/** Toil grouped by component and chore, most minutes first, then most often, then most recent. */
export async function toilBoard(
  db: DB,
  options: { component?: string; limit?: number } = {},
): Promise<ToilGroup[]> {
  const { groups } = await toilSummary(db);
  const component = options.component?.trim().toLowerCase();
  const shown = component ? groups.filter((g) => g.component === component) : groups;
  return options.limit ? shown.slice(0, options.limit) : [...shown];
}

/** Components that have toil on published write-ups, for the board's filter. */
export async function listToilComponents(db: DB): Promise<string[]> {
  return [...(await toilSummary(db)).components];
}
