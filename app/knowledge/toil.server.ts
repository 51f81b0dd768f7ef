import type { DB } from "#db/client";

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

/** Toil grouped by component and chore, most minutes first, then most often, then most recent. */
export async function toilBoard(
  db: DB,
  options: { component?: string; limit?: number } = {},
): Promise<ToilGroup[]> {
  let query = db
    .selectFrom("toil")
    .innerJoin("writeups", "writeups.id", "toil.writeup_id")
    .select([
      "writeups.component",
      "toil.description",
      "toil.minutes",
      "toil.created_at",
      "toil.writeup_id",
    ])
    .where("writeups.status", "=", "published");
  const component = options.component?.trim().toLowerCase();
  if (component) query = query.where("writeups.component", "=", component);
  const rows = await query.orderBy("toil.created_at", "desc").orderBy("toil.id", "desc").execute();

  const groups = new Map<string, ToilGroup>();
  for (const row of rows) {
    const key = normalizeToilDescription(row.description);
    if (!key) continue;
    const id = `${row.component}\u0000${key}`;
    const group = groups.get(id);
    if (!group) {
      groups.set(id, {
        component: row.component,
        key,
        description: row.description.trim().replace(/\s+/g, " "),
        count: 1,
        totalMinutes: row.minutes,
        lastSeenAt: row.created_at,
        exampleWriteupIds: [row.writeup_id],
      });
      continue;
    }
    group.count += 1;
    group.totalMinutes += row.minutes;
    if (row.created_at > group.lastSeenAt) group.lastSeenAt = row.created_at;
    if (
      group.exampleWriteupIds.length < EXAMPLES &&
      !group.exampleWriteupIds.includes(row.writeup_id)
    )
      group.exampleWriteupIds.push(row.writeup_id);
  }
  const ranked = [...groups.values()].sort(
    (a, b) =>
      b.totalMinutes - a.totalMinutes ||
      b.count - a.count ||
      b.lastSeenAt.localeCompare(a.lastSeenAt) ||
      a.key.localeCompare(b.key),
  );
  return options.limit ? ranked.slice(0, options.limit) : ranked;
}

/** Components that have toil on published write-ups, for the board's filter. */
export async function listToilComponents(db: DB): Promise<string[]> {
  const rows = await db
    .selectFrom("toil")
    .innerJoin("writeups", "writeups.id", "toil.writeup_id")
    .select("writeups.component")
    .distinct()
    .where("writeups.status", "=", "published")
    .orderBy("writeups.component")
    .execute();
  return rows.map((r) => r.component);
}
