// The large benchmark dataset: 2,000 people, 20,000 tickets, 10,000 assignments walked along the
// checkpoint track, and 100,000 write-ups in all (drafts captured by finished assignments plus
// generated ones), every row written through the same domain functions the app and the demo seed
// use, except the generated write-ups: bulk-writeups.ts writes the rows insertWriteup and
// markVerified would (a test holds it to that), minutes faster. Deterministic: the same people,
// tickets, pairings and text on every build; times are relative to when it is built (like the
// demo), except the generated write-ups' fixed dates.
//
//   npx tsx tests/bench/dataset.ts [file]     build it (default bench/dataset.db), or say it is
//                                             already there
//
// The file is reused by later runs while its recorded version matches DATASET_VERSION.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { type DB, migrateToLatest, openDatabase } from "#db/client";
import { fillIdentifierParts } from "#db/migrations/0052_identifier_parts";
import { addDays } from "~/lib/time";
import { claimTicket } from "~/mentoring/claims.server";
import { createTicket } from "~/tickets/tickets.server";
import { buildUsers, type UserSpec } from "../../seeds/builders";
import { DEMO_USERS, FULL_PLAN, WAD_PLAN, walkTrack } from "../../seeds/demo";
import { writeGeneratedWriteups } from "./bulk-writeups";
import { COMPONENTS, CorpusGenerator, createRng } from "./corpus";

export const DATASET_VERSION = 2;
export const DEFAULT_DATASET = path.resolve("bench/dataset.db");

export interface DatasetSize {
  users: number;
  tickets: number;
  assignments: number;
  writeups: number;
}

export const LARGE: DatasetSize = {
  users: Number(process.env.DATASET_USERS ?? 2_000),
  tickets: Number(process.env.DATASET_TICKETS ?? 20_000),
  assignments: Number(process.env.DATASET_ASSIGNMENTS ?? 10_000),
  writeups: Number(process.env.DATASET_WRITEUPS ?? 100_000),
};

const MENTOR_SHARE = 0.14;
const LEADS = 3;
/** Of the assignments, this many stay active (one per newcomer at most); the rest are finished. */
const ACTIVE_SHARE = 0.15;
const CHUNK = 1000;

const SYMPTOMS = [
  "times out after a minute",
  "shows the wrong total",
  "loses what was typed",
  "fails on save with a 500",
  "renders a blank page",
  "sends the e-mail twice",
  "sorts dates as text",
  "rounds the amount down",
];
const PLACES = [
  "invoice list",
  "settings page",
  "CSV export",
  "login form",
  "search results",
  "receipt e-mail",
  "webhook retry",
  "team page",
];

/** Where active assignments stand: from just claimed to waiting for the write-up's review. */
const ACTIVE_STAGES = [0, 1, 2, 4, 5, 7, 9, 11];

export interface BuiltDataset {
  file: string;
  size: DatasetSize;
  seconds: number;
  reused: boolean;
}

async function count(db: DB, table: "users" | "tickets" | "assignments" | "writeups") {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function recordedVersion(db: DB): Promise<string | null> {
  try {
    const { rows } = await sql<{ value: string }>`
      select value from bench_dataset where key = 'version'`.execute(db);
    return rows[0]?.value ?? null;
  } catch {
    return null;
  }
}

function people(size: DatasetSize): UserSpec[] {
  const rng = createRng(7);
  const specs: UserSpec[] = [...DEMO_USERS];
  const generated = size.users - specs.length;
  const mentors = Math.round(generated * MENTOR_SHARE);
  for (let i = 0; i < LEADS; i++)
    specs.push({ email: `lead-${i}@bench.koan.test`, name: `Bench Lead ${i}`, role: "lead" });
  for (let i = 0; i < mentors; i++) {
    const first = COMPONENTS[i % COMPONENTS.length] as string;
    const second = COMPONENTS[(i * 5 + 1) % COMPONENTS.length] as string;
    specs.push({
      email: `mentor-${i}@bench.koan.test`,
      name: `Bench Mentor ${i}`,
      role: "mentor",
      capacity: 2 + Math.floor(rng() * 4),
      components: [...new Set([first, second])],
    });
  }
  const newcomers = generated - LEADS - mentors;
  const firstMonday = Date.parse("2024-09-02T00:00:00Z");
  for (let i = 0; i < newcomers; i++) {
    // Cohorts start on Mondays across two years, about 20 people each.
    const week = Math.floor((i / newcomers) * 104);
    specs.push({
      email: `newcomer-${i}@bench.koan.test`,
      name: `Bench Newcomer ${i}`,
      role: "newcomer",
      startDate: new Date(firstMonday + week * 7 * 86_400_000).toISOString().slice(0, 10),
    });
  }
  return specs;
}

/** Builds the dataset into `file` (which must not exist yet). */
async function build(file: string, size: DatasetSize, log: (line: string) => void) {
  const started = performance.now();
  const { db, sqlite } = openDatabase(file);
  // A throwaway build: durability per commit buys nothing here, speed does.
  sqlite.pragma("synchronous = OFF");
  await migrateToLatest(db);
  const now = new Date();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

  const specs = people(size);
  const userIds = await buildUsers(db, specs, addDays(now, -760));
  const byRole = (role: UserSpec["role"]) =>
    specs.flatMap((s, i) => (s.role === role ? [userIds[i] as number] : []));
  const leads = byRole("lead");
  const mentorsByComponent = new Map<string, number[]>();
  specs.forEach((s, i) => {
    if (s.role !== "mentor") return;
    for (const c of s.components ?? [])
      mentorsByComponent.set(c, [...(mentorsByComponent.get(c) ?? []), userIds[i] as number]);
  });
  const newcomers = byRole("newcomer");
  log(`  … ${specs.length.toLocaleString("en")} people, ${elapsed()}`);

  // Tickets, oldest first; about two in three are starter tickets.
  const rng = createRng(11);
  const tickets: { id: number; component: string; createdAt: Date; starter: boolean }[] = [];
  for (let i = 0; i < size.tickets; i++) {
    const component = COMPONENTS[i % COMPONENTS.length] as string;
    const place = PLACES[Math.floor(rng() * PLACES.length)] as string;
    const symptom = SYMPTOMS[Math.floor(rng() * SYMPTOMS.length)] as string;
    const starter = rng() < 0.67;
    const createdAt = new Date(now.getTime() - (1 - i / size.tickets) * 730 * 86_400_000);
    const id = await createTicket(
      db,
      {
        actorId: leads[i % leads.length] as number,
        ticket: {
          title: `The ${place} ${symptom} (${component} #${i + 1})`,
          body: `A customer reports that the ${place} ${symptom}.\n\n**Steps**\n\n1. Open the ${place}\n2. Do what the customer did\n\nExpected it to work; it ${symptom}.`,
          component,
          difficulty: 1 + (i % 3),
          starter,
          labels: starter ? ["starter", component] : [component],
        },
      },
      createdAt,
    );
    tickets.push({ id, component, createdAt, starter });
    if ((i + 1) % 5000 === 0) log(`  … ${(i + 1).toLocaleString("en")} tickets, ${elapsed()}`);
  }

  // Assignments: the oldest starter tickets are finished, a newer slice stays active (one per
  // newcomer), each walked through the track by its newcomer and mentor.
  const starters = tickets.filter((t) => t.starter);
  const activeCount = Math.min(newcomers.length, Math.round(size.assignments * ACTIVE_SHARE));
  const finishedCount = size.assignments - activeCount;
  const picks = [
    ...starters.slice(0, finishedCount).map((t) => ({ t, active: false })),
    // The active ones are recent, leaving the newest 200 starter tickets open in the queue.
    ...starters
      .slice(Math.max(finishedCount, starters.length - activeCount - 200))
      .slice(0, activeCount)
      .map((t) => ({ t, active: true })),
  ];
  let activeIndex = 0;
  for (const [k, { t, active }] of picks.entries()) {
    const pool = mentorsByComponent.get(t.component) ?? [];
    const mentorId = pool[k % pool.length] as number;
    const newcomerId = active
      ? (newcomers[activeIndex++] as number)
      : (newcomers[k % newcomers.length] as number);
    const claimedAt = active ? addDays(now, -1 - (k % 6)) : addDays(t.createdAt, 1);
    const claim = await claimTicket(
      db,
      { ticketId: t.id, newcomerId, mentorId, defaultLimit: 10_000, allowFullMentor: true },
      claimedAt,
    );
    if (!claim.ok) throw new Error(`claim ${k} refused: ${claim.reason}`);
    const plan = active
      ? FULL_PLAN.slice(0, ACTIVE_STAGES[k % ACTIVE_STAGES.length])
      : k % 10 === 0
        ? WAD_PLAN
        : FULL_PLAN;
    await walkTrack(
      { db, assignmentId: claim.assignmentId, newcomerId, mentorId, start: claimedAt },
      plan,
      3,
    );
    if ((k + 1) % 1000 === 0) log(`  … ${(k + 1).toLocaleString("en")} assignments, ${elapsed()}`);
  }

  // Write-ups: the drafts captured above count; generated ones make up the rest.
  const captured = await count(db, "writeups");
  const authors = [...newcomers.slice(0, 300), ...byRole("mentor").slice(0, 60)];
  const corpus = new CorpusGenerator();
  const generated = size.writeups - captured;
  const end = Date.parse("2026-09-01T00:00:00Z");
  const span = 3 * 365 * 86_400_000;
  // What the write-ups' insert triggers and secondary indexes keep row by row is built once after
  // the bulk insert, the same as the triggers would leave it: the search index (rebuilt), the
  // identifier parts (filled by migration 0052's own statement, in the same order) and the indexes of
  // the tables written (created again). The triggers and indexes are put back as they were; 100,000
  // write-ups took about half the time.
  const saved = (type: "trigger" | "index", where: string) =>
    sqlite
      .prepare(
        `select name, sql from sqlite_master where type = ? and sql is not null and ${where}`,
      )
      .all(type) as { name: string; sql: string }[];
  const triggers = saved("trigger", "name in ('writeups_ai', 'identifier_parts_ai')");
  const indexes = saved(
    "index",
    "tbl_name in ('writeups', 'writeup_tags', 'writeup_links', 'toil', 'audit_events')",
  );
  for (const { name } of triggers) sqlite.exec(`drop trigger ${name}`);
  for (const { name } of indexes) sqlite.exec(`drop index ${name}`);
  for (let done = 0; done < generated; done += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, generated - done) }, () => corpus.next());
    writeGeneratedWriteups(
      sqlite,
      batch.map((item, i) => {
        const n = done + i;
        const authorId = authors[n % authors.length] as number;
        return {
          ...item,
          authorId,
          verifierId: authors[n % 60] ?? authorId,
          when: new Date(end - span + (n / generated) * span),
        };
      }),
    );
    if ((done + CHUNK) % 20_000 === 0)
      log(`  … ${(captured + done + CHUNK).toLocaleString("en")} write-ups, ${elapsed()}`);
  }
  for (const { sql } of indexes) sqlite.exec(sql);
  sqlite.exec(fillIdentifierParts("writeups"));
  for (const { sql } of triggers) sqlite.exec(sql);
  sqlite.exec("insert into writeups_fts(writeups_fts) values ('rebuild')");
  log(`  … search index built, ${elapsed()}`);
  // History is history: notifications about finished work start out read.
  await db
    .updateTable("notifications")
    .set((eb) => ({ read_at: eb.ref("created_at") }))
    .where("assignment_id", "in", (eb) =>
      eb.selectFrom("assignments").select("id").where("status", "!=", "active"),
    )
    .execute();

  await sql`create table bench_dataset (key text primary key, value text not null)`.execute(db);
  await sql`insert into bench_dataset values ('version', ${String(DATASET_VERSION)}),
    ('size', ${JSON.stringify(size)})`.execute(db);
  await sql`pragma optimize`.execute(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await db.destroy();
  return (performance.now() - started) / 1000;
}

/** The dataset at `file`: reused when it was built by this version, else built afresh. */
export async function ensureDataset(
  file = DEFAULT_DATASET,
  size: DatasetSize = LARGE,
  log: (line: string) => void = (line) => console.warn(line),
): Promise<BuiltDataset> {
  if (fs.existsSync(file)) {
    const { db } = openDatabase(file);
    const version = await recordedVersion(db);
    const sizeRow = version
      ? (
          await sql<{ value: string }>`select value from bench_dataset where key = 'size'`.execute(
            db,
          )
        ).rows[0]?.value
      : null;
    await migrateToLatest(db);
    await db.destroy();
    if (version === String(DATASET_VERSION) && sizeRow === JSON.stringify(size))
      return { file, size, seconds: 0, reused: true };
    log(`  ${file} is from another dataset version or size: rebuilding it`);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.building`;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(partial + suffix, { force: true });
  log(
    `Building the benchmark dataset (${size.users.toLocaleString("en")} people, ${size.tickets.toLocaleString("en")} tickets, ${size.assignments.toLocaleString("en")} assignments, ${size.writeups.toLocaleString("en")} write-ups) in ${file}`,
  );
  const seconds = await build(partial, size, log);
  fs.renameSync(partial, file);
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(partial + suffix, { force: true });
  log(`  built in ${seconds.toFixed(0)} s`);
  return { file, size, seconds, reused: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DATASET;
  const built = await ensureDataset(target);
  console.warn(
    built.reused
      ? `The benchmark dataset is ready (reused ${path.relative(process.cwd(), built.file)}).`
      : `The benchmark dataset is ready in ${path.relative(process.cwd(), built.file)} (${built.seconds.toFixed(0)} s).`,
  );
}
