import { sql } from "kysely";
import { type DB, writeTransaction } from "#db/client";
import type { Role } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { insertUser } from "~/auth/users.server";

/** Everyone in the demo organisation logs in with this password. */
export const DEMO_PASSWORD = "koan-demo-2026";

export interface UserSpec {
  email: string;
  name: string;
  role: Role;
  password?: string;
  startDate?: string;
  capacity?: number;
  components?: string[];
  /** The language they chose in Settings; unset follows the browser. */
  locale?: "en" | "ko";
  /** The time zone they chose in Settings (IANA); unset follows the organisation's. */
  timeZone?: string;
}

/**
 * The demo password's argon2 hash, made once per process: the demo organisation and the tests'
 * users all share that public password, and hashing it (deliberately slow) for each of them
 * dominated seeding. Any other password is hashed on its own, with its own salt.
 */
let demoHash: Promise<string> | undefined;
function passwordHashFor(password: string): Promise<string> {
  if (password !== DEMO_PASSWORD) return hashPassword(password);
  demoHash ??= hashPassword(DEMO_PASSWORD);
  return demoHash;
}

/** Creates one user through the same domain function the app uses. Shared by seeds and tests. */
export async function buildUser(db: DB, spec: UserSpec, now: Date = new Date()) {
  const passwordHash = await passwordHashFor(spec.password ?? DEMO_PASSWORD);
  return writeTransaction(db, (trx) =>
    insertUser(
      trx,
      {
        email: spec.email,
        name: spec.name,
        role: spec.role,
        passwordHash,
        startDate: spec.startDate,
        capacity: spec.capacity,
        components: spec.components,
        locale: spec.locale,
        timeZone: spec.timeZone,
      },
      now,
    ),
  );
}

/**
 * Creates many users through the same domain function, hashing each distinct password once (a
 * large generated organisation would otherwise spend minutes in argon2). Chunked transactions.
 */
export async function buildUsers(
  db: DB,
  specs: readonly UserSpec[],
  now: Date = new Date(),
): Promise<number[]> {
  const hashes = new Map<string, string>();
  for (const spec of specs) {
    const password = spec.password ?? DEMO_PASSWORD;
    if (!hashes.has(password)) hashes.set(password, await passwordHashFor(password));
  }
  const ids: number[] = [];
  for (let start = 0; start < specs.length; start += 500) {
    const chunk = specs.slice(start, start + 500);
    await writeTransaction(db, async (trx) => {
      for (const spec of chunk)
        ids.push(
          await insertUser(
            trx,
            {
              email: spec.email,
              name: spec.name,
              role: spec.role,
              passwordHash: hashes.get(spec.password ?? DEMO_PASSWORD) as string,
              startDate: spec.startDate,
              capacity: spec.capacity,
              components: spec.components,
              locale: spec.locale,
              timeZone: spec.timeZone,
            },
            now,
          ),
        );
    });
  }
  return ids;
}

let counter = 0;
/** A user with a unique e-mail, for tests that need "some newcomer". */
export function buildTestUser(db: DB, role: Role, overrides: Partial<UserSpec> = {}) {
  counter += 1;
  const tag = `${process.pid}-${Date.now().toString(36)}-${counter}`;
  return buildUser(db, {
    email: `${role}-${tag}@koan.test`,
    name: `Test ${role} ${counter}`,
    role,
    ...overrides,
  });
}

/**
 * Kept by clearAllData: the default track, the data-version counters caches rely on, and the
 * search synonym table the migrations fill (세션 ↔ session, 타임아웃 ↔ timeout): without it a reset
 * demo's Korean searches met none of its English write-ups.
 */
const KEPT_TABLES = [
  "tracks",
  "track_versions",
  "track_checkpoints",
  "data_versions",
  "search_synonyms",
];

/**
 * Empties every ordinary table, keeping the schema, the migration history, the default track and
 * the search synonyms.
 */
export async function clearAllData(db: DB) {
  const tables = await sql<{ name: string }>`
    select name from pragma_table_list
    where type = 'table' and schema = 'main'
      and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
  await db.connection().execute(async (conn) => {
    await sql`pragma foreign_keys = off`.execute(conn);
    try {
      await writeTransaction(conn, async (trx) => {
        for (const { name } of tables.rows) {
          if (!KEPT_TABLES.includes(name)) await sql`delete from ${sql.table(name)}`.execute(trx);
        }
        // The default track (version 1) comes from the migrations: keep it, drop leads' edits.
        await sql`delete from track_checkpoints where track_version_id in (select id from track_versions where version > 1)`.execute(
          trx,
        );
        await sql`delete from track_versions where version > 1`.execute(trx);
        await sql`delete from sqlite_sequence`.execute(trx).catch(() => undefined);
      });
    } finally {
      await sql`pragma foreign_keys = on`.execute(conn);
    }
  });
}
